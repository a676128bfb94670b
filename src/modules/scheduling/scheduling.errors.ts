import { CommonErrors, DomainError, registerConstraint, type FieldError } from '../../common/errors/index.js';
import { formatInstant } from '../../common/clock/index.js';

/**
 * The scheduling module's error codes. A staff member, shift or resource the caller may not see is
 * "not found", never "forbidden" (as stores). Each capability adds its codes here.
 */
export const SchedulingErrors = {
  staffMemberNotFound: (id: string) => new DomainError('staff_member.not_found', 404, `No staff member with id ${id} is visible to you.`),
  /** The store is not one of the staff member's (a shift, template or clock-in there). */
  notInStore: (field = 'storeId') =>
    new DomainError('staff_member.not_in_store', 422, `${field}: the staff member does not work at this store; add the store to their stores first.`, {
      errors: [{ field, message: 'is not one of the staff member’s stores' }],
    }),
  /** The actor's own staff record is needed (a beautician clocking in) and their sign-in has none. */
  noStaffRecord: () => new DomainError('staff_member.no_record', 403, 'Your sign-in is not linked to a staff member; ask a manager to link it.'),
  invalid: (errors: FieldError[]) => CommonErrors.validation(errors),
  /** Calendar feed: a wrong, replaced or turned-off link, or another person's id; the same answer for each. */
  calendarFeedNotFound: () =>
    new DomainError('calendar_feed.not_found', 404, 'There is no calendar at this address: the link was replaced by a newer one or turned off. Get a new link in Bloom.'),
};

// Constraints every capability can hit.
registerConstraint('ex_shift_staff_overlap', {
  code: 'scheduling.shift_overlap',
  detail: 'This staff member already has a shift at that time (in this or another store).',
  field: 'start',
  message: 'overlaps another shift of this staff member',
});

// Staff members and levels (issue 12, staff part).
export const StaffErrors = {
  levelNotFound: (id: string) => new DomainError('staff_level.not_found', 404, `No staff level with id ${id}.`),
  unknownLevel: (id: string) => CommonErrors.referenceNotFound('levelId', 'staff level', [id]),
  levelArchived: (name: string) =>
    new DomainError('staff_level.archived', 422, `levelId: the level ${name} is archived; restore it or choose another.`, {
      errors: [{ field: 'levelId', message: 'is an archived level' }],
    }),
  /** The caller's sign-in has no staff record (GET /v1/staff/me). */
  ownRecordNotFound: () => new DomainError('staff_member.no_record', 404, 'Your sign-in is not linked to a staff member; ask a manager to link it.'),
  /** Store ids the caller may not give: answered as unknown ones are, so they tell nothing. */
  storesNotYours: (ids: string[]) =>
    new DomainError('reference.not_found', 422, `storeIds: none of your stores has id ${ids.join(', ')}.`, {
      title: 'A referenced record does not exist',
      errors: [{ field: 'storeIds', message: 'names a store that is not one of yours' }],
      extensions: { missingIds: ids },
    }),
  noStoreOfYours: () => CommonErrors.validation([{ field: 'storeIds', message: 'must name at least one of your stores' }]),
  userLinked: (staffMemberId: string) =>
    new DomainError('staff_member.user_linked', 409, 'userId: this sign-in is already linked to another staff member; unlink it there first.', {
      errors: [{ field: 'userId', message: 'is linked to another staff member' }],
      extensions: { linkedStaffMemberId: staffMemberId },
    }),
  hasFutureShifts: (storeIds: string[]) =>
    new DomainError('staff_member.has_future_shifts', 409, `storeIds: the staff member still has scheduled shifts at ${storeIds.join(', ')}; cancel or move them first.`, {
      errors: [{ field: 'storeIds', message: 'removes a store where the staff member still has scheduled shifts' }],
      extensions: { storeIds },
    }),
};

const reference = (field: string, what: string) => ({ code: 'reference.not_found', detail: `${field}: no such ${what}.`, field, message: `names no ${what}` });
registerConstraint('uq_staff_level_code', { code: 'staff_level.code_taken', detail: 'Another staff level already uses this code.', field: 'code' });
registerConstraint('uq_staff_level_rank', { code: 'staff_level.rank_taken', detail: 'Another staff level already has this rank.', field: 'rank' });
registerConstraint('uq_staff_member_user_id', {
  code: 'staff_member.user_linked',
  detail: 'userId: this sign-in is already linked to another staff member; unlink it there first.',
  field: 'userId',
  message: 'is linked to another staff member',
});
registerConstraint('fk_staff_member_user_id', reference('userId', 'user'));
registerConstraint('fk_staff_member_level_id', reference('levelId', 'staff level'));
registerConstraint('fk_staff_member_store_store_id', reference('storeIds', 'store'));
// Time off and attendance (issue 12, time-off part).
export const TimeOffErrors = {
  notFound: (id: string) => new DomainError('time_off.not_found', 404, `No time off with id ${id} is visible to you.`),
  /** Deciding one's own time off: nobody approves their own leave, except the owner (no one is above them). */
  selfApproval: () =>
    new DomainError('time_off.self_approval', 403, 'You cannot approve or refuse your own time off: another manager of your store, or an owner, decides it.', {
      title: 'Not your own time off',
    }),
  managersOnly: (what: string) => new DomainError('time_off.managers_only', 403, `Only the person themselves, a manager of one of their stores or an owner may ${what}.`),
  /** Another live request (requested or approved) of the same person covers part of the same time. */
  overlap: (other: { id: string; status: string; startsAt: Date; endsAt: Date }, field: string) =>
    new DomainError('time_off.overlap', 409, `This overlaps their other time off ${other.id} (${other.status}, ${other.startsAt.toISOString()} – ${other.endsAt.toISOString()}).`, {
      title: 'Overlaps other time off',
      errors: [{ field, message: 'overlaps other time off of this person' }],
      extensions: { otherTimeOffId: other.id, otherTimeOff: { id: other.id, status: other.status, startsAt: other.startsAt.toISOString(), endsAt: other.endsAt.toISOString() } },
    }),
  ended: () => new DomainError('time_off.ended', 409, 'This time off has already ended: it stays as it was taken.', { title: 'Time off has ended' }),
  storeNotFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
};

export const AttendanceErrors = {
  notFound: (id: string) => new DomainError('attendance.not_found', 404, `No attendance record with id ${id} is visible to you.`),
  alreadyClockedIn: (open?: { id: string; clockInAt: Date }) =>
    new DomainError(
      'attendance.already_clocked_in',
      409,
      open ? `They are already clocked in (since ${open.clockInAt.toISOString()}): clock them out first.` : 'They are already clocked in at that time: clock them out first.',
      { title: 'Already clocked in', ...(open ? { extensions: { openRecordId: open.id } } : {}) },
    ),
  notClockedIn: () => new DomainError('attendance.not_clocked_in', 409, 'They are not clocked in: clock them in first.', { title: 'Not clocked in' }),
  /** A correction would make two records of one person overlap. */
  overlap: (other: { id: string; clockInAt: Date; clockOutAt: Date | null }, field: string) =>
    new DomainError(
      'attendance.overlap',
      409,
      `These times overlap their other attendance record ${other.id} (from ${other.clockInAt.toISOString()}${other.clockOutAt ? ` to ${other.clockOutAt.toISOString()}` : ', still open'}).`,
      { title: 'Overlaps another attendance record', errors: [{ field, message: 'overlaps another attendance record of this person' }], extensions: { otherRecordId: other.id } },
    ),
  timeManagersOnly: () =>
    new DomainError('attendance.time_managers_only', 403, 'Only a manager may clock someone in or out at another time than now; leave out `at`.', {
      errors: [{ field: 'at', message: 'may be given by managers only' }],
    }),
  otherStore: () =>
    new DomainError('attendance.other_store', 422, 'They are clocked in at a store that is not yours: the front desk or a manager there clocks them out.', {
      title: 'Clocked in at another store',
    }),
};

registerConstraint('ex_time_off_overlap', {
  code: 'time_off.overlap',
  detail: 'This overlaps other time off of this person (requested or approved).',
  field: 'startsAt',
  message: 'overlaps other time off of this person',
});
registerConstraint('ex_attendance_overlap', {
  code: 'attendance.already_clocked_in',
  detail: 'They are already clocked in at that time: clock them out first.',
});

// ---- Working time: weekly templates and shifts ----

/** The shift a new or changed one collides with, as a 409 `scheduling.shift_overlap` carries it. */
export interface ShiftConflict {
  shiftId: string;
  storeId: string;
  /** Its local date in its store's zone. */
  date: string;
  /** ISO 8601 with its store's offset. */
  start: string;
  end: string;
}

const invalidField = (field: string, message: string) => CommonErrors.validation([{ field, message }]);

export const WorkingTimeErrors = {
  shiftNotFound: (id: string) => new DomainError('shift.not_found', 404, `This staff member has no shift with id ${id} visible to you.`),
  templateNotFound: (id: string) => new DomainError('shift_template.not_found', 404, `This staff member has no shift template with id ${id} visible to you.`),
  inactive: () =>
    new DomainError('staff_member.inactive', 422, 'This staff member is inactive: make them active again first.', {
      errors: [{ field: 'id', message: 'is an inactive staff member' }],
    }),
  storeClosed: (date: string, why: string) =>
    new DomainError('shift.store_closed', 422, `date: the store is closed on ${date} (${why}); send onClosedDay: true to plan a shift anyway.`, {
      errors: [{ field: 'date', message: `is a day the store is closed (${why}); send onClosedDay: true to plan a shift anyway` }],
    }),
  templateStoreClosed: (days: readonly string[]) =>
    new DomainError(
      'shift_template.store_closed',
      422,
      `The store has no opening hours on ${days.map((day) => `${day}s`).join(', ')}; leave ${days.length > 1 ? 'those days' : 'that day'} out, or send allowClosedDays: true to plan them anyway.`,
      {
        errors: days.map((day) => ({
          field: `week.${day}`,
          message: `is a day the store does not open (no weekly hours on ${day}s); send allowClosedDays: true to plan it anyway`,
        })),
      },
    ),
  overlap: (field: string, conflict: ShiftConflict, words: string) =>
    new DomainError('scheduling.shift_overlap', 409, words, {
      title: 'This staff member already works then',
      errors: [{ field, message: 'overlaps another shift of this staff member' }],
      extensions: { conflict },
    }),
  templateOverlap: (existing: { id: string; validFrom: string }) =>
    new DomainError(
      'shift_template.overlap',
      409,
      `This staff member already has a template at this store from ${existing.validFrom}: a new one must start after it (the earlier one then ends the day before), or change that one.`,
      {
        errors: [{ field: 'validFrom', message: `must be after ${existing.validFrom}, the start of this staff member's current template at this store` }],
        extensions: { existingTemplateId: existing.id },
      },
    ),
  /** A day whose local times do not exist on its date or last too long there (DST). */
  dayOnDate: (field: string, message: string) => invalidField(field, message),
  rangeReversed: () => invalidField('to', 'must not be before from'),
  rangeTooLong: (max: number) => invalidField('to', `must be at most ${max - 1} days after from (${max} days in all)`),
  validToBeforeFrom: (validFrom: string) => invalidField('validTo', `must not be before validFrom (${validFrom})`),
  lastDateOutside: (message: string) => invalidField('lastDate', message),
  noWorkingDay: () => invalidField('week', 'must have at least one working day'),
};

registerConstraint('ex_shift_template_validity', {
  code: 'shift_template.overlap',
  detail: 'This staff member already has a template at this store for some of these dates: end it first, or change its dates.',
  field: 'validTo',
  message: 'overlaps the dates of another template of this staff member at this store',
});

// Resources and their maintenance blocks (issue 12, resources part). Times in the store's zone.
export const ResourceErrors = {
  notFound: (id: string) => new DomainError('resource.not_found', 404, `No resource with id ${id} is visible to you.`),
  storeNotFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
  blockNotFound: (id: string) => new DomainError('resource_block.not_found', 404, `This resource has no maintenance block with id ${id}.`),
  /** Another block of the resource already covers part of the time: named, so the desk can change that one instead. */
  blockOverlap: (other: { id: string; start: Date; end: Date; reason: string }, timeZone: string) =>
    new DomainError(
      'resource_block.overlap',
      409,
      `The resource is already out of service from ${formatInstant(other.start.getTime(), timeZone)} to ${formatInstant(other.end.getTime(), timeZone)} (${other.reason}); change or delete that block instead.`,
      { title: 'Overlaps another maintenance block', errors: [{ field: 'start', message: `overlaps block ${other.id}` }], extensions: { conflictingBlockId: other.id } },
    ),
};

registerConstraint('uq_resource_store_name', {
  code: 'resource.name_taken',
  detail: 'This store already has a resource with this name (names are compared regardless of case).',
  field: 'name',
  message: 'is taken by another resource of this store',
});
registerConstraint('fk_resource_store_id', { code: 'reference.not_found', detail: 'storeId: no such store.', field: 'storeId', message: 'names no store' });
// The check before the insert names the other block; this is the last word when two arrive together.
registerConstraint('ex_resource_block_overlap', {
  code: 'resource_block.overlap',
  detail: 'Another maintenance block of this resource covers part of this time.',
  field: 'start',
  message: 'overlaps another maintenance block of this resource',
});

import { CommonErrors, DomainError, registerConstraint, type FieldError } from '../../common/errors/index.js';

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
};

// Constraints every capability can hit.
registerConstraint('ex_shift_staff_overlap', {
  code: 'scheduling.shift_overlap',
  detail: 'This staff member already has a shift at that time (in this or another store).',
  field: 'start',
  message: 'overlaps another shift of this staff member',
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
    new DomainError('staff_member.inactive', 422, 'This staff member is inactive: make them active again before planning their work.', {
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

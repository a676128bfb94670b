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

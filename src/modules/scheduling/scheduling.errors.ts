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
};

// Constraints every capability can hit.
registerConstraint('ex_shift_staff_overlap', {
  code: 'scheduling.shift_overlap',
  detail: 'This staff member already has a shift at that time (in this or another store).',
  field: 'start',
  message: 'overlaps another shift of this staff member',
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

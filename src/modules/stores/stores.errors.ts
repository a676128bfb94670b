import { CommonErrors, DomainError, registerConstraint } from '../../common/errors/index.js';

/** The stores module's error codes. A store the caller may not see is "not found", never "forbidden". */
export const StoreErrors = {
  notFound: (id: string) => new DomainError('store.not_found', 404, `No store with id ${id} is visible to you.`),
  closureNotFound: (id: string) => new DomainError('store_closure.not_found', 404, `This store has no closure or special hours with id ${id}.`),
  unknownStores: (ids: string[], field = 'storeIds') => CommonErrors.referenceNotFound(field, 'store', ids),
  rangeTooLong: (max: number) =>
    new DomainError('request.validation_failed', 400, `to: may be at most ${max} days after from`, {
      title: 'The request is not valid',
      errors: [{ field: 'to', message: `must be at most ${max - 1} days after from (${max} days in all)` }],
    }),
  rangeReversed: () =>
    new DomainError('request.validation_failed', 400, 'to: must not be before from', {
      title: 'The request is not valid',
      errors: [{ field: 'to', message: 'must not be before from' }],
    }),
};

registerConstraint('uq_store_code', { code: 'store.code_taken', detail: 'Another store already uses this code.', field: 'code' });
registerConstraint('uq_store_closure_store_date', {
  code: 'store_closure.date_taken',
  detail: 'This store already has a closure or special hours on this date; delete it first to replace it.',
  field: 'date',
});

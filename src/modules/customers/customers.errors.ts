import { CommonErrors, DomainError, referenceConstraint, registerConstraint } from '../../common/errors/index.js';

/** The customers module's error codes. */
export const CustomerErrors = {
  notFound: (id?: string) => new DomainError('customer.not_found', 404, id ? `No customer with id ${id}.` : 'No customer with this id.'),
  /**
   * Duplicates answer with the record that holds the number (its name and primary phone as the
   * caller may see them), so a front desk can open it instead.
   */
  phoneTaken: (holder: { id: string; name: string; phone: string | null }, field = 'phone') =>
    new DomainError('customer.phone_taken', 409, `This phone number is already held by ${holder.name}${holder.phone ? ` (${holder.phone})` : ''}.`, {
      title: 'Another customer already has this phone number',
      errors: [{ field, message: 'is already the phone of another customer' }],
      extensions: { existingCustomerId: holder.id, existingCustomer: holder },
    }),
  /**
   * The same refusal for callers who see contact data masked (API keys without `customers:pii`): whose
   * number it is would unmask it (try numbers until one answers with a name), so they learn only that
   * it is taken, and each such answer counts against their look-up limit.
   */
  phoneTakenHidden: (field = 'phone') =>
    new DomainError('customer.phone_taken', 409, 'This phone number is already held by another customer.', {
      title: 'Another customer already has this phone number',
      errors: [{ field, message: 'is already the phone of another customer' }],
    }),
  anonymized: (id: string) => new DomainError('customer.anonymized', 409, `Customer ${id} was anonymized: the record can no longer change.`),
  merged: (id: string, into: string) =>
    new DomainError('customer.merged', 409, `Customer ${id} was merged into ${into}: change that record instead.`, { extensions: { mergedIntoId: into } }),
  mergeSelf: () =>
    new DomainError('customer.merge_self', 422, 'A customer cannot be merged into itself.', {
      errors: [{ field: 'duplicateId', message: 'must be another customer than the one in the path' }],
    }),
  duplicateUnknown: (id: string) => CommonErrors.referenceNotFound('duplicateId', 'customer', [id]),
  unknownReferrer: (id: string) => CommonErrors.referenceNotFound('referredById', 'customer', [id]),
  alreadyMerged: (id: string, into: string) =>
    new DomainError('customer.already_merged', 409, `Customer ${id} was already merged into ${into}.`, { extensions: { mergedIntoId: into } }),
  currencyMismatch: (expected: string, got: string) =>
    new DomainError('customer.currency_mismatch', 409, `This customer's spend is kept in ${expected}; ${got} cannot be added to it.`),
  referralSelf: () =>
    new DomainError('request.validation_failed', 400, 'referredById: a customer cannot refer themselves', {
      title: 'The request is not valid',
      errors: [{ field: 'referredById', message: 'must be another customer' }],
    }),
};

registerConstraint('uq_customer_phone', { code: 'customer.phone_taken', detail: 'Another customer already has this phone number.', field: 'phone' });
registerConstraint('pk_customer_phone', { code: 'customer.phone_taken', detail: 'Another customer already has this phone number.', field: 'phone' });
registerConstraint('uq_customer_wechat_open_id', {
  code: 'customer.wechat_open_id_taken',
  detail: "Another customer already has this openid of the business's mini-program.",
  field: 'wechatOpenId',
});
registerConstraint('fk_customer_home_store_id', referenceConstraint('homeStoreId', 'store'));
registerConstraint('fk_customer_referred_by_id', referenceConstraint('referredById', 'customer'));

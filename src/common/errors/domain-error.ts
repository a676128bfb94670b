/** One field-level problem, as listed in a problem's `errors[]`. */
export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  title?: string;
  errors?: FieldError[];
  /** Extra members of the problem document (e.g. `existingId`). */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * The one error type services throw. `code` is stable (`store.not_found`); `status` is the HTTP status
 * it maps to; `detail` is a sentence for a person. Each module lists its codes in `<module>.errors.ts`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: string,
    readonly options: DomainErrorOptions = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const CommonErrors = {
  notFound: (what: string, id?: string) =>
    new DomainError(`${what}.not_found`, 404, id ? `No ${what.replace(/_/g, ' ')} with id ${id} is visible to you.` : `No such ${what.replace(/_/g, ' ')}.`),
  validation: (errors: FieldError[]) =>
    new DomainError('request.validation_failed', 400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      title: 'The request is not valid',
      errors,
    }),
  /**
   * The one answer for an id in a body that names nothing (a store, a referrer, a category): 422
   * `reference.not_found`, the field in `errors[]`. The foreign keys behind them register the same
   * code (`registerConstraint`), so a reference that vanishes mid-request answers alike.
   */
  referenceNotFound: (field: string, what: string, ids?: readonly string[]) =>
    new DomainError('reference.not_found', 422, ids?.length ? `${field}: no ${what} has id ${ids.join(', ')}.` : `${field}: no such ${what}.`, {
      title: 'A referenced record does not exist',
      errors: [{ field, message: `names no ${what}` }],
      ...(ids?.length ? { extensions: { missingIds: [...ids] } } : {}),
    }),
  preconditionFailed: () =>
    new DomainError('request.stale_version', 412, 'The resource changed since you read it: fetch it again and re-apply your change.', {
      title: 'Stale version',
    }),
  preconditionRequired: (detail = "Send If-Match with the ETag from your last read, so no one else's change is overwritten.") =>
    new DomainError('request.if_match_required', 428, detail, {
      title: 'If-Match required',
    }),
};

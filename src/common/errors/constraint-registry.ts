import type { FieldError } from './domain-error.js';

/** What a named database constraint means to a caller, so a 23505 reads as a business rule, not SQL. */
export interface ConstraintMeaning {
  code: string;
  detail: string;
  field?: string;
  /** The message of the `errors[]` entry naming `field` (default: `detail`). */
  message?: string;
}

const meanings = new Map<string, ConstraintMeaning>();

/** Modules register their constraints next to their errors: `registerConstraint('uq_store_code', …)`. */
export function registerConstraint(constraint: string, meaning: ConstraintMeaning): void {
  meanings.set(constraint, meaning);
}

export function constraintMeaning(constraint: string | undefined): ConstraintMeaning | undefined {
  return constraint ? meanings.get(constraint) : undefined;
}

/** A foreign key whose target a body names: a missing one answers as `CommonErrors.referenceNotFound`. */
export function referenceConstraint(field: string, what: string): ConstraintMeaning {
  return { code: 'reference.not_found', detail: `${field}: no such ${what}.`, field, message: `names no ${what}` };
}

export function constraintFieldErrors(meaning: ConstraintMeaning | undefined): FieldError[] | undefined {
  return meaning?.field ? [{ field: meaning.field, message: meaning.message ?? meaning.detail }] : undefined;
}

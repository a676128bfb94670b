import type { FieldError } from './domain-error.js';

/** What a named database constraint means to a caller, so a 23505 reads as a business rule, not SQL. */
export interface ConstraintMeaning {
  code: string;
  detail: string;
  field?: string;
}

const meanings = new Map<string, ConstraintMeaning>();

/** Modules register their constraints next to their errors: `registerConstraint('uq_store_code', …)`. */
export function registerConstraint(constraint: string, meaning: ConstraintMeaning): void {
  meanings.set(constraint, meaning);
}

export function constraintMeaning(constraint: string | undefined): ConstraintMeaning | undefined {
  return constraint ? meanings.get(constraint) : undefined;
}

export function constraintFieldErrors(meaning: ConstraintMeaning | undefined): FieldError[] | undefined {
  return meaning?.field ? [{ field: meaning.field, message: meaning.detail }] : undefined;
}

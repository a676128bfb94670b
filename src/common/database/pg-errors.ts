import { QueryFailedError } from 'typeorm';

/** The PostgreSQL error fields Bloom reads (node-postgres `DatabaseError`). */
export interface PgErrorFields {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
}

export const PG = {
  UNIQUE_VIOLATION: '23505',
  EXCLUSION_VIOLATION: '23P01',
  FOREIGN_KEY_VIOLATION: '23503',
  CHECK_VIOLATION: '23514',
  NOT_NULL_VIOLATION: '23502',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  INVALID_TEXT_REPRESENTATION: '22P02',
  INVALID_DATETIME_FORMAT: '22007',
  DATETIME_FIELD_OVERFLOW: '22008',
  NUMERIC_VALUE_OUT_OF_RANGE: '22003',
  LOCK_NOT_AVAILABLE: '55P03',
} as const;

export function pgError(error: unknown): PgErrorFields | undefined {
  if (error instanceof QueryFailedError) return error.driverError as PgErrorFields;
  if (error && typeof error === 'object' && typeof (error as PgErrorFields).code === 'string' && 'severity' in error) {
    return error as PgErrorFields;
  }
  return undefined;
}

/** Serialization failures and deadlocks are worth retrying: the other transaction has moved on. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = pgError(error)?.code;
  return code === PG.SERIALIZATION_FAILURE || code === PG.DEADLOCK_DETECTED;
}

/**
 * Helpers shared by the customers use cases: reading (and locking) a row, the rules on which records
 * may change, turning DTO values into column values, and the phone-duplicate guard.
 */
import type { Db } from '../../../common/database/index.js';
import { pgError, PG } from '../../../common/database/index.js';
import { CommonErrors, type DomainError } from '../../../common/errors/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { PHONE_CONSTRAINTS, visiblePhone } from './customer-phones.js';
import type { CustomerPrivacy } from '../privacy/customer-privacy.js';
import { CUSTOMER_COLUMNS } from './customer-sql.js';
import type { CareNotes, Customer, CustomerAddress } from './customer.entity.js';
import type { CareNotesDto, CustomerAddressDto } from '../dto/customer.dto.js';
import { CustomerErrors } from '../customers.errors.js';

/**
 * The row of `id`, or `customer.not_found` (a malformed id names nothing). `lock`: `update` for the
 * use cases that rewrite the record (anonymize, block); `key share` for those that add to it (notes):
 * it waits for a merge or an anonymization in flight and then reads the record as they left it.
 */
export async function findCustomer(db: Db, id: string, lock?: 'update' | 'key share'): Promise<Customer> {
  if (!isUuid(id)) throw CustomerErrors.notFound(id);
  const [row] = await db.rows<Customer>(`SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE id = $1${lock ? ` FOR ${lock.toUpperCase()}` : ''}`, [id]);
  if (!row) throw CustomerErrors.notFound(id);
  return row;
}

/** Anonymized and merged records are history: nothing about them changes any more. */
export function assertChangeable(row: Customer): void {
  if (row.status === 'anonymized') throw CustomerErrors.anonymized(row.id);
  if (row.status === 'merged') throw CustomerErrors.merged(row.id, row.mergedIntoId!);
}

export function toAddresses(addresses: CustomerAddressDto[]): CustomerAddress[] {
  const out = addresses.map((a) => ({
    label: a.label ?? null,
    recipient: a.recipient ?? null,
    phone: a.phone ?? null,
    line1: a.line1,
    line2: a.line2 ?? null,
    district: a.district ?? null,
    city: a.city,
    province: a.province ?? null,
    postalCode: a.postalCode ?? null,
    country: a.country ?? 'CN',
    isDefault: a.isDefault ?? false,
  }));
  if (out.filter((a) => a.isDefault).length > 1) {
    throw CommonErrors.validation([{ field: 'addresses', message: 'at most one address may be the default' }]);
  }
  return out;
}

export function toCareNotes(notes: CareNotesDto | null): CareNotes | null {
  if (notes === null) return null;
  return { skinType: notes.skinType ?? null, hairType: notes.hairType ?? null, allergies: notes.allergies ?? [], other: notes.other ?? null };
}

/** The profile fields people edit, as compared to tell which changed (the timeline lists their names). */
export const PROFILE_FIELDS = [
  'name',
  'phone',
  'otherPhones',
  'email',
  'otherEmails',
  'gender',
  'birthday',
  'addresses',
  'source',
  'referredById',
  'homeStoreId',
  'careNotes',
  'tags',
  'consents',
  'notes',
  'locale',
  'preferredChannel',
  'wechatOpenId',
  'notificationOptOuts',
] as const satisfies ReadonlyArray<keyof Customer>;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Fields whose values may be written to the audit log; the others are personal and only named. */
const NON_PERSONAL: ReadonlySet<ProfileField> = new Set(['source', 'referredById', 'homeStoreId', 'consents', 'locale', 'preferredChannel', 'notificationOptOuts']);

export function changedFields(before: Customer, after: Customer): ProfileField[] {
  return PROFILE_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/**
 * Audit `before`/`after` of a profile change: which fields changed (`fields`), with values only for
 * the non-personal ones. Names, contact data, notes and tags never reach the audit log, so
 * anonymizing a customer leaves nothing personal behind in it.
 */
export function auditChange(fields: ProfileField[], row: Customer): Record<string, unknown> {
  const out: Record<string, unknown> = { fields, status: row.status, version: row.version };
  for (const field of fields) if (NON_PERSONAL.has(field)) out[field] = row[field];
  return out;
}

/** A number a request gives a customer, and the field it came in (`phone`, `otherPhones[1].number`). */
export interface PhoneField {
  number: string;
  field: string;
}

/**
 * Runs a statement that may give a customer a number another one holds. On the unique violation it
 * answers `customer.phone_taken` naming the holder: the statement runs under a savepoint so the
 * transaction can still ask who it is. The unique indexes are the arbiter: of two concurrent creates
 * with one number, the second waits for the first to commit, then fails here and finds it.
 */
export async function guardPhone<T>(db: Db, privacy: CustomerPrivacy, phones: PhoneField[], self: string | null, statement: () => Promise<T>): Promise<T> {
  if (phones.length === 0) return statement();
  await db.execute('SAVEPOINT customer_phone');
  try {
    const result = await statement();
    await db.execute('RELEASE SAVEPOINT customer_phone');
    return result;
  } catch (error) {
    const pg = pgError(error);
    if (pg?.code !== PG.UNIQUE_VIOLATION || !PHONE_CONSTRAINTS.includes(pg.constraint ?? '')) throw error;
    await db.execute('ROLLBACK TO SAVEPOINT customer_phone');
    throw (await phoneTaken(db, privacy, phones, self)) ?? error;
  }
}

/**
 * `customer.phone_taken` for the first of `phones` another customer than `self` holds, naming the
 * holder as the caller may see it; null when none is held.
 */
export async function phoneTaken(db: Db, privacy: CustomerPrivacy, phones: PhoneField[], self: string | null): Promise<DomainError | null> {
  const numbers = phones.map((p) => p.number);
  const [holder] = await db.rows<{ number: string; id: string; name: string; phone: string | null }>(
    `SELECT p.number, c.id, c.name, c.phone FROM customer_phone p JOIN customer c ON c.id = p.customer_id
      WHERE p.number = ANY($1::text[]) AND ($2::uuid IS NULL OR c.id <> $2::uuid)
      ORDER BY array_position($1::text[], p.number) LIMIT 1`,
    [numbers, self],
  );
  if (!holder) return null;
  const field = phones.find((p) => p.number === holder.number)!.field;
  if (!privacy.fullContact) return CustomerErrors.phoneTakenHidden(field);
  return CustomerErrors.phoneTaken({ id: holder.id, name: holder.name, phone: holder.phone === null ? null : visiblePhone(holder.phone, privacy) }, field);
}

/** The customer and the records merged into it (always one hop: a merge re-points older merges). */
export async function historyIds(db: Db, id: string): Promise<string[]> {
  const rows = await db.rows<{ id: string }>('SELECT id FROM customer WHERE merged_into_id = $1 ORDER BY id', [id]);
  return [id, ...rows.map((row) => row.id)];
}

/**
 * A business has one currency (BUSINESS_CURRENCY): a salon chain in one country prices in one, and
 * prices then compare and add up across stores without conversion. Stores and prices cannot name
 * another; stored ones are checked at boot, so changing the variable later cannot mix currencies.
 */
import { CommonErrors, type FieldError } from '../errors/index.js';

/** 400 naming each field (`variations[0].price.currency`) whose currency is not the business's. */
export function assertBusinessCurrency(businessCurrency: string, fields: Array<[field: string, currency: string | null | undefined]>): void {
  const errors: FieldError[] = fields
    .filter(([, currency]) => typeof currency === 'string' && currency !== businessCurrency)
    .map(([field]) => ({ field, message: `must be ${businessCurrency}, the business's currency` }));
  if (errors.length > 0) throw CommonErrors.validation(errors);
}

type Query = <T>(sql: string, parameters: unknown[]) => Promise<T[]>;

/**
 * At boot: throws when rows of `tables` (each with a `currency` column) hold another currency. A
 * table not created yet (migrations pending: readiness says so) holds none.
 */
export async function assertStoredCurrency(query: Query, businessCurrency: string, tables: readonly string[]): Promise<void> {
  const found: string[] = [];
  for (const table of tables) {
    const [{ exists }] = await query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
    if (!exists) continue;
    const rows = await query<{ currency: string; rows: string }>(`SELECT currency, count(*)::text AS rows FROM ${table} WHERE currency <> $1 GROUP BY currency`, [
      businessCurrency,
    ]);
    found.push(...rows.map((row) => `${row.rows} ${table} row(s) in ${row.currency}`));
  }
  if (found.length > 0) {
    throw new Error(
      `BUSINESS_CURRENCY is ${businessCurrency}, but ${found.join(', ')}. A business has one currency: ` + 'set BUSINESS_CURRENCY to the one its stores and prices are in.',
    );
  }
}

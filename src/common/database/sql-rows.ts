/**
 * The rows of a raw query. TypeORM answers an UPDATE or DELETE … RETURNING with `[rows, rowCount]`
 * and every other statement with `rows`; this takes either.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A table or column name that code (never a request) passes into generated SQL, double-quoted.
 * Only lower-case snake_case names are taken: anything else is a programming error, thrown at once.
 */
export function sqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a snake_case SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

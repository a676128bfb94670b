/**
 * A SELECT/RETURNING list written once per row type. Each property of the row maps to its column (or
 * an SQL expression); the key set is checked against the row type, so a property left out of the list
 * is a compile error rather than `undefined` at run time, and a key the row does not have is one too.
 */
export type ColumnMap<Row> = { readonly [K in keyof Row]-?: string };

/**
 * The SQL list for `columns`: `expr AS "prop"`, or the bare column when it already has the
 * property's name. `alias` qualifies the plain column names (`p.sale_amount AS "saleAmount"`) for joins.
 */
export function columnList<Row>(columns: ColumnMap<Row>, alias?: string): string {
  return Object.entries<string>(columns)
    .map(([property, sql]) => {
      const plain = /^[a-z_][a-z0-9_]*$/.test(sql);
      const qualified = plain && alias ? `${alias}.${sql}` : sql;
      return plain && sql === property && !alias ? sql : `${qualified} AS "${property}"`;
    })
    .join(', ');
}

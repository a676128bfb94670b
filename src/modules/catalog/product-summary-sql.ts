/**
 * For other modules' read models that list products beside their own rows (stock levels, alerts): a
 * lateral join, aliased `alias`, giving `sku`, `name`, `unit` and `category` of the product whose id is the SQL
 * expression `productIdExpression`. Catalog keeps the knowledge of its table here, as stores does
 * with `storeTimeZoneSql`: `SELECT l.*, p.sku FROM stock_level l ${productSummarySql('l.product_id', 'p')}`.
 */
export function productSummarySql(productIdExpression: string, alias: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(alias)) throw new Error(`productSummarySql: ${JSON.stringify(alias)} is not an alias`);
  return `JOIN LATERAL (SELECT pr.sku::text AS sku, pr.name, pr.unit, pr.category::text AS category FROM product pr WHERE pr.id = ${productIdExpression}) ${alias} ON true`;
}

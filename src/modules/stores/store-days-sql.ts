/**
 * For a module that must fold a store's days into one statement of its own (scheduling's working time:
 * the availability search's budget is one round trip): a sub-select giving the store's time zone and its
 * closures and special hours on the local dates a range of instants touches. The stores module owns these
 * tables, so their SQL lives here and changes with them; callers get columns, not table names.
 */

/** A closure as `storeDaysSql` gives it: a local date, `closed` or open only in `intervals`. */
export interface StoreDay {
  date: string;
  kind: 'closed' | 'special_hours';
  intervals: Array<{ open: string; close: string }>;
}

/**
 * `SELECT "timeZone", "businessHours", closures FROM store …` for the store `storeParam` (a placeholder such as `$1`) and
 * the instants `fromParam`, `toParam` (`businessHours`: the weekly hours, a day left out is closed); no row when there is no such store. Use it as a derived table:
 * `SELECT d."timeZone", d.closures, … FROM (${storeDaysSql('$1', '$3', '$4')}) d`.
 */
export function storeDaysSql(storeParam: string, fromParam: string, toParam: string): string {
  return `SELECT st.time_zone AS "timeZone", st.business_hours AS "businessHours",
    (SELECT coalesce(json_agg(json_build_object('date', c.date, 'kind', c.kind, 'intervals', c.intervals) ORDER BY c.date), '[]')
       FROM store_closure c
      WHERE c.store_id = st.id AND c.date BETWEEN (${fromParam}::timestamptz AT TIME ZONE st.time_zone)::date AND (${toParam}::timestamptz AT TIME ZONE st.time_zone)::date) AS closures
  FROM store st WHERE st.id = ${storeParam}`;
}

/** A scalar sub-select of the time zone of the store whose id is the SQL expression `storeIdExpression` (`a.store_id`). */
export function storeTimeZoneSql(storeIdExpression: string): string {
  return `(SELECT st.time_zone FROM store st WHERE st.id = ${storeIdExpression})`;
}

/**
 * For inventory's daily expiry sweep: every store as a derived table with columns `store_id`, `time_zone`,
 * `expiry_warning_days` (alert batches expiring within so many days; 0: no warning) and `active`
 * (archived stores take no sweep). Use it as `FROM (${storeExpirySettingsSql()}) s`.
 */
export function storeExpirySettingsSql(): string {
  return `SELECT st.id AS store_id, st.time_zone, st.expiry_warning_days, st.status = 'active' AS active FROM store st`;
}

/**
 * Counts the SQL statements one piece of work sends through `Db` (the house's one way to the database),
 * to hold a use case to its query budget. Statements of other work running meanwhile (sweepers, outbox
 * timers) are not counted: the count follows the work's own async context. Nothing is stubbed: every
 * statement still runs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Db, type SqlRunner } from '../../src/common/database/index.js';

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

const current = new AsyncLocalStorage<Statement[]>();
const watched = new WeakSet<object>();

function watch(runner: SqlRunner): void {
  if (watched.has(runner)) return;
  watched.add(runner);
  const rows = runner.rows.bind(runner);
  const execute = runner.execute.bind(runner);
  const record = (sql: string, parameters?: readonly unknown[]) => current.getStore()?.push({ sql, parameters: parameters ?? [] });
  Object.assign(runner, {
    rows: <T>(sql: string, parameters?: readonly unknown[]) => (record(sql, parameters), rows<T>(sql, parameters)),
    execute: (sql: string, parameters?: readonly unknown[]) => (record(sql, parameters), execute(sql, parameters)),
  });
}

/** Runs `work` and answers what it returned and the statements it sent, in order. */
export async function countQueries<T>(app: { get(type: typeof Db): Db }, work: () => Promise<T>): Promise<{ result: T; statements: Statement[] }> {
  const db = app.get(Db);
  watch(db);
  watch(db.outside);
  const statements: Statement[] = [];
  const result = await current.run(statements, work);
  return { result, statements };
}

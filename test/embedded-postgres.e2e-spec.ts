/**
 * The embedded PostgreSQL that `npm start` and `npm test` fall back to, started from a clone in a
 * private directory (mode 700, as `/root` on a fresh cloud machine): as root it runs as the `postgres`
 * OS user, which cannot reach such a folder, so its data and binaries move where that user can.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/dev/embedded-postgres.js';
import { freePort, withDatabase } from '../src/dev/infra.js';

jest.setTimeout(120_000);

const asRoot = process.getuid?.() === 0;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL in a private directory', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the data where it was asked for when the clone is not private', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'bloom-open-'));
    const home = mkdtempSync(join(tmpdir(), 'bloom-reachable-'));
    made.push(clone, home);
    await chmod(clone, 0o755);
    const dir = join(clone, '.data', 'postgres');
    const lines: string[] = [];
    const server = await startEmbeddedPostgres({ dir, port: await freePort(), reachableHome: home, log: (line) => lines.push(line) });
    try {
      expect(await query<{ one: number }>(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await server.stop();
    }
    expect(lines).toEqual([]);
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
  });

  it('initialises, serves, keeps its data across restarts and says where it lives', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'bloom-private-'));
    const home = mkdtempSync(join(tmpdir(), 'bloom-reachable-'));
    made.push(clone, home);
    await chmod(clone, 0o700);
    const dir = join(clone, '.data', 'postgres');
    const port = await freePort();
    const lines: string[] = [];

    const first = await startEmbeddedPostgres({ dir, port, reachableHome: home, log: (line) => lines.push(line) });
    try {
      await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)');
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres({ dir, port, reachableHome: home, log: (line) => lines.push(line) });
    try {
      expect(await query<{ id: number }>(withDatabase(second.url, 'postgres'), 'SELECT id FROM kept')).toEqual([{ id: 42 }]);
    } finally {
      await second.stop();
    }

    if (asRoot) {
      // The postgres user cannot traverse the 700 folder: data went to the reachable home, and both
      // the log and a pointer in .data say so.
      expect(lines[0]).toMatch(/cannot reach .*\.data\/postgres.*its data lives in/);
      expect(readFileSync(join(dir, 'LOCATION'), 'utf8')).toContain(home);
      expect(existsSync(join(dir, 'PG_VERSION'))).toBe(false);
    } else {
      // Run as ourselves, the data is where it was asked for.
      expect(lines).toEqual([]);
      expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
    }
  });
});

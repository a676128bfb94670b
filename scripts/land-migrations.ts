/**
 * Landed migrations never change (DESIGN §6): a database that ran a migration never runs it again, so an
 * edit to a landed file silently splits the schemas of existing databases from new ones.
 *
 * migrations/landed.json lists every landed migration file with the SHA-256 of its text.
 * `npm run migrations:land` appends the files not listed yet (run it on main after merging; it refuses
 * to run while a landed file differs, so it cannot be used to bless an edit). src/migrations-landed.spec.ts
 * fails when a listed file changed or went missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
export const LANDED_FILE = join(MIGRATIONS_DIR, 'landed.json');

/** A migration file: `<13-digit timestamp>-<kebab-name>.ts`. */
export const MIGRATION_FILE = /^(\d{13})-[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/;

/** File name → SHA-256 (hex) of its text. */
export type Hashes = Record<string, string>;

/** The migration files in the folder, oldest first. */
export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();
}

/** Line endings normalised, so a Windows checkout (CRLF) hashes as the repository's text does. */
export function hashOf(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

export function currentHashes(dir = MIGRATIONS_DIR): Hashes {
  return Object.fromEntries(migrationFiles(dir).map((name) => [name, hashOf(readFileSync(join(dir, name), 'utf8'))]));
}

export function readLanded(file = LANDED_FILE): Hashes {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Hashes) : {};
}

const timestampOf = (name: string): string => MIGRATION_FILE.exec(name)?.[1] ?? '';

/**
 * What breaks append-only: a landed file changed or deleted, or a new file that sorts before the newest
 * landed one (databases that already ran the newer ones would never run it in order).
 */
export function landedProblems(landed: Hashes, current: Hashes): string[] {
  const problems: string[] = [];
  for (const [name, hash] of Object.entries(landed)) {
    if (!(name in current)) problems.push(`${name} has landed and was deleted: restore it (undo a change with a new migration)`);
    else if (current[name] !== hash) problems.push(`${name} has landed and was changed: restore it and make the change in a new migration`);
  }
  const newest = Object.keys(landed).map(timestampOf).sort().at(-1) ?? '';
  for (const name of Object.keys(current)) {
    if (!(name in landed) && timestampOf(name) <= newest) {
      problems.push(`${name} is new but not after the newest landed migration (${newest}): give it a later timestamp`);
    }
  }
  return problems;
}

/** The landed list with the new files appended; throws while append-only is broken. */
export function land(landed: Hashes, current: Hashes): { landed: Hashes; added: string[] } {
  const problems = landedProblems(landed, current);
  if (problems.length > 0) throw new Error(`migrations are append-only once landed:\n- ${problems.join('\n- ')}`);
  const added = Object.keys(current).filter((name) => !(name in landed));
  return { landed: { ...landed, ...Object.fromEntries(added.map((name) => [name, current[name]])) }, added };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { landed, added } = land(readLanded(), currentHashes());
    writeFileSync(LANDED_FILE, `${JSON.stringify(landed, null, 2)}\n`);
    console.log(added.length > 0 ? `landed: ${added.join(', ')}` : 'no new migrations to land');
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}

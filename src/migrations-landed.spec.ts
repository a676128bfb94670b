/**
 * Migrations are append-only once landed (DESIGN §6): migrations/landed.json holds the SHA-256 of every
 * landed file (`npm run migrations:land` appends new ones after a merge to main), and every file in
 * migrations/ is registered in migrations/index.ts, in timestamp order, under a class named for its timestamp.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '#migrations';
import { currentHashes, hashOf, land, landedProblems, MIGRATION_FILE, MIGRATIONS_DIR, migrationFiles, readLanded } from '../scripts/land-migrations.js';

describe('landed migrations', () => {
  it('keeps a list of the landed migration files', () => {
    expect(Object.keys(readLanded()).length).toBeGreaterThanOrEqual(13);
  });

  it('has changed or deleted no landed migration, and adds new ones after the newest landed', () => {
    expect(landedProblems(readLanded(), currentHashes())).toEqual([]);
  });

  it('registers every migration file in migrations/index.ts, in timestamp order, under a class named for its timestamp', () => {
    const files = migrationFiles();
    const declared = files.map((file) => {
      const text = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      const className = /export class (\w+) implements MigrationInterface/.exec(text)?.[1];
      const name = /\bname = '(\w+)'/.exec(text)?.[1];
      return { file, className, name, stamped: className?.endsWith(MIGRATION_FILE.exec(file)![1]) };
    });
    // TypeORM records `name` in the migrations table: it must be the class name, ending in the file's timestamp.
    expect(declared.filter((m) => !m.className || !m.stamped || m.name !== m.className)).toEqual([]);
    expect(MIGRATIONS.map((migration) => migration.name)).toEqual(declared.map((m) => m.className));
  });

  it('has no other TypeScript files in migrations/ than the migrations and index.ts', () => {
    const others = readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.ts') && name !== 'index.ts' && !MIGRATION_FILE.test(name));
    expect(others).toEqual([]);
  });

  describe('the check itself', () => {
    const landed = { '1764000000000-a.ts': hashOf('a'), '1764000100000-b.ts': hashOf('b') };

    it('passes an unchanged list and appends a newer file', () => {
      const current = { ...landed, '1764000200000-c.ts': hashOf('c') };
      expect(landedProblems(landed, current)).toEqual([]);
      expect(land(landed, current)).toEqual({ landed: current, added: ['1764000200000-c.ts'] });
    });

    it('fails on a changed, a deleted or an out-of-order file, and refuses to land then', () => {
      const current = { '1764000000000-a.ts': hashOf('a;'), '1764000050000-late.ts': hashOf('late') };
      expect(landedProblems(landed, current)).toEqual([
        expect.stringContaining('1764000000000-a.ts has landed and was changed'),
        expect.stringContaining('1764000100000-b.ts has landed and was deleted'),
        expect.stringContaining('1764000050000-late.ts is new but not after the newest landed migration'),
      ]);
      expect(() => land(landed, current)).toThrow(/append-only/);
    });

    it('hashes Windows line endings as the repository text', () => {
      expect(hashOf('a\r\nb\r\n')).toBe(hashOf('a\nb\n'));
    });
  });
});

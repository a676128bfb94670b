#!/usr/bin/env node
/**
 * Gives src/modules/customers sub-folders by capability (DESIGN §2): moves each file with `git mv`, so
 * history follows, and rewrites every relative import in src, test, bench and scripts that names a
 * moved file or is written from one. Safe to run again (after merging other branches' changes to
 * customers): files already moved, or absent, are skipped; new files at the module root stay there.
 *
 *   node scripts/split-customers.mjs           moves and rewrites
 *   node scripts/split-customers.mjs --dry-run prints the moves only
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const MODULE = join(ROOT, 'src/modules/customers');

// Capability → files (module-level files stay at the root: customers.module.ts, index.ts,
// customers.errors.ts, customers.events.ts, and dto/). A trailing slash moves a whole folder.
const LAYOUT = {
  profile: [
    'customer.entity.ts',
    'customer-phone.entity.ts',
    'customer-note.entity.ts',
    'customer-status-event.entity.ts',
    'customer-consent-event.entity.ts',
    'customer-profile.ts',
    'customer-phones.ts',
    'customer-consents.ts',
    'customer-rows.ts',
    'customer-sql.ts',
    'customers.controller.ts',
    'customers.service.ts',
    'customer-notes.service.ts',
  ],
  search: [
    'customer-search.ts',
    'customer-search.spec.ts',
    'customer-search.service.ts',
    'customer-search.controller.ts',
    'customer-search.errors.ts',
    'customer-name-keys.ts',
    'customer-name-keys.spec.ts',
    'customer-lookup-limiter.ts',
    'customer-csv-export.ts',
    'customer-csv-export.spec.ts',
  ],
  imports: [
    'customer-import.entity.ts',
    'customer-imports.controller.ts',
    'customer-imports.service.ts',
    'customer-imports.errors.ts',
    'customer-csv.ts',
    'customer-csv.spec.ts',
    'customer-csv-upload.ts',
    'customer-xlsx.ts',
    'customer-xlsx.spec.ts',
    'jobs/',
  ],
  segments: ['segment.entity.ts', 'segments.controller.ts', 'segments.service.ts', 'segments.errors.ts'],
  timeline: ['customer-timeline.ts', 'customer-timeline.spec.ts', 'customer-history.service.ts'],
  privacy: ['customer-privacy.ts', 'customer-access.ts', 'customer-anonymize.service.ts'],
  merge: ['customer-merge.service.ts', 'customer-merge.spec.ts'],
};

const dryRun = process.argv.includes('--dry-run');

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Absolute old path → absolute new path, for the files still at their old place. */
const moves = new Map();
for (const [capability, entries] of Object.entries(LAYOUT)) {
  for (const entry of entries) {
    const from = join(MODULE, entry);
    if (!existsSync(from)) continue;
    if (entry.endsWith('/')) {
      for (const file of filesUnder(from)) moves.set(file, join(MODULE, capability, relative(MODULE, file)));
    } else {
      moves.set(from, join(MODULE, capability, entry));
    }
  }
}
for (const [from, to] of moves) console.log(`${relative(ROOT, from)} → ${relative(ROOT, to)}`);
if (dryRun || moves.size === 0) {
  if (moves.size === 0) console.log('nothing to move');
  process.exit(0);
}

const sources = ['src', 'test', 'bench', 'scripts']
  .flatMap((dir) => filesUnder(join(ROOT, dir)))
  .filter((file) => /\.(ts|mts|mjs|js)$/.test(file) && !file.endsWith('src/metadata.ts'));

// Relative ESM specifiers ('./x.js', '../y/z.js') in imports, re-exports, dynamic imports and mocks.
const SPECIFIER = /(['"])(\.{1,2}\/[^'"\n]*?)\.js\1/g;

let rewritten = 0;
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  const movedFile = moves.get(file) ?? file;
  const next = text.replace(SPECIFIER, (whole, quote, stem) => {
    const target = resolve(dirname(file), `${stem}.ts`);
    if (!moves.has(target) && !existsSync(target)) return whole; // not a TypeScript source: leave it
    const movedTarget = moves.get(target) ?? target;
    if (movedFile === file && movedTarget === target) return whole;
    let specifier = relative(dirname(movedFile), movedTarget).replace(/\.ts$/, '.js');
    if (!specifier.startsWith('.')) specifier = `./${specifier}`;
    return `${quote}${specifier}${quote}`;
  });
  if (next !== text) {
    writeFileSync(file, next);
    rewritten++;
  }
}

for (const [from, to] of moves) {
  mkdirSync(dirname(to), { recursive: true });
  execFileSync('git', ['mv', relative(ROOT, from), relative(ROOT, to)], { cwd: ROOT, stdio: 'inherit' });
}
// Folders moved whole (jobs/) are left empty.
for (const entry of Object.values(LAYOUT)
  .flat()
  .filter((entry) => entry.endsWith('/'))) {
  const dir = join(MODULE, entry);
  if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
}
console.log(`moved ${moves.size} files, rewrote imports in ${rewritten}`);

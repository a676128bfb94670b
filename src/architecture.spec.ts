/**
 * The dependency rules of DESIGN §2, checked on the import graph of src/:
 * - `common/` is the shared kernel: it never imports a business module;
 * - a module imports another module only through that module's `index.ts`;
 * - only along the allowed edges below (so there are no cycles).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SRC = import.meta.dirname;

/** Which modules each module may import (besides common). DESIGN §2, plus identity → stores. */
const ALLOWED: Record<string, string[]> = {
  identity: ['stores'],
  stores: [],
  catalog: [],
  customers: [],
  promotions: ['customers', 'catalog'],
  inventory: ['catalog', 'stores'],
  scheduling: ['stores', 'catalog', 'identity'],
  orders: ['promotions', 'inventory', 'customers', 'catalog', 'stores'],
  appointments: ['scheduling', 'customers', 'catalog', 'stores'],
  'after-sales': ['orders', 'appointments', 'customers', 'stores'],
  notifications: [],
  webhooks: [],
  analytics: ['*'],
};
const EVERYONE_MAY_USE = ['notifications', 'webhooks'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) && name !== 'metadata.ts' ? [path] : [];
  });
}

function imports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((ref) => ref.fileName).filter((name) => name.startsWith('.'));
}

/** `modules/orders/x/y.ts` → { area: 'modules', module: 'orders', rest: 'x/y.ts' }. */
function locate(path: string): { area: string; module?: string; rest: string } {
  const parts = relative(SRC, path).split('/');
  if (parts[0] === 'modules') return { area: 'modules', module: parts[1], rest: parts.slice(2).join('/') };
  return { area: parts[0], rest: parts.slice(1).join('/') };
}

const edges = sourceFiles(SRC).flatMap((file) =>
  imports(file).map((specifier) => ({ file, target: resolve(dirname(file), specifier).replace(/\.js$/, '.ts') })),
);

describe('module boundaries (DESIGN §2)', () => {
  it('finds the import graph', () => {
    expect(edges.length).toBeGreaterThan(50);
  });

  it('keeps common/ free of business modules', () => {
    const offending = edges
      .filter(({ file, target }) => locate(file).area === 'common' && locate(target).area === 'modules')
      .map(({ file, target }) => `${relative(SRC, file)} → ${relative(SRC, target)}`);
    expect(offending).toEqual([]);
  });

  it('lets code outside the modules (wiring, CLI, dev tools) reach a module only through its index.ts', () => {
    const offending = edges
      .filter(({ file, target }) => locate(file).area !== 'modules' && locate(target).area === 'modules' && locate(target).rest !== 'index.ts')
      .map(({ file, target }) => `${relative(SRC, file)} → ${relative(SRC, target)}`);
    expect(offending).toEqual([]);
  });

  it("reaches another module only through its index.ts, along an allowed edge", () => {
    const offending: string[] = [];
    for (const { file, target } of edges) {
      const from = locate(file);
      const to = locate(target);
      if (from.area !== 'modules' || to.area !== 'modules' || from.module === to.module) continue;
      const where = `${relative(SRC, file)} → ${relative(SRC, target)}`;
      if (to.rest !== 'index.ts') offending.push(`${where}: import its index.ts, not its internals`);
      const allowed = ALLOWED[from.module!];
      if (!allowed) offending.push(`${where}: module ${from.module} is not in the dependency table`);
      else if (!allowed.includes('*') && !allowed.includes(to.module!) && !EVERYONE_MAY_USE.includes(to.module!)) {
        offending.push(`${where}: ${from.module} may not depend on ${to.module}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

/**
 * The dependency rules of DESIGN §2, checked on the import graph of src/:
 * - `common/` is the shared kernel: it never imports a business module;
 * - a module imports another module only through that module's `index.ts`;
 * - only along the allowed edges below (so there are no cycles);
 * - notifications and webhooks, which every business module may use, import no module.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SRC = import.meta.dirname;

/**
 * Which modules each module may import (besides common), exactly as DESIGN §2 says. Modules that do not
 * exist yet are listed so that their first import is checked too. Change it only with a reason in the commit.
 */
export const ALLOWED: Record<string, string[]> = {
  identity: ['stores'],
  stores: [],
  catalog: [],
  customers: [],
  promotions: [],
  inventory: ['catalog', 'stores'],
  // customers: a customer's preferred staff are stored on the profile through CustomersService (issue 12).
  scheduling: ['identity', 'stores', 'catalog', 'customers'],
  // scheduling: an order's responsible staff member is told of its promises through their sign-in (issue 15).
  orders: ['promotions', 'inventory', 'appointments', 'scheduling', 'customers', 'catalog', 'stores'],
  // identity: customers' apps sign customers in with identity's codes and sessions, for customers appointments finds or creates (issue 13).
  appointments: ['scheduling', 'customers', 'catalog', 'stores', 'identity'],
  'after-sales': ['orders', 'appointments', 'customers', 'stores'],
  analytics: ['*'], // read-only, which imports cannot tell
  notifications: [],
  webhooks: [],
};
/** Every business module may use these two; they import no module themselves (callers pass what they need). */
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

/** An import: the importing file and the file it names, both absolute. */
export interface Edge {
  file: string;
  target: string;
}

const edges: Edge[] = sourceFiles(SRC).flatMap((file) => imports(file).map((specifier) => ({ file, target: resolve(dirname(file), specifier).replace(/\.js$/, '.ts') })));

/** The imports that break DESIGN §2, each with the reason, under the given dependency table. */
export function boundaryProblems(graph: Edge[], allowed: Record<string, string[]> = ALLOWED): string[] {
  const problems: string[] = [];
  for (const { file, target } of graph) {
    const from = locate(file);
    const to = locate(target);
    const where = `${relative(SRC, file)} → ${relative(SRC, target)}`;
    if (to.area !== 'modules') {
      continue;
    } else if (from.area === 'common') {
      problems.push(`${where}: common/ imports no module`);
    } else if (from.area !== 'modules') {
      if (to.rest !== 'index.ts') problems.push(`${where}: import its index.ts, not its internals`);
    } else if (from.module !== to.module) {
      if (to.rest !== 'index.ts') problems.push(`${where}: import its index.ts, not its internals`);
      const mayUse = allowed[from.module!];
      const leaf = EVERYONE_MAY_USE.includes(from.module!);
      if (!mayUse) problems.push(`${where}: module ${from.module} is not in the dependency table`);
      else if (!mayUse.includes('*') && !mayUse.includes(to.module!) && (leaf || !EVERYONE_MAY_USE.includes(to.module!))) {
        problems.push(`${where}: ${from.module} may not depend on ${to.module}`);
      }
    }
  }
  return problems;
}

describe('module boundaries (DESIGN §2)', () => {
  it('finds the import graph', () => {
    expect(edges.length).toBeGreaterThan(50);
  });

  it('keeps common/ free of modules, reaches a module only through its index.ts, and only along an allowed edge', () => {
    expect(boundaryProblems(edges)).toEqual([]);
  });

  describe('the checker itself', () => {
    const at = (path: string) => join(SRC, path);
    const edge = (file: string, target: string): Edge => ({ file: at(file), target: at(target) });

    it("allows the edges of the table, notifications and webhooks from any business module, and a module's own files", () => {
      const graph = [
        edge('modules/orders/orders.service.ts', 'modules/appointments/index.ts'),
        edge('modules/appointments/x.ts', 'modules/notifications/index.ts'),
        edge('modules/analytics/x.ts', 'modules/orders/index.ts'),
        edge('modules/orders/x.ts', 'modules/orders/y/z.ts'),
        edge('modules/orders/x.ts', 'common/database/db.service.ts'),
        edge('app.module.ts', 'modules/orders/index.ts'),
      ];
      expect(boundaryProblems(graph)).toEqual([]);
    });

    it('refuses an edge the table does not have, a cycle back, internals, common → module, and notifications → a business module', () => {
      const graph = [
        edge('modules/catalog/x.ts', 'modules/customers/index.ts'),
        edge('modules/appointments/x.ts', 'modules/orders/index.ts'),
        edge('modules/orders/x.ts', 'modules/customers/customer.entity.ts'),
        edge('common/events/x.ts', 'modules/customers/index.ts'),
        edge('modules/notifications/x.ts', 'modules/customers/index.ts'),
        edge('modules/webhooks/x.ts', 'modules/notifications/index.ts'),
        edge('modules/billing/x.ts', 'modules/stores/index.ts'),
        edge('cli/x.ts', 'modules/stores/stores.service.ts'),
      ];
      expect(boundaryProblems(graph)).toEqual([
        'modules/catalog/x.ts → modules/customers/index.ts: catalog may not depend on customers',
        'modules/appointments/x.ts → modules/orders/index.ts: appointments may not depend on orders',
        'modules/orders/x.ts → modules/customers/customer.entity.ts: import its index.ts, not its internals',
        'common/events/x.ts → modules/customers/index.ts: common/ imports no module',
        'modules/notifications/x.ts → modules/customers/index.ts: notifications may not depend on customers',
        'modules/webhooks/x.ts → modules/notifications/index.ts: webhooks may not depend on notifications',
        'modules/billing/x.ts → modules/stores/index.ts: module billing is not in the dependency table',
        'cli/x.ts → modules/stores/stores.service.ts: import its index.ts, not its internals',
      ]);
    });
  });
});

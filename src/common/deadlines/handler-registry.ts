import type { DeadlineKind } from './deadline-kind.js';
import type { DueDeadline } from './deadline-handler.decorator.js';

/** A handler may be async: its result (or promise) is awaited. */
export type DeadlineHandlerFn = (deadline: DueDeadline) => unknown;

/** One `@DeadlineHandler(kind)` method found at boot. */
export interface FoundHandler {
  kind: string;
  /** `ClassName.method`, for error messages. */
  owner: string;
  run: DeadlineHandlerFn;
}

export interface RegisteredKind {
  kind: DeadlineKind;
  handler: FoundHandler;
}

export class DeadlineConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Deadline kinds and handlers do not match:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DeadlineConfigurationError';
  }
}

/**
 * Pairs every declared kind with its one handler. Lists every mismatch at once (a kind with no
 * handler, with two, a handler for a kind nobody declared, a name declared twice) so one failed boot
 * says everything that is wrong.
 */
export function buildHandlerRegistry(declared: readonly DeadlineKind[], handlers: readonly FoundHandler[]): Map<string, RegisteredKind> {
  const problems: string[] = [];
  const kinds = new Map<string, DeadlineKind>();
  for (const kind of declared) {
    const existing = kinds.get(kind.name);
    if (existing && existing !== kind) problems.push(`deadline kind "${kind.name}" is declared twice (defineDeadlineKind once and import it)`);
    kinds.set(kind.name, kind);
  }
  const byKind = new Map<string, FoundHandler[]>();
  for (const handler of handlers) {
    if (!kinds.has(handler.kind)) {
      problems.push(`${handler.owner} handles deadline kind "${handler.kind}", which no module declares (DeadlinesModule.forKinds(...))`);
      continue;
    }
    byKind.set(handler.kind, [...(byKind.get(handler.kind) ?? []), handler]);
  }
  const registry = new Map<string, RegisteredKind>();
  for (const [name, kind] of kinds) {
    const found = byKind.get(name) ?? [];
    if (found.length === 0) problems.push(`deadline kind "${name}" has no handler: add @DeadlineHandler('${name}') to one provider method`);
    else if (found.length > 1) problems.push(`deadline kind "${name}" has ${found.length} handlers (${found.map((h) => h.owner).join(', ')}): keep one`);
    else registry.set(name, { kind, handler: found[0] });
  }
  if (problems.length > 0) throw new DeadlineConfigurationError(problems);
  return registry;
}

import type { FieldError } from '../../common/errors/index.js';

/**
 * What an endpoint may listen to: `*` (every type), `<resource>.*` (every type of a resource), or one
 * type. The patterns a message of `type` matches are few, so matching is an array overlap in SQL.
 */
export function patternsMatching(type: string): string[] {
  return ['*', `${type.split('.')[0]}.*`, type];
}

/** The problems of `eventTypes` against the declared types, one per bad entry, named `eventTypes[i]`. */
export function eventTypeProblems(given: readonly string[], declared: readonly string[]): FieldError[] {
  const resources = new Set(declared.map((type) => type.split('.')[0]));
  const problems: FieldError[] = [];
  given.forEach((pattern, i) => {
    const field = `eventTypes[${i}]`;
    if (pattern === '*' || declared.includes(pattern)) return;
    const wildcard = /^([a-z][a-z_]*)\.\*$/.exec(pattern);
    if (wildcard && resources.has(wildcard[1])) return;
    const shown = pattern.length > 64 ? `${pattern.slice(0, 64)}…` : pattern;
    problems.push({
      field,
      message: wildcard ? `no event type starts with ${wildcard[1]}. (see GET /v1/webhook-event-types)` : `${shown} is not an event type (see GET /v1/webhook-event-types)`,
    });
  });
  return problems;
}

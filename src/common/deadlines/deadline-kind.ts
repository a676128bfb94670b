/**
 * A kind of deadline: `order.confirm`, `appointment.remind`. Declared once, in the module that owns
 * the promise, and given to the app with `DeadlinesModule.forKinds(KIND)`; exactly one provider method
 * handles it (`@DeadlineHandler(KIND)`), or the app refuses to boot.
 */
export interface DeadlineKind {
  readonly name: string;
  /** What is promised and what happens at due time, for people reading the dashboard and the code. */
  readonly description: string;
}

/** `module.step` in lower case: `order.confirm`, `complaint.first_response`. */
export const DEADLINE_KIND_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export function defineDeadlineKind(name: string, options: { description: string }): DeadlineKind {
  if (!DEADLINE_KIND_NAME.test(name)) {
    throw new Error(`Deadline kind "${name}" must look like module.step (lower case, dot-separated), e.g. order.confirm`);
  }
  return Object.freeze({ name, description: options.description });
}

export function kindName(kind: DeadlineKind | string): string {
  return typeof kind === 'string' ? kind : kind.name;
}

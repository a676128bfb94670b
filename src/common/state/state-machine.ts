/**
 * An entity's life cycle as one table (DESIGN §5 "State", as Vendure's order process): each state
 * lists the states it may move to. Pure: services enforce the table in SQL with `StateTransitions`
 * (state-transitions.ts), which asks this table for the `$from` list of a transition.
 */

/** Each state names the states it may become; a state with `[]` is final. */
export type TransitionTable<S extends string> = { readonly [K in S]: readonly S[] };

export interface StateMachine<S extends string> {
  /** Singular snake_case entity name: error codes (`appointment.invalid_transition`) and messages. */
  readonly entity: string;
  readonly states: readonly S[];
  readonly table: TransitionTable<S>;
  isState(value: unknown): value is S;
  canTransition(from: S, to: S): boolean;
  /** The states `state` may become. */
  allowedFrom(state: S): readonly S[];
  /** The states that may become `state`: the `$from` list of `UPDATE … WHERE status = ANY($from)`. */
  allowedInto(state: S): readonly S[];
  isFinal(state: S): boolean;
}

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * `defineStateMachine('appointment', { pending: ['confirmed', 'cancelled'], confirmed: ['completed'], … })`.
 * Every target must be a key of the table, so a misspelt state is a compile error (and, for callers
 * without types, an error at definition).
 */
export function defineStateMachine<const T extends { readonly [K in keyof T]: readonly (keyof T & string)[] }>(entity: string, table: T): StateMachine<keyof T & string> {
  type S = keyof T & string;
  if (!NAME.test(entity)) throw new Error(`State machine entity "${entity}" must be a snake_case name`);
  const states = Object.keys(table) as S[];
  if (states.length === 0) throw new Error(`State machine "${entity}" has no states`);
  const sources = new Map<S, S[]>(states.map((state) => [state, []]));
  for (const from of states) {
    if (!NAME.test(from)) throw new Error(`State machine "${entity}": state "${from}" must be a snake_case name`);
    const targets = table[from as keyof T] as readonly S[];
    if (new Set(targets).size !== targets.length) throw new Error(`State machine "${entity}": ${from} lists a target twice`);
    for (const to of targets) {
      const into = sources.get(to);
      if (!into) throw new Error(`State machine "${entity}": ${from} → ${to}, but ${to} is not a state`);
      into.push(from);
    }
  }
  // Frozen copies: a caller cannot widen the table after it was checked.
  const frozen = Object.freeze(Object.fromEntries(states.map((state) => [state, Object.freeze([...(table[state as keyof T] as readonly S[])])]))) as TransitionTable<S>;
  const into = new Map([...sources].map(([state, from]) => [state, Object.freeze(from)]));
  const isState = (value: unknown): value is S => typeof value === 'string' && Object.prototype.hasOwnProperty.call(frozen, value);
  return Object.freeze({
    entity,
    states: Object.freeze(states),
    table: frozen,
    isState,
    canTransition: (from: S, to: S) => isState(from) && frozen[from].includes(to),
    allowedFrom: (state: S) => (isState(state) ? frozen[state] : []),
    allowedInto: (state: S) => into.get(state) ?? [],
    isFinal: (state: S) => isState(state) && frozen[state].length === 0,
  });
}

/** The states of a machine: `type AppointmentStatus = StateOf<typeof appointmentStates>`. */
export type StateOf<M> = M extends StateMachine<infer S> ? S : never;

import fc from 'fast-check';
import { defineStateMachine } from './state-machine.js';
import { StateErrors } from './state.errors.js';

const appointment = defineStateMachine('appointment', {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
});

describe('defineStateMachine', () => {
  it('answers the transitions of a table defined in the test', () => {
    const machine = defineStateMachine('ticket', { open: ['closed'], closed: ['open'], archived: [] });
    expect(machine.allowedInto('open')).toEqual(['closed']);
    expect(machine.allowedInto('archived')).toEqual([]);
    expect(machine.isState('archived')).toBe(true);
  });

  it('answers the transitions of its table', () => {
    expect(appointment.canTransition('pending', 'confirmed')).toBe(true);
    expect(appointment.canTransition('confirmed', 'pending')).toBe(false);
    expect(appointment.canTransition('pending', 'pending')).toBe(false);
    expect(appointment.allowedFrom('confirmed')).toEqual(['checked_in', 'cancelled', 'no_show']);
    expect(appointment.allowedFrom('completed')).toEqual([]);
    expect(appointment.allowedInto('cancelled')).toEqual(['pending', 'confirmed']);
    expect(appointment.allowedInto('pending')).toEqual([]);
    expect(appointment.isFinal('no_show')).toBe(true);
    expect(appointment.isFinal('checked_in')).toBe(false);
    expect(appointment.states).toEqual(['pending', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show']);
    expect(appointment.entity).toBe('appointment');
  });

  it('knows its own states and nothing else (not even Object.prototype names)', () => {
    expect(appointment.isState('pending')).toBe(true);
    expect(appointment.isState('toString')).toBe(false);
    expect(appointment.isState('Pending')).toBe(false);
    expect(appointment.isState(1)).toBe(false);
    const unknown = 'archived' as 'pending';
    expect(appointment.canTransition(unknown, 'confirmed')).toBe(false);
    expect(appointment.allowedFrom(unknown)).toEqual([]);
    expect(appointment.allowedInto(unknown)).toEqual([]);
    expect(appointment.isFinal(unknown)).toBe(false);
  });

  it('makes a misspelt state a compile error', () => {
    // @ts-expect-error: 'confirmd' is not a state of the table
    expect(() => defineStateMachine('order', { pending: ['confirmd'], confirmed: [] })).toThrow('pending → confirmd, but confirmd is not a state');
    // @ts-expect-error: canTransition takes states only
    expect(appointment.canTransition('pending', 'done')).toBe(false);
  });

  it('refuses malformed tables at definition', () => {
    expect(() => defineStateMachine('Order', { a: [] })).toThrow('snake_case');
    expect(() => defineStateMachine('2order', { a: [] })).toThrow('snake_case');
    expect(() => defineStateMachine('order-x', { a: [] })).toThrow('snake_case');
    expect(() => defineStateMachine('order', { a1_b: [] })).not.toThrow();
    expect(() => defineStateMachine('order', { _a: [] })).toThrow('state "_a"');
    expect(() => defineStateMachine('order', { 'a-b': [] })).toThrow('state "a-b"');
    expect(() => defineStateMachine('order', {})).toThrow('no states');
    expect(() => defineStateMachine('order', { 'in progress': [] })).toThrow('state "in progress"');
    expect(() => defineStateMachine('order', { a: ['b', 'b'], b: [] })).toThrow('a lists a target twice');
  });

  it('cannot be changed after definition', () => {
    expect(Object.isFrozen(appointment.table)).toBe(true);
    expect(Object.isFrozen(appointment.table.pending)).toBe(true);
    expect(() => (appointment.allowedInto('cancelled') as string[]).push('completed')).toThrow();
    const source = { a: ['b'] as 'b'[], b: [] as never[] };
    const machine = defineStateMachine('copy', source);
    source.a.length = 0;
    expect(machine.canTransition('a', 'b')).toBe(true);
  });

  it('keeps allowedInto the exact inverse of allowedFrom, for any table (property)', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const tables = fc
      .integer({ min: 1, max: names.length })
      .chain((n) =>
        fc.tuple(...names.slice(0, n).map(() => fc.subarray(names.slice(0, n)))).map((targets) => Object.fromEntries(names.slice(0, n).map((s, i) => [s, targets[i]]))),
      );
    fc.assert(
      fc.property(tables, (table) => {
        const machine = defineStateMachine('sample', table as Record<string, string[]>);
        for (const from of machine.states) {
          for (const to of machine.states) {
            const forward = machine.allowedFrom(from).includes(to);
            expect(machine.canTransition(from, to)).toBe(forward);
            expect(machine.allowedInto(to).includes(from)).toBe(forward);
          }
          expect(machine.isFinal(from)).toBe(table[from].length === 0);
        }
      }),
    );
  });
});

describe('StateErrors.invalidTransition', () => {
  it('is a 409 naming the current state and the allowed next ones', () => {
    const error = StateErrors.invalidTransition(appointment, 'confirmed', 'pending');
    expect(error.status).toBe(409);
    expect(error.code).toBe('appointment.invalid_transition');
    expect(error.options.title).toBe('Not allowed in the current state');
    expect(error.detail).toBe('This appointment is confirmed: it cannot become pending. From confirmed it may become checked_in, cancelled, no_show.');
    expect(error.options.extensions).toEqual({ currentState: 'confirmed', requestedState: 'pending', allowedStates: ['checked_in', 'cancelled', 'no_show'] });
  });

  it('says when the current state is final', () => {
    const machine = defineStateMachine('purchase_order', { open: ['received'], received: [] });
    const error = StateErrors.invalidTransition(machine, 'received', 'open');
    expect(error.code).toBe('purchase_order.invalid_transition');
    expect(error.detail).toBe('This purchase order is received: it cannot become open. received is final: it changes no more.');
    expect(error.options.extensions).toMatchObject({ allowedStates: [] });
  });
});

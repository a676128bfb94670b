import { defineDeadlineKind } from './deadline-kind.js';
import { buildHandlerRegistry, DeadlineConfigurationError, type FoundHandler } from './handler-registry.js';

const confirm = defineDeadlineKind('order.confirm', { description: 'confirm within 24 h' });
const remind = defineDeadlineKind('appointment.remind', { description: 'remind the day before' });
const handler = (kind: string, owner = `${kind}Handler.run`): FoundHandler => ({ kind, owner, run: () => undefined });

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DeadlineConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a DeadlineConfigurationError');
}

describe('deadline handler registry', () => {
  it('pairs each declared kind with its one handler', () => {
    const registry = buildHandlerRegistry([confirm, remind], [handler('order.confirm'), handler('appointment.remind')]);
    expect([...registry.keys()].sort()).toEqual(['appointment.remind', 'order.confirm']);
    expect(registry.get('order.confirm')!.kind).toBe(confirm);
  });

  it('accepts the same kind object declared by two modules', () => {
    expect(buildHandlerRegistry([confirm, confirm], [handler('order.confirm')]).size).toBe(1);
  });

  it('refuses a kind with no handler, naming it', () => {
    expect(problemsOf(() => buildHandlerRegistry([confirm], []))).toEqual([expect.stringMatching(/"order\.confirm" has no handler/)]);
  });

  it('refuses a kind with two handlers, naming both', () => {
    const problems = problemsOf(() => buildHandlerRegistry([confirm], [handler('order.confirm', 'A.run'), handler('order.confirm', 'B.run')]));
    expect(problems).toEqual([expect.stringMatching(/"order\.confirm" has 2 handlers \(A\.run, B\.run\)/)]);
  });

  it('refuses a handler for a kind nobody declared, and a name declared twice', () => {
    const twin = defineDeadlineKind('order.confirm', { description: 'another' });
    const problems = problemsOf(() => buildHandlerRegistry([confirm, twin], [handler('order.confirm'), handler('order.ship', 'Ship.run')]));
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/declared twice/);
    expect(problems.join('\n')).toMatch(/Ship\.run handles deadline kind "order\.ship", which no module declares/);
  });

  it('lists every problem in one message', () => {
    const error = (() => {
      try {
        buildHandlerRegistry([confirm, remind], []);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/order\.confirm[\s\S]*appointment\.remind/);
  });
});

describe('deadline kinds', () => {
  it('must be named module.step in lower case', () => {
    expect(() => defineDeadlineKind('Order.Confirm', { description: '' })).toThrow(/module\.step/);
    expect(() => defineDeadlineKind('confirm', { description: '' })).toThrow(/module\.step/);
    expect(defineDeadlineKind('complaint.first_response', { description: 'x' }).name).toBe('complaint.first_response');
  });
});

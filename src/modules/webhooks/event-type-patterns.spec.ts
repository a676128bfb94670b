import { eventTypeProblems, patternsMatching } from './event-type-patterns.js';

const DECLARED = ['customer.created', 'customer.updated', 'webhook_endpoint.disabled'];

describe('webhook event type patterns', () => {
  it('matches a type by itself, its resource wildcard and *', () => {
    expect(patternsMatching('customer.created')).toEqual(['*', 'customer.*', 'customer.created']);
  });

  it('accepts *, declared types and wildcards of declared resources', () => {
    expect(eventTypeProblems(['*', 'customer.*', 'customer.created', 'webhook_endpoint.*'], DECLARED)).toEqual([]);
  });

  it('names each unknown entry by its index', () => {
    expect(eventTypeProblems(['customer.created', 'customer.deleted', 'order.*', 'customer', '**', 'Customer.created'], DECLARED).map((p) => p.field)).toEqual([
      'eventTypes[1]',
      'eventTypes[2]',
      'eventTypes[3]',
      'eventTypes[4]',
      'eventTypes[5]',
    ]);
    expect(eventTypeProblems(['order.*'], DECLARED)[0].message).toContain('no event type starts with order.');
  });
});

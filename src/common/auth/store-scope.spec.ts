import type { Actor } from '../http/request-context.js';
import { canSeeStore, visibleStoreIds } from './store-scope.js';

const A = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const B = '7a3e9d21-4c5b-4f60-8e1d-2b9c8a7f6e51';

describe('visibleStoreIds: one rule for staff and API keys', () => {
  const cases: Array<[string, Actor, string[] | 'all']> = [
    ['an owner', { kind: 'user', id: 'u', role: 'owner', storeIds: 'all' }, 'all'],
    ['a manager of A', { kind: 'user', id: 'u', role: 'manager', storeIds: [A] }, [A]],
    ['a key not limited to stores', { kind: 'api_key', id: 'k', scopes: [], storeIds: 'all' }, 'all'],
    ['a key limited to A', { kind: 'api_key', id: 'k', scopes: [], storeIds: [A] }, [A]],
  ];
  it.each(cases)('%s', (_, actor, expected) => {
    expect(visibleStoreIds(actor)).toEqual(expected);
    expect(canSeeStore(actor, A)).toBe(true);
    expect(canSeeStore(actor, A.toUpperCase())).toBe(true);
    expect(canSeeStore(actor, B)).toBe(expected === 'all');
  });
});

import { parseRevocationMember, RevocationList, revocationMember } from './revocation-list.js';

const KEEP = 60_000;
const T = 1_800_000_000_000;

describe('revocation list', () => {
  it("voids a user's credentials issued up to the instant (inclusive), not those issued after", () => {
    const list = new RevocationList(KEEP);
    list.add({ kind: 'user', id: 'u1', at: T });
    expect(list.isRevoked('u1', 's1', T - 1)).toBe(true);
    expect(list.isRevoked('u1', 's1', T)).toBe(true);
    expect(list.isRevoked('u1', 's1', T + 1)).toBe(false);
    expect(list.isRevoked('u2', 's1', T - 1)).toBe(false);
  });

  it('voids every credential of a revoked session, whenever issued', () => {
    const list = new RevocationList(KEEP);
    list.add({ kind: 'session', id: 's1', at: T });
    expect(list.isRevoked('u1', 's1', T + 10_000)).toBe(true);
    expect(list.isRevoked('u1', 's2', T - 10_000)).toBe(false);
    expect(list.isRevoked('u1', undefined, T - 10_000)).toBe(false);
  });

  it('keeps the latest instant of a user, whatever order entries arrive in', () => {
    const list = new RevocationList(KEEP);
    list.add({ kind: 'user', id: 'u1', at: T + 500 });
    list.add({ kind: 'user', id: 'u1', at: T });
    expect(list.isRevoked('u1', undefined, T + 400)).toBe(true);
  });

  it('forgets entries once every credential they could void has expired', () => {
    const list = new RevocationList(KEEP);
    list.add({ kind: 'user', id: 'u1', at: T });
    list.add({ kind: 'session', id: 's1', at: T + 10 });
    list.prune(T + KEEP);
    expect(list.size).toBe(2);
    list.prune(T + KEEP + 5);
    expect(list.size).toBe(1);
    expect(list.isRevoked('u1', undefined, T)).toBe(false);
    expect(list.isRevoked('u1', 's1', T)).toBe(true);
  });

  it('names entries for Redis and reads them back', () => {
    for (const entry of [{ kind: 'user', id: 'a-b', at: T } as const, { kind: 'session', id: 'c-d', at: T + 1 } as const]) {
      expect(parseRevocationMember(revocationMember(entry), entry.at)).toEqual(entry);
    }
    expect(parseRevocationMember('x:1', T)).toBeUndefined();
    expect(parseRevocationMember('u:1', Number.NaN)).toBeUndefined();
  });
});

/**
 * One revocation: every credential of a user issued at or before `at` (ms since the epoch) is void
 * (`user`), or every credential of one sign-in session is void (`session`, the refresh-token family,
 * the access token's `sid`).
 */
export interface Revocation {
  kind: 'user' | 'session';
  id: string;
  at: number;
}

const PREFIX = { user: 'u:', session: 's:' } as const;

/** How a revocation is named in the Redis message that spreads it (with `at` beside it). */
export function revocationMember(entry: Pick<Revocation, 'kind' | 'id'>): string {
  return `${PREFIX[entry.kind]}${entry.id}`;
}

export function parseRevocationMember(member: string, at: number): Revocation | undefined {
  if (!Number.isFinite(at)) return undefined;
  if (member.startsWith(PREFIX.user)) return { kind: 'user', id: member.slice(PREFIX.user.length), at };
  if (member.startsWith(PREFIX.session)) return { kind: 'session', id: member.slice(PREFIX.session.length), at };
  return undefined;
}

/**
 * The revocations still worth knowing, in memory: checking a credential is two map lookups, no I/O.
 * An entry is kept `keepMs` past its instant: by then every credential it could void has expired.
 * Revocations only ever add up (a later instant for a user wins), so merging any two copies of the
 * list, in any order, gives the same list.
 */
export class RevocationList {
  /** User id → the instant up to which (inclusive) their credentials are void. */
  private readonly users = new Map<string, number>();
  /** Session id → when it was revoked. */
  private readonly sessions = new Map<string, number>();

  constructor(private readonly keepMs: number) {}

  /**
   * Whether a credential of `userId`, of session `sessionId`, issued at `issuedAtMs`, is void. A
   * credential issued in the very millisecond of a revocation counts as before it: it may have been
   * built from what was read before the change.
   */
  isRevoked(userId: string, sessionId: string | undefined, issuedAtMs: number): boolean {
    const notAfter = this.users.get(userId);
    if (notAfter !== undefined && issuedAtMs <= notAfter) return true;
    return sessionId !== undefined && this.sessions.has(sessionId);
  }

  add(entry: Revocation): void {
    const map = entry.kind === 'user' ? this.users : this.sessions;
    const known = map.get(entry.id);
    if (known === undefined || entry.at > known) map.set(entry.id, entry.at);
  }

  /** Forgets entries whose every credential has expired by `now`. */
  prune(now: number): void {
    const horizon = now - this.keepMs;
    for (const map of [this.users, this.sessions]) {
      for (const [id, at] of map) if (at < horizon) map.delete(id);
    }
  }

  get size(): number {
    return this.users.size + this.sessions.size;
  }
}

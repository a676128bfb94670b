import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Revocations } from '../../common/auth/revocations.js';
import type { Actor, StaffRole } from '../../common/http/request-context.js';

/**
 * What an access token says about its holder. Short-lived (JWT_ACCESS_TTL), so it is not looked up;
 * what changed since it was issued is caught by the revocation list (see Revocations).
 */
interface AccessClaims {
  sub: string;
  role: StaffRole;
  /** Store ids the user may see, or '*' for all (owners). */
  stores: string[] | '*';
  /** The sign-in session (refresh-token family) the token belongs to. */
  sid: string;
  /** When it was issued, in ms (`iat` is whole seconds): revocations compare at millisecond precision. */
  iatMs: number;
  name?: string;
}

export interface TokenSubject {
  id: string;
  role: StaffRole;
  storeIds: string[] | 'all';
  name?: string;
}

const ROLES: readonly StaffRole[] = ['owner', 'manager', 'receptionist', 'beautician'];

/** SHA-256 of a high-entropy secret (refresh tokens, API keys): enough, since they cannot be guessed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A URL-safe random secret with `bytes` bytes of entropy. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** How many verified tokens are remembered (a token is reused for every call of its 15 minutes). */
const VERIFIED_CACHE_SIZE = 10_000;

@Injectable()
export class TokenService {
  /**
   * Verified tokens → their actor, until the token expires. Verifying a JWT (decode, HMAC, JSON,
   * claim checks) is the largest cost of an authenticated read; a client sends the same token for
   * minutes. Actors are frozen, as every request holding the token shares one.
   */
  private readonly verified = new Map<string, { actor: UserActor; expiresAt: number }>();

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(Revocations) private readonly revocations: Revocations,
  ) {}

  /**
   * `issuedAtMs` should be taken before the subject was read: a token built from what was read
   * before a change then counts as issued before it, and the change's revocation voids it.
   */
  issueAccessToken(subject: TokenSubject, sessionId: string, issuedAtMs: number = Date.now()): Promise<string> {
    const claims: AccessClaims = {
      sub: subject.id,
      role: subject.role,
      stores: subject.storeIds === 'all' ? '*' : subject.storeIds,
      sid: sessionId,
      iatMs: issuedAtMs,
      name: subject.name,
    };
    return this.jwt.signAsync(claims);
  }

  /** The actor an access token stands for, or undefined when it is invalid, expired or revoked. */
  async verifyAccessToken(token: string): Promise<Actor | undefined> {
    const cached = this.verified.get(token);
    if (cached) {
      if (Date.now() < cached.expiresAt) return this.unlessRevoked(cached.actor);
      this.verified.delete(token);
    }
    let claims: AccessClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & { exp?: number }>(token);
    } catch {
      return undefined;
    }
    if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role) || typeof claims.exp !== 'number' || typeof claims.iatMs !== 'number') return undefined;
    const storeIds = claims.stores === '*' ? 'all' : Array.isArray(claims.stores) ? Object.freeze([...claims.stores]) : undefined;
    if (!storeIds) return undefined;
    const issuedAtMs = claims.iatMs;
    const actor: UserActor = Object.freeze({
      kind: 'user',
      id: claims.sub,
      role: claims.role,
      storeIds: storeIds as string[] | 'all',
      name: claims.name,
      sessionId: claims.sid,
      issuedAtMs,
    });
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { actor, expiresAt: claims.exp * 1000 });
    return this.unlessRevoked(actor);
  }

  /**
   * Checked on every use, cached or not: a revocation may arrive at any time during the token's life.
   * A revoked token stays cached (refused from the cache, without verifying its signature again).
   */
  private unlessRevoked(actor: UserActor): Actor | undefined {
    return this.revocations.isRevoked(actor.id, actor.sessionId, actor.issuedAtMs!) ? undefined : actor;
  }
}

type UserActor = Extract<Actor, { kind: 'user' }>;

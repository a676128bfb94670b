import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor, StaffRole } from '../../common/http/request-context.js';

/** What an access token says about its holder. Short-lived (JWT_ACCESS_TTL), so it is not looked up. */
interface AccessClaims {
  sub: string;
  role: StaffRole;
  /** Store ids the user may see, or '*' for all (owners). */
  stores: string[] | '*';
  /** The sign-in session (refresh-token family) the token belongs to. */
  sid: string;
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

@Injectable()
export class TokenService {
  constructor(@Inject(JwtService) private readonly jwt: JwtService) {}

  issueAccessToken(subject: TokenSubject, sessionId: string): Promise<string> {
    const claims: AccessClaims = {
      sub: subject.id,
      role: subject.role,
      stores: subject.storeIds === 'all' ? '*' : subject.storeIds,
      sid: sessionId,
      name: subject.name,
    };
    return this.jwt.signAsync(claims);
  }

  /** The actor an access token stands for, or undefined when it is invalid or expired. */
  async verifyAccessToken(token: string): Promise<Actor | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token);
      if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role)) return undefined;
      const storeIds = claims.stores === '*' ? 'all' : Array.isArray(claims.stores) ? claims.stores : undefined;
      if (!storeIds) return undefined;
      return { kind: 'user', id: claims.sub, role: claims.role, storeIds, name: claims.name, sessionId: claims.sid };
    } catch {
      return undefined;
    }
  }
}

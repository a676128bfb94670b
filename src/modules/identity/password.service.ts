import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { randomSecret } from './token.service.js';

/** OWASP's argon2id parameters (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMETERS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash was made with other parameters (or another variant): store a fresh one. */
  needsRehash: boolean;
}

/** Hashes and verifies staff passwords with argon2id. */
@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...ARGON2_PARAMETERS });
  }

  /**
   * Checks `password` against `hash`. With no hash (unknown user) it verifies against a dummy hash
   * made with the same parameters, so the answer takes as long either way and timing does not tell
   * which logins exist.
   */
  async verify(hash: string | undefined, password: string): Promise<PasswordCheck> {
    if (!hash) {
      await this.safeVerify(await this.dummy(), password);
      return { ok: false, needsRehash: false };
    }
    const ok = await this.safeVerify(hash, password);
    return { ok, needsRehash: ok && this.needsRehash(hash) };
  }

  needsRehash(hash: string): boolean {
    return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, ARGON2_PARAMETERS);
  }

  /** A malformed stored hash counts as a wrong password, not a 500. */
  private async safeVerify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomSecret(16));
    return this.dummyHash;
  }
}

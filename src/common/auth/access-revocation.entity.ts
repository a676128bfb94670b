import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The record of access revocations (see Revocations): written in the transaction of the change that
 * revokes, read at boot and on every reload. Redis only spreads them fast. A row is useful for as long
 * as an access token lives past `revokedAt`, then purged.
 */
@Entity('access_revocation')
@Check('ck_access_revocation_kind', `"kind" IN ('user', 'session')`)
@Index('ix_access_revocation_revoked_at', ['revokedAt'])
export class AccessRevocation {
  /** `user`: every credential of the user issued up to `revokedAt`; `session`: every credential of the session. */
  @PrimaryColumn({ type: 'text' })
  kind!: 'user' | 'session';

  /** The user's id, or the session's (refresh-token family). */
  @PrimaryColumn({ type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'timestamptz', precision: 3 })
  revokedAt!: Date;
}

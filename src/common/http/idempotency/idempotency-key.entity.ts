import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One Idempotency-Key a caller sent (DESIGN §4), remembered for IDEMPOTENCY_TTL: `in_flight` while
 * its first request runs (holding `lock_token` until `locked_until`), then `completed` with the
 * response to replay. Written by raw SQL in IdempotencyStore; the entity declares the schema.
 */
@Entity('idempotency_key')
@Check('ck_idempotency_key_status', `"status" IN ('in_flight', 'completed')`)
@Index('ix_idempotency_key_created', ['createdAt'])
export class IdempotencyKey {
  /** Whose key: `user:<id>`, `api_key:<id>`, or `public` for routes without credentials. */
  @PrimaryColumn({ type: 'text' })
  scope!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** SHA-256 of method, URL and canonical body: the same key with another request is refused. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'text', default: 'in_flight' })
  status!: 'in_flight' | 'completed';

  /** Identifies the request holding an in-flight key, so only it completes or releases it. */
  @Column({ type: 'uuid', nullable: true })
  lockToken!: string | null;

  /** After this an in-flight key (its process died) may be taken over by a retry. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  /** The few headers worth replaying (Location, ETag, Content-Type…). */
  @Column({ type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  /** The response body exactly as JSON text (null for an empty body). */
  @Column({ type: 'text', nullable: true })
  responseBody!: string | null;

  /** The request that first used the key, to find it in the logs. */
  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One write, as it happened: who, what, before and after (personal data redacted). Never updated. */
/** Who a change is recorded as made by: every kind of request actor, and `system` for jobs. */
export const AUDIT_ACTOR_TYPES = ['user', 'api_key', 'publishable_key', 'customer', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

@Entity('audit_event')
@Index('ix_audit_event_entity', ['entityType', 'entityId'])
@Index('ix_audit_event_created', ['createdAt', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** When the change happened (its transaction's time). */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'text' })
  /** `customer`: a customer signed in through a customers' app (customer session); `publishable_key`: such an app before sign-in. */
  actorType!: AuditActorType;

  @Index('ix_audit_event_actor')
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** The user's or key's name at the time (null: the system, or rows from before it was kept). */
  @Column({ type: 'text', nullable: true })
  actorName!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  entityType!: string;

  @Column({ type: 'text' })
  entityId!: string;

  /** The store the change belongs to, so managers see their stores' history. */
  @Index('ix_audit_event_store')
  @Column({ type: 'uuid', nullable: true })
  storeId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;
}

import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];
/** `manual`: an owner disabled it; `failing`: no success for WEBHOOK_DISABLE_AFTER. */
export const DISABLED_REASONS = ['manual', 'failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

/**
 * A partner's URL that hears signed events (Standard Webhooks). The secret signs every message; after
 * a rotation the previous one keeps signing too until `previousSecretExpiresAt`, so a partner can
 * switch without losing a message. Secrets must be readable to sign with, so they are stored as given
 * out (like Svix) and never appear in an API answer after the one that created them.
 */
@Entity('webhook_endpoint')
@Check('ck_webhook_endpoint_status', `"status" IN ('enabled', 'disabled')`)
@Check('ck_webhook_endpoint_disabled_reason', `"disabled_reason" IN ('manual', 'failing')`)
@Index('ix_webhook_endpoint_created', ['createdAt', 'id'])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Types and patterns it listens to: `customer.created`, `customer.*`, `*`. */
  @Column({ type: 'text', array: true })
  eventTypes!: string[];

  /** Whether its messages carry personal data unmasked (as an API key with `customers:pii` sees it). */
  @Column({ type: 'boolean', default: false })
  includePii!: boolean;

  @Column({ type: 'text', select: false })
  secret!: string;

  @Column({ type: 'text', nullable: true, select: false })
  previousSecret!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ type: 'text', default: 'enabled' })
  status!: EndpointStatus;

  @Column({ type: 'text', nullable: true })
  disabledReason!: DisabledReason | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** The first failed attempt since the last success: the failing streak that disables it after WEBHOOK_DISABLE_AFTER. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** The stores an endpoint may hear about; none: every store, and business-wide resources. */
@Entity('webhook_endpoint_store')
@Index('ix_webhook_endpoint_store_store', ['storeId'])
export class WebhookEndpointStore {
  @ForeignKey(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  endpointId!: string;

  // By name: webhooks imports no business module (DESIGN §2); a store in use cannot be deleted.
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  storeId!: string;
}

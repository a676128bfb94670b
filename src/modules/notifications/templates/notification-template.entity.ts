import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * An owner's edit of a key's template for one channel and locale. Only edits are stored: the
 * defaults live in code with their key (`defineNotificationKey`), so a new default ships with a
 * release, and deleting the row goes back to it.
 */
@Entity('notification_template')
@Unique('uq_notification_template_key_channel_locale', ['key', 'channel', 'locale'])
@Check('ck_notification_template_channel', `"channel" IN ('email', 'sms', 'wechat', 'in_app')`)
@Check('ck_notification_template_locale', `"locale" IN ('zh-CN', 'en')`)
export class NotificationTemplate {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `appointment.reminder`: a key some module defines (keys live in code, so no foreign key). */
  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  locale!: string;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text', nullable: true })
  html!: string | null;

  /** `{ id, fields }` of a provider's approved template (WeChat, Aliyun SMS). */
  @Column({ type: 'jsonb', nullable: true })
  provider!: { id: string; fields: Record<string, string> } | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  /** The staff user who saved it last (identity's table: no foreign key across modules). */
  @Column({ type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

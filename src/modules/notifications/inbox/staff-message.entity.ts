import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One in-app message to one member of staff (a new booking, an overdue order, an import that ended),
 * shown in their inbox and pushed to their open streams. Read messages are purged after
 * INBOX_RETENTION; unread ones are kept until read. `user_id` and `store_id` carry no foreign key:
 * notifications imports no business module (DESIGN §2), and a message outlives nothing it points to.
 */
@Entity('staff_message')
@Index('ix_staff_message_user', ['userId', 'createdAt', 'id'])
@Index('ix_staff_message_unread', ['userId', 'createdAt', 'id'], { where: '"read_at" IS NULL' })
@Index('ix_staff_message_read', ['createdAt'], { where: '"read_at" IS NOT NULL' })
export class StaffMessage {
  /** Given by StaffInbox.add(), so it answers the ids in the order of its items. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** The notification (dispatch's log) this message delivers, when it came through dispatch. */
  @Column({ type: 'uuid', nullable: true })
  notificationId!: string | null;

  /** The notification key (`customer_import.finished`). */
  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Where the front end takes the reader (an API path or an app route). */
  @Column({ type: 'text', nullable: true })
  link!: string | null;

  @Column({ type: 'uuid', nullable: true })
  storeId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt!: Date | null;
}

export const NOTIFICATION_INBOX_ENTITIES = [StaffMessage];

import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Appointment } from '../booking/appointment.entity.js';

/**
 * One reminder promised for an appointment: one row per appointment and offset, whose id is the
 * subject of its `appointment.remind` deadline (the deadline table keeps one pending row per kind and
 * subject, and an appointment has up to three reminders). `startsAt` is the start it reminds of: a
 * deadline that fires after the appointment moved finds another start and sends nothing. Rescheduling
 * updates the row in place and moves its deadline; cancelling cancels the deadlines and keeps the rows.
 * What was sent is in the notification log (`appointment.reminder`, its dedupe key naming the row): the
 * handler writes nothing here, so it never waits on a reschedule that holds the row.
 */
@Entity('appointment_reminder')
@Index('uq_appointment_reminder_offset', ['appointmentId', 'offsetMinutes'], { unique: true })
export class AppointmentReminder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Appointment, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  appointmentId!: string;

  /** Minutes before the start (one of the store's reminder offsets when it was scheduled). */
  @Column({ type: 'int' })
  offsetMinutes!: number;

  /** The appointment's start this reminder is for. */
  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

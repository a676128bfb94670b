import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A CSV import of customers, run by a Bull job in chunks. The file is kept in `content` until the
 * import ends, so a worker that dies (or a Redis that loses the job) resumes from `processed_rows`.
 */
@Entity('customer_import')
@Check('ck_customer_import_status', `"status" IN ('queued', 'running', 'completed', 'failed')`)
@Check('ck_customer_import_on_duplicate', `"on_duplicate" IN ('skip', 'update')`)
@Index('ix_customer_import_created', ['createdAt', 'id'])
export class CustomerImport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', default: 'queued' })
  status!: 'queued' | 'running' | 'completed' | 'failed';

  /** What a row whose phone already exists does: `skip` it, or `update` the customer with it. */
  @Column({ type: 'text' })
  onDuplicate!: 'skip' | 'update';

  @Column({ type: 'text', nullable: true })
  fileName!: string | null;

  /** The CSV (UTF-8), cleared when the import ends. */
  @Column({ type: 'text', nullable: true })
  content!: string | null;

  /** Header columns that fill no customer field, as the file spells them. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  ignoredColumns!: string[];

  @Column({ type: 'int', default: 0 })
  totalRows!: number;

  @Column({ type: 'int', default: 0 })
  processedRows!: number;

  @Column({ type: 'int', default: 0 })
  createdCount!: number;

  @Column({ type: 'int', default: 0 })
  updatedCount!: number;

  @Column({ type: 'int', default: 0 })
  skippedCount!: number;

  @Column({ type: 'int', default: 0 })
  errorCount!: number;

  /** Why the whole import failed (rows' own errors are in customer_import_error). */
  @Column({ type: 'text', nullable: true })
  failure!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt!: Date | null;
}

/** One bad row of an import: its line, the column at fault and why. The row was not imported. */
@Entity('customer_import_error')
@Index('ix_customer_import_error_import', ['importId', 'rowNumber'])
export class CustomerImportError {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @ForeignKey(() => CustomerImport, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  importId!: string;

  /** The row's number in the file, the header being row 1 (as a spreadsheet shows it). */
  @Column({ type: 'int' })
  rowNumber!: number;

  @Column({ type: 'text', nullable: true })
  field!: string | null;

  @Column({ type: 'text' })
  message!: string;
}

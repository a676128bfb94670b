import { Check, Column, CreateDateColumn, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * A room, bed, chair or machine of one store (a laser, a steamer). `type` is the `resourceType`
 * catalog's services require. Deactivated, never deleted: appointments keep pointing at it.
 */
@Entity('resource')
@Check('ck_resource_status', `"status" IN ('active', 'inactive')`)
@Unique('uq_resource_store_name', ['storeId', 'name'])
@Index('ix_resource_store_type', ['storeId', 'type'])
export class Resource {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  /** `Room 2`, `VIP 房`; unique in the store regardless of case. */
  @Column({ type: 'citext' })
  name!: string;

  /** `room`, `bed`, `chair`, `laser`… */
  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'inactive';

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** A resource out of service from–to (maintenance, repair). Blocks of one resource never overlap. */
@Entity('resource_block')
@Check('ck_resource_block_during', `NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during")`)
@Exclusion('ex_resource_block_overlap', `USING gist ("resource_id" WITH =, "during" WITH &&)`)
export class ResourceBlock {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Resource, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  resourceId!: string;

  @Column({ type: 'tstzrange' })
  during!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

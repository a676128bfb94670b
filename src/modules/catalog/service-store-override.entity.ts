import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Service } from './service.entity.js';

/** Whether one store offers a service (a store without the laser does not). No row: it does. */
@Entity('service_store_override')
export class ServiceStoreOverride {
  @ForeignKey(() => Service, { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  serviceId!: string;

  /** Cross-module reference by entity name: catalog does not import the stores module. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Index('ix_service_store_override_store')
  @PrimaryColumn('uuid')
  storeId!: string;

  @Column({ type: 'boolean' })
  available!: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

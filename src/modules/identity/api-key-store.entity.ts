import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ApiKey } from './api-key.entity.js';

/** The stores an API key is limited to, as staff_user_store is for staff; none means every store. */
@Entity('api_key_store')
export class ApiKeyStore {
  @ForeignKey(() => ApiKey, { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  apiKeyId!: string;

  /** Cross-module reference by entity name: identity does not import the stores module's entity. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Index('ix_api_key_store_store')
  @PrimaryColumn('uuid')
  storeId!: string;
}

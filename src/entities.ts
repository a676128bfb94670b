/** Every entity the DataSource knows, gathered from each module's public index. */
import { AuditEvent } from './common/audit/index.js';
import { IDENTITY_ENTITIES } from './modules/identity/index.js';
import { STORES_ENTITIES } from './modules/stores/index.js';

export const ENTITIES: Function[] = [AuditEvent, ...STORES_ENTITIES, ...IDENTITY_ENTITIES];

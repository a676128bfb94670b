export { AuditService, type AuditActor, type AuditEntry } from './audit.service.js';
export { AuditEvent } from './audit-event.entity.js';
export { redact } from './redact.js';

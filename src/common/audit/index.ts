export { AuditService, type AuditActor, type AuditEntry } from './audit.service.js';
export { AUDIT_ACTOR_TYPES, AuditEvent, type AuditActorType } from './audit-event.entity.js';
export { redact } from './redact.js';

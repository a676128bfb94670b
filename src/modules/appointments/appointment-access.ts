import { canSeeStore } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { AppointmentErrors } from './appointments.errors.js';
import type { AppointmentRecord } from './booking/appointment-records.js';

/**
 * Who may see and change an appointment: staff of its store (every role: a beautician sees the store's
 * book, as at the desk) and API keys limited to its store. Another store's appointment answers 404, as
 * an unknown id does. Writes are further limited by each route's roles and scopes.
 */
export function assertVisible(actor: Actor, record: AppointmentRecord | null, id: string): AppointmentRecord {
  if (!record || !canSeeStore(actor, record.storeId)) throw AppointmentErrors.notFound(id);
  return record;
}

/**
 * Marketing consents (PIPL, GDPR): the current state lives on the customer (`consents`), and every
 * grant or withdrawal is appended to `customer_consent_event` with when and how, as evidence.
 */
import type { Db } from '../../../common/database/index.js';
import { CommonErrors, type FieldError } from '../../../common/errors/index.js';
import { RequestContexts } from '../../../common/http/request-context.js';
import { CONSENT_CHANNELS, type ConsentChannel, type Consents } from './customer.entity.js';
import type { ConsentsInputDto } from '../dto/customer.dto.js';

export interface ConsentChange {
  channel: ConsentChannel;
  granted: boolean;
  method: string;
  occurredAt: Date;
}

/** A form signed "now" on a device whose clock runs a little ahead is fine; a date in the future is not. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The consents after applying `input` to `current`, and the changes to record. A channel whose
 * `granted` does not change is left as it is (a repeated "yes" is not a new consent).
 */
export function applyConsents(current: Consents, input: ConsentsInputDto | undefined, now: Date = new Date()): { consents: Consents; changes: ConsentChange[] } {
  const consents: Consents = { ...current };
  const changes: ConsentChange[] = [];
  if (!input) return { consents, changes };
  const problems: FieldError[] = [];
  for (const channel of CONSENT_CHANNELS) {
    const given = input[channel];
    if (!given) continue;
    const occurredAt = given.at === undefined ? now : new Date(given.at);
    if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      problems.push({ field: `consents.${channel}.at`, message: 'must not be in the future' });
      continue;
    }
    if (current[channel]?.granted === given.granted) continue;
    consents[channel] = { granted: given.granted, at: occurredAt.toISOString(), method: given.method };
    changes.push({ channel, granted: given.granted, method: given.method, occurredAt });
  }
  if (problems.length) throw CommonErrors.validation(problems);
  return { consents, changes };
}

/** Appends the changes to the consent history, in the caller's transaction. */
export async function recordConsentChanges(db: Db, customerId: string, changes: ConsentChange[]): Promise<void> {
  if (changes.length === 0) return;
  const actor = RequestContexts.actor();
  await db.execute(
    `INSERT INTO customer_consent_event (customer_id, channel, granted, method, occurred_at, actor_id, actor_type, actor_name)
     SELECT $1, c.channel, c.granted, c.method, c.occurred_at, $2, $7, $8
       FROM unnest($3::text[], $4::boolean[], $5::text[], $6::timestamptz[]) AS c(channel, granted, method, occurred_at)`,
    [
      customerId,
      actor?.id ?? null,
      changes.map((c) => c.channel),
      changes.map((c) => c.granted),
      changes.map((c) => c.method),
      changes.map((c) => c.occurredAt.toISOString()),
      actor?.kind ?? 'system',
      actor?.name ?? null,
    ],
  );
}

import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { privacyFor } from '../privacy/customer-privacy.js';
import { movePhones, otherEmailsOf } from '../profile/customer-phones.js';
import { assertChangeable, auditChange, changedFields, findCustomer } from '../profile/customer-rows.js';
import { CUSTOMER_COLUMNS } from '../profile/customer-sql.js';
import { CONSENT_CHANNELS, NOTIFICATION_CATEGORIES, type CareNotes, type Consents, type Customer, type CustomerAddress } from '../profile/customer.entity.js';
import { toCustomerResponse, type CustomerResponseDto } from '../dto/customer-response.dto.js';
import { CustomerErrors } from '../customers.errors.js';
import { CUSTOMER_MERGED, CUSTOMER_UPDATED } from '../customers.events.js';
import { CustomersService } from '../profile/customers.service.js';

/**
 * Merging duplicates. Nothing the duplicate knew about the person is lost: its phone numbers and
 * e-mails become the survivor's other ones (so its number still finds the person and cannot come
 * back as a new duplicate), empty fields are filled from it, lists are united, notes joined, a block
 * carries over; its notes, consent and status history (marked with the record they came from),
 * figures and referrals move in the same transaction. The duplicate keeps its row (status
 * `merged`, `mergedIntoId` → the survivor), so every reference to it can still be resolved, and
 * `customer.merged` tells other modules to move their references.
 */
@Injectable()
export class CustomerMergeService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
  ) {}

  @Transactional()
  async merge(actor: Actor, survivorId: string, duplicateId: string): Promise<CustomerResponseDto> {
    if (!isUuid(survivorId)) throw CustomerErrors.notFound(survivorId);
    if (survivorId.toLowerCase() === duplicateId.toLowerCase()) throw CustomerErrors.mergeSelf();
    // Both rows locked in id order: two merges of the same pair, either way round, cannot deadlock.
    const rows = await this.db.rows<Customer>(`SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[survivorId, duplicateId]]);
    const survivor = rows.find((row) => row.id === survivorId.toLowerCase());
    const duplicate = rows.find((row) => row.id === duplicateId.toLowerCase());
    if (!survivor) throw CustomerErrors.notFound(survivorId);
    if (!duplicate) throw CustomerErrors.duplicateUnknown(duplicateId);
    assertChangeable(survivor);
    if (duplicate.status === 'merged') throw CustomerErrors.alreadyMerged(duplicate.id, duplicate.mergedIntoId!);
    if (duplicate.status === 'anonymized') throw CustomerErrors.anonymized(duplicate.id);
    const hasSpend = (c: Customer) => c.ticketCount > 0 || Number(c.spendTotal) !== 0;
    if (hasSpend(survivor) && hasSpend(duplicate) && survivor.spendCurrency !== duplicate.spendCurrency) {
      throw CustomerErrors.currencyMismatch(survivor.spendCurrency, duplicate.spendCurrency);
    }

    const referrer = survivor.referredById === duplicate.id ? duplicate.referredById : (survivor.referredById ?? duplicate.referredById);
    const email = survivor.email ?? duplicate.email;
    // The record made first tells how the person first came (and a block on either record stands).
    const first = new Date(duplicate.createdAt).getTime() < new Date(survivor.createdAt).getTime() ? duplicate : survivor;
    const status = duplicate.status === 'blocked' ? 'blocked' : survivor.status;
    // The duplicate's numbers first: clearing its phone below drops whatever it still holds.
    await movePhones(this.db, duplicate.id, survivor.id);
    // An openid is unique: the duplicate's moves to a survivor that has none (else it stays on the merged record, which resolves to the survivor).
    const openIdMoves = survivor.wechatOpenId === null && duplicate.wechatOpenId !== null;
    if (openIdMoves) await this.db.execute('UPDATE customer SET wechat_open_id = NULL WHERE id = $1', [duplicate.id]);
    await this.db.execute(
      `UPDATE customer SET
         email = $2, other_emails = $19, gender = $3, birthday = $4, addresses = $5, referred_by_id = $6, home_store_id = $7, care_notes = $8,
         tags = $9, consents = $10, notes = $11, source = $20, status = $21,
         preferred_channel = $22, wechat_open_id = $23, notification_opt_outs = $24, preferred_staff_ids = $25::uuid[],
         visit_count = visit_count + $12, first_visit_at = LEAST(first_visit_at, $13::timestamptz), last_visit_at = GREATEST(last_visit_at, $14::timestamptz),
         ticket_count = ticket_count + $15, spend_total = spend_total + $16::bigint, spend_currency = $17, no_show_count = no_show_count + $18,
         late_cancellation_count = late_cancellation_count + $26,
         version = version + 1, updated_at = now()
       WHERE id = $1`,
      [
        survivor.id,
        email,
        survivor.gender ?? duplicate.gender,
        survivor.birthday ?? duplicate.birthday,
        JSON.stringify(mergeAddresses(survivor.addresses, duplicate.addresses)),
        referrer === survivor.id ? null : referrer,
        survivor.homeStoreId ?? duplicate.homeStoreId,
        jsonOrNull(mergeCareNotes(survivor.careNotes, duplicate.careNotes)),
        [...new Set([...survivor.tags, ...duplicate.tags])],
        JSON.stringify(mergeConsents(survivor.consents, duplicate.consents)),
        mergeNotes(survivor.notes, duplicate.notes),
        duplicate.visitCount,
        duplicate.firstVisitAt,
        duplicate.lastVisitAt,
        duplicate.ticketCount,
        duplicate.spendTotal,
        hasSpend(survivor) ? survivor.spendCurrency : duplicate.spendCurrency,
        duplicate.noShowCount,
        otherEmailsOf([...survivor.otherEmails, ...(duplicate.email ? [duplicate.email] : []), ...duplicate.otherEmails], email),
        first.source,
        status,
        survivor.preferredChannel ?? duplicate.preferredChannel,
        survivor.wechatOpenId ?? duplicate.wechatOpenId,
        mergeOptOuts(survivor.notificationOptOuts, duplicate.notificationOptOuts),
        mergePreferredStaff(survivor.preferredStaffIds, duplicate.preferredStaffIds),
        duplicate.lateCancellationCount,
      ],
    );
    // The duplicate's figures moved to the survivor: zeroed here so no total counts them twice.
    await this.db.execute(
      `UPDATE customer SET status = 'merged', merged_into_id = $2, phone = NULL, visit_count = 0, first_visit_at = NULL, last_visit_at = NULL,
         ticket_count = 0, spend_total = 0, no_show_count = 0, late_cancellation_count = 0, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [duplicate.id, survivor.id],
    );
    // Records merged into the duplicate earlier now point at the survivor: resolving is always one hop.
    await this.db.execute('UPDATE customer SET merged_into_id = $2, updated_at = now() WHERE merged_into_id = $1', [duplicate.id, survivor.id]);
    const referred = await this.db.rows<{ id: string }>(
      'UPDATE customer SET referred_by_id = $2, version = version + 1, updated_at = now() WHERE referred_by_id = $1 AND id <> $2 RETURNING id',
      [duplicate.id, survivor.id],
    );
    // History moves, marked with the record it was written on (the first, through several merges).
    for (const table of ['customer_note', 'customer_consent_event', 'customer_status_event']) {
      await this.db.execute(`UPDATE ${table} SET customer_id = $2, merged_from_id = coalesce(merged_from_id, $1) WHERE customer_id = $1`, [duplicate.id, survivor.id]);
    }
    const merged = await findCustomer(this.db, survivor.id);

    const fields = changedFields(survivor, merged);
    await this.audit.record({
      action: 'customer.merge',
      entityType: 'customer',
      entityId: survivor.id,
      before: auditChange(fields, survivor),
      after: { ...auditChange(fields, merged), mergedId: duplicate.id },
    });
    await this.audit.record({
      action: 'customer.merged_into',
      entityType: 'customer',
      entityId: duplicate.id,
      before: { status: duplicate.status, version: duplicate.version },
      after: { status: 'merged', version: duplicate.version + 1, survivorId: survivor.id },
    });
    await this.events.publish(CUSTOMER_MERGED, { survivorId: survivor.id, mergedId: duplicate.id });
    // The survivor changed, and so did the customers whose referrer it now is.
    await this.events.publishMany(
      CUSTOMER_UPDATED,
      [survivor.id, ...referred.map((row) => row.id)].map((customerId) => ({ customerId })),
    );
    return toCustomerResponse(merged, privacyFor(actor));
  }
}

/** SQL NULL for null (JSON.stringify would store a JSON `null`). */
const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The survivor's addresses, then the duplicate's that differ; the survivor's default stays the default. */
export function mergeAddresses(survivor: CustomerAddress[], duplicate: CustomerAddress[]): CustomerAddress[] {
  const identity = (a: CustomerAddress) => JSON.stringify([a.line1, a.line2, a.district, a.city, a.province, a.postalCode, a.country, a.recipient]);
  const seen = new Set(survivor.map(identity));
  const hasDefault = survivor.some((a) => a.isDefault);
  const added = duplicate.filter((a) => !seen.has(identity(a))).map((a) => (hasDefault ? { ...a, isDefault: false } : a));
  const out = [...survivor, ...added];
  // Without a default on the survivor, the duplicate's first default (if any) is the only one.
  let defaultSeen = false;
  return out.map((a) => {
    if (!a.isDefault) return a;
    if (defaultSeen) return { ...a, isDefault: false };
    defaultSeen = true;
    return a;
  });
}

/** Both records' free-text notes, the survivor's first; one when they say the same. */
export function mergeNotes(survivor: string | null, duplicate: string | null): string | null {
  if (!survivor || !duplicate || survivor === duplicate) return survivor ?? duplicate;
  return `${survivor}\n\n${duplicate}`;
}

/**
 * Empty fields filled from the duplicate; allergies are the union (a known allergy must never be
 * lost), and so is the free text (it may hold a warning: "pregnant: no chemical peels").
 */
export function mergeCareNotes(survivor: CareNotes | null, duplicate: CareNotes | null): CareNotes | null {
  if (!survivor || !duplicate) return survivor ?? duplicate;
  return {
    skinType: survivor.skinType ?? duplicate.skinType,
    hairType: survivor.hairType ?? duplicate.hairType,
    allergies: [...new Set([...survivor.allergies, ...duplicate.allergies])],
    other: mergeNotes(survivor.other, duplicate.other),
  };
}

/** Every category either record opted out of: a person's "no" is never lost to a merge. */
export function mergeOptOuts(survivor: readonly string[], duplicate: readonly string[]): string[] {
  return NOTIFICATION_CATEGORIES.filter((category) => survivor.includes(category) || duplicate.includes(category));
}

/** The survivor's preferred staff, then the duplicate's not already there, up to the limit. */
export function mergePreferredStaff(survivor: readonly string[], duplicate: readonly string[]): string[] {
  return [...new Set([...survivor, ...duplicate])].slice(0, CustomersService.MAX_PREFERRED_STAFF);
}

/** Per channel, the most recent decision of the person stands, whichever record it was given on. */
export function mergeConsents(survivor: Consents, duplicate: Consents): Consents {
  const out: Consents = { ...survivor };
  for (const channel of CONSENT_CHANNELS) {
    const theirs = duplicate[channel];
    const ours = survivor[channel];
    if (theirs && (!ours || Date.parse(theirs.at) > Date.parse(ours.at))) out[channel] = theirs;
  }
  return out;
}

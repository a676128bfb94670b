import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { columnList, Db, PG, pgError, Transactional } from '../../../common/database/index.js';
import { DomainError } from '../../../common/errors/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { divide, moneyOf, type Money } from '../../../common/money/index.js';
import { isUuid, maskPhone } from '../../../common/validation/index.js';
import { applyConsents, recordConsentChanges } from './customer-consents.js';
import { CustomerLookupLimiter } from '../search/customer-lookup-limiter.js';
import { nameKeyColumns } from '../search/customer-name-keys.js';
import { privacyFor, type CustomerPrivacy } from '../privacy/customer-privacy.js';
import { otherEmailsOf, otherPhonesOf, replaceOtherPhones } from './customer-phones.js';
import { assertChangeable, auditChange, changedFields, findCustomer, guardPhone, phoneTaken, PROFILE_FIELDS, toAddresses, toCareNotes, type PhoneField } from './customer-rows.js';
import { CUSTOMER_COLUMNS } from './customer-sql.js';
import { NOTIFICATION_CATEGORIES, type Customer, type CustomerOtherPhone, type CustomerStatus, type SourceChannel } from './customer.entity.js';
import { toCustomerResponse, type CustomerResponseDto } from '../dto/customer-response.dto.js';
import type { CreateCustomerDto, CustomerFiguresResponseDto, CustomerPhoneDto, UpdateCustomerDto } from '../dto/customer.dto.js';
import { CustomerErrors } from '../customers.errors.js';
import { CUSTOMER_CREATED, CUSTOMER_UPDATED } from '../customers.events.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';

/** What happened that changes a customer's figures (see `CustomersService.recordActivity`). */
export interface CustomerActivity {
  /** A visit (a completed appointment or a checkout in store) at this time. */
  visitAt?: Date;
  /** Money paid (negative: refunded), in minor units. */
  spend?: Money;
  /** Whether `spend` is a new paid ticket (the divisor of the average ticket); default: when spend > 0. */
  countTicket?: boolean;
  /** The customer did not come to a booked appointment. */
  noShow?: boolean;
  /** The customer cancelled an appointment within the store's cancellation window. */
  lateCancellation?: boolean;
}

/** A customer as a list of appointments names them (`CustomersService.cardsOf`). */
export interface CustomerCard {
  id: string;
  name: string;
  /** As the caller may see it (`138****5678` for a beautician); null when there is none or no caller. */
  phone: string | null;
}

/**
 * The customer use cases behind /v1/customers (profile, duplicates, block), and what other modules
 * may ask: `recordActivity` (figures), `resolveId` (follow a merge). Customers belong to the
 * business, not to a store: every staff member may read them.
 */
@Injectable()
export class CustomersService {
  /** A customer names at most this many preferred staff members. */
  static readonly MAX_PREFERRED_STAFF = 5;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CustomerLookupLimiter) private readonly lookups: CustomerLookupLimiter,
    @Inject(DurableEvents) private readonly events: DurableEvents,
  ) {}

  /**
   * For a caller who sees contact data masked, "this number is taken" is an answer about a number it
   * may not search by: each one counts as a look-up (429 past the limit), as searches do.
   */
  private async countingProbes<T>(actor: Actor, privacy: CustomerPrivacy, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!privacy.fullContact && error instanceof DomainError && error.code === 'customer.phone_taken') await this.lookups.take(actor);
      throw error;
    }
  }

  /** Creates a customer; a number another customer holds answers 409 `customer.phone_taken` naming it. */
  @Transactional()
  async create(actor: Actor, dto: CreateCustomerDto): Promise<CustomerResponseDto> {
    const privacy = privacyFor(actor);
    const { consents, changes } = applyConsents({}, dto.consents);
    const referredById = dto.referredById ? await this.resolveReferrer(dto.referredById) : null;
    const otherPhones = otherPhonesOf(dto.otherPhones ?? [], dto.phone);
    const phones = phoneFields(dto.phone, dto.otherPhones, otherPhones);
    const [row] = await this.countingProbes(actor, privacy, () =>
      guardPhone(this.db, privacy, phones, null, () =>
        this.db.rows<Customer>(
          `INSERT INTO customer (name, phone, email, gender, birthday, addresses, source, referred_by_id, home_store_id, care_notes, tags, consents, notes, other_emails,
             locale, preferred_channel, wechat_open_id, notification_opt_outs, name_pinyin, name_initials)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING ${CUSTOMER_COLUMNS}`,
          [
            dto.name,
            dto.phone,
            dto.email ?? null,
            dto.gender ?? null,
            dto.birthday ?? null,
            JSON.stringify(toAddresses(dto.addresses ?? [])),
            dto.source ?? (referredById ? 'referral' : 'walk_in'),
            referredById,
            dto.homeStoreId ?? null,
            dto.careNotes ? JSON.stringify(toCareNotes(dto.careNotes)) : null,
            dto.tags ?? [],
            JSON.stringify(consents),
            dto.notes ?? null,
            otherEmailsOf(dto.otherEmails ?? [], dto.email ?? null),
            dto.locale ?? 'zh-CN',
            dto.preferredChannel ?? null,
            dto.wechatOpenId ?? null,
            optOuts(dto.notificationOptOuts ?? []),
            ...nameKeyColumns(dto.name).map(([, value]) => value),
          ],
        ),
      ),
    );
    await this.countingProbes(actor, privacy, () => this.setOtherPhones(row.id, otherPhones, phones, privacy));
    row.otherPhones = otherPhones;
    await recordConsentChanges(this.db, row.id, changes);
    const given = PROFILE_FIELDS.filter((field) => dto[field] !== undefined && dto[field] !== null);
    await this.audit.record({ action: 'customer.create', entityType: 'customer', entityId: row.id, after: auditChange(given, row) });
    await this.events.publish(CUSTOMER_CREATED, { customerId: row.id });
    return toCustomerResponse(row, privacy);
  }

  /**
   * One customer as the actor may see it. A merged record answers too (status `merged`,
   * `mergedIntoId`), so old links still work. Full reads by API keys are audited (PIPL).
   */
  async get(actor: Actor, id: string): Promise<CustomerResponseDto> {
    const row = await findCustomer(this.db, id);
    const privacy = privacyFor(actor);
    if (privacy.auditReads) await this.audit.recordAccess({ action: 'customer.read', entityType: 'customer', entityId: id });
    return toCustomerResponse(row, privacy);
  }

  /**
   * Applies the fields given if the customer is still at `expectedVersion` (If-Match); the
   * conditional UPDATE is the arbiter between concurrent edits. Consent changes are recorded.
   */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateCustomerDto): Promise<CustomerResponseDto> {
    const before = await findCustomer(this.db, id);
    assertChangeable(before);
    assertVersion(before, expectedVersion);

    const privacy = privacyFor(actor);
    const { consents, changes: consentChanges } = applyConsents(before.consents, dto.consents);
    const email = dto.email !== undefined ? dto.email : before.email;
    const otherPhones = dto.otherPhones && otherPhonesOf(dto.otherPhones, dto.phone ?? before.phone);
    const phonesChange = otherPhones !== undefined && JSON.stringify(otherPhones) !== JSON.stringify(before.otherPhones ?? []);
    const sets: Array<[column: string, value: unknown]> = [];
    if (dto.name !== undefined) sets.push(['name', dto.name], ...nameKeyColumns(dto.name));
    if (dto.phone !== undefined) sets.push(['phone', dto.phone]);
    if (dto.email !== undefined) sets.push(['email', dto.email]);
    if (dto.otherEmails !== undefined || dto.email !== undefined) sets.push(['other_emails', otherEmailsOf(dto.otherEmails ?? before.otherEmails, email)]);
    if (dto.gender !== undefined) sets.push(['gender', dto.gender]);
    if (dto.birthday !== undefined) sets.push(['birthday', dto.birthday]);
    if (dto.addresses !== undefined) sets.push(['addresses', JSON.stringify(toAddresses(dto.addresses))]);
    if (dto.source !== undefined) sets.push(['source', dto.source]);
    if (dto.referredById !== undefined) sets.push(['referred_by_id', dto.referredById === null ? null : await this.resolveReferrer(dto.referredById, id)]);
    if (dto.homeStoreId !== undefined) sets.push(['home_store_id', dto.homeStoreId]);
    if (dto.careNotes !== undefined) sets.push(['care_notes', dto.careNotes === null ? null : JSON.stringify(toCareNotes(dto.careNotes))]);
    if (dto.tags !== undefined) sets.push(['tags', dto.tags]);
    if (consentChanges.length) sets.push(['consents', JSON.stringify(consents)]);
    if (dto.notes !== undefined) sets.push(['notes', dto.notes]);
    if (dto.locale !== undefined) sets.push(['locale', dto.locale]);
    if (dto.preferredChannel !== undefined) sets.push(['preferred_channel', dto.preferredChannel]);
    if (dto.wechatOpenId !== undefined) sets.push(['wechat_open_id', dto.wechatOpenId]);
    if (dto.notificationOptOuts !== undefined) sets.push(['notification_opt_outs', optOuts(dto.notificationOptOuts)]);
    if (sets.length === 0 && !phonesChange) return toCustomerResponse(before, privacy);

    const phones = phoneFields(dto.phone, dto.otherPhones, otherPhones ?? []);
    await this.countingProbes(actor, privacy, () =>
      guardPhone(this.db, privacy, phones, id, () =>
        updateVersioned(this.db, {
          table: 'customer',
          id,
          expectedVersion,
          changes: sets,
          returning: 'id',
          andWhere: "status IN ('active', 'blocked')",
          // Changed in between: anonymized or merged says so; anything else is a stale version.
          onStale: async () => assertChangeable(await findCustomer(this.db, id)),
        }),
      ),
    );
    if (otherPhones) await this.countingProbes(actor, privacy, () => this.setOtherPhones(id, otherPhones, phones, privacy));
    // Read back once the numbers changed too (the trigger moves the primary's).
    const row = await findCustomer(this.db, id);
    await recordConsentChanges(this.db, id, consentChanges);
    const fields = changedFields(before, row);
    await this.audit.record({ action: 'customer.update', entityType: 'customer', entityId: id, before: auditChange(fields, before), after: auditChange(fields, row) });
    await this.events.publish(CUSTOMER_UPDATED, { customerId: id });
    return toCustomerResponse(row, privacy);
  }

  /** Gives the customer these other numbers, or refuses the whole change when another customer holds one. */
  private async setOtherPhones(id: string, otherPhones: CustomerOtherPhone[], phones: PhoneField[], privacy: CustomerPrivacy): Promise<void> {
    const refused = await replaceOtherPhones(this.db, id, otherPhones);
    if (refused.length === 0) return;
    const taken = await phoneTaken(
      this.db,
      privacy,
      phones.filter((p) => refused.includes(p.number)),
      id,
    );
    if (taken) throw taken;
    throw new Error(`customer ${id}: numbers refused but held by nobody else`);
  }

  /**
   * A blocked customer takes no new bookings or orders (later modules ask `status`). The reason is
   * kept in the status history (timeline). Idempotent: blocking a blocked customer changes nothing.
   */
  @Transactional()
  block(actor: Actor, id: string, reason: string): Promise<CustomerResponseDto> {
    return this.setStatus(actor, id, 'active', 'blocked', reason);
  }

  @Transactional()
  unblock(actor: Actor, id: string, reason: string | null): Promise<CustomerResponseDto> {
    return this.setStatus(actor, id, 'blocked', 'active', reason);
  }

  /**
   * Adds to a customer's figures (visits, spend, no-shows) in ONE conditional UPDATE, never
   * read-then-write, so concurrent calls add up exactly. Joins the caller's transaction (an order's
   * payment, an appointment's completion), so the figures commit or roll back with it. The caller's
   * own change is what the audit log records; figures are derived from it.
   *
   * A merged record's activity goes to its survivor; anonymized customers keep their figures. The
   * spend currency is the first one recorded: another currency answers `customer.currency_mismatch`.
   */
  @Transactional()
  async recordActivity(customerId: string, activity: CustomerActivity): Promise<CustomerFiguresResponseDto> {
    const visitAt = activity.visitAt ?? null;
    if (visitAt && Number.isNaN(visitAt.getTime())) throw new RangeError('recordActivity: visitAt is not a valid date');
    const spend = activity.spend ?? null;
    if (spend && (!Number.isSafeInteger(spend.amount) || !/^[A-Z]{3}$/.test(spend.currency)))
      throw new RangeError('recordActivity: spend must be integer minor units and an ISO currency');
    const tickets = (activity.countTicket ?? (spend !== null && spend.amount > 0)) ? 1 : 0;

    let id = customerId;
    for (let hop = 0; hop < 3; hop++) {
      if (!isUuid(id)) throw CustomerErrors.notFound(id);
      const [row] = await this.db.rows<FigureRow>(
        `UPDATE customer SET
           visit_count = visit_count + $2,
           first_visit_at = LEAST(first_visit_at, $3::timestamptz),
           last_visit_at = GREATEST(last_visit_at, $3::timestamptz),
           ticket_count = ticket_count + $4,
           spend_total = spend_total + $5::bigint,
           spend_currency = CASE WHEN $6::text IS NOT NULL AND ticket_count = 0 AND spend_total = 0 THEN $6::text ELSE spend_currency END,
           no_show_count = no_show_count + $7,
           late_cancellation_count = late_cancellation_count + $8
         WHERE id = $1 AND status <> 'merged'
           AND ($6::text IS NULL OR spend_currency = $6::text OR (ticket_count = 0 AND spend_total = 0))
         RETURNING ${FIGURE_COLUMNS}`,
        [id, visitAt ? 1 : 0, visitAt?.toISOString() ?? null, tickets, spend?.amount ?? 0, spend?.currency ?? null, activity.noShow ? 1 : 0, activity.lateCancellation ? 1 : 0],
      );
      if (row) return toFigures(row);
      // No row: unknown, merged away (follow it), or another currency. Nothing was written.
      const [state] = await this.db.rows<{ status: CustomerStatus; mergedIntoId: string | null; spendCurrency: string }>(
        'SELECT status, merged_into_id AS "mergedIntoId", spend_currency AS "spendCurrency" FROM customer WHERE id = $1',
        [id],
      );
      if (!state) throw CustomerErrors.notFound(id);
      if (state.status !== 'merged') throw CustomerErrors.currencyMismatch(state.spendCurrency, spend!.currency);
      id = state.mergedIntoId!;
    }
    throw new Error(`recordActivity: customer ${customerId} is merged too many times over`);
  }

  /**
   * What a booking or an order asks before taking a customer: who `id` stands for now (its survivor
   * when merged), whether they may book (`active`; `blocked` is refused by the caller; anonymized
   * records are gone for business), and whom they prefer to be served by (a booking proposes them
   * first: read here, it costs the booking no second statement). Null when unknown.
   */
  async bookingStatus(id: string): Promise<{ id: string; status: CustomerStatus; preferredStaffIds: string[] } | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.rows<{ id: string; status: CustomerStatus; preferredStaffIds: string[] }>(
      `SELECT c.id, c.status, c.preferred_staff_ids::text[] AS "preferredStaffIds" FROM customer c WHERE c.id = (SELECT coalesce(merged_into_id, id) FROM customer WHERE id = $1)`,
      [id],
    );
    return row ?? null;
  }

  /**
   * The customer holding this number (as primary or other number), or a new one registered with this
   * name and number: a booking or order taken by phone or at the desk creates no duplicate. Two such
   * requests for one new number at once make one customer (the loser of the insert finds the winner's).
   */
  @Transactional()
  async findOrRegisterByPhone(
    actor: Actor,
    contact: { name: string; phone: string; email?: string; source: SourceChannel },
  ): Promise<{ id: string; status: CustomerStatus; created: boolean }> {
    const found = await this.holderOfPhone(contact.phone);
    if (found) return { ...found, created: false };
    await this.db.execute('SAVEPOINT customer_register');
    try {
      // An order's contact may carry an e-mail: a new customer keeps it (a found one is left as it is).
      const created = await this.create(actor, { name: contact.name, phone: contact.phone, source: contact.source, ...(contact.email ? { email: contact.email } : {}) });
      await this.db.execute('RELEASE SAVEPOINT customer_register');
      return { id: created.id, status: 'active', created: true };
    } catch (error) {
      if (!(error instanceof DomainError && error.code.startsWith('customer.phone_taken')) && pgError(error)?.code !== PG.UNIQUE_VIOLATION) throw error;
      await this.db.execute('ROLLBACK TO SAVEPOINT customer_register');
      const winner = await this.holderOfPhone(contact.phone);
      if (!winner) throw error;
      return { ...winner, created: false };
    }
  }

  /**
   * The customer holding this number (E.164; as primary or other number: a merged record's numbers are
   * its survivor's), or null: a customer signing in to a customers' app is signed up only when null.
   */
  async holderOfPhone(phone: string): Promise<{ id: string; status: CustomerStatus } | null> {
    const [row] = await this.db.rows<{ id: string; status: CustomerStatus }>(
      `SELECT c.id, c.status FROM customer_phone p JOIN customer c ON c.id = p.customer_id WHERE p.number = $1 ORDER BY c.status = 'active' DESC LIMIT 1`,
      [phone],
    );
    return row ?? null;
  }

  /** The id that now stands for `id`: its survivor when it was merged, itself otherwise; null when unknown. */
  async resolveId(id: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.rows<{ id: string }>('SELECT coalesce(merged_into_id, id) AS id FROM customer WHERE id = $1', [id]);
    return row?.id ?? null;
  }

  /**
   * Customers as lists of appointments show them, by id: the name, and the phone as `actor` may see
   * it (masked for a beautician and for API keys); without an actor (a calendar feed) the name only.
   * Unknown ids are left out. One query.
   */
  async cardsOf(ids: readonly string[], actor?: Actor): Promise<Map<string, CustomerCard>> {
    const candidates = [...new Set(ids.filter(isUuid))];
    if (candidates.length === 0) return new Map();
    const rows = await this.db.rows<CustomerCard>('SELECT id, name, phone FROM customer WHERE id = ANY($1::uuid[])', [candidates]);
    // Full numbers for API keys are read through the customer routes, where such reads are audited.
    const privacy = actor ? privacyFor(actor) : null;
    const full = privacy !== null && privacy.fullContact && !privacy.auditReads;
    return new Map(rows.map((row) => [row.id, { id: row.id, name: row.name, phone: privacy === null || row.phone === null ? null : full ? row.phone : maskPhone(row.phone) }]));
  }

  /** The staff members the customer prefers, most preferred first (scheduling's ids); `customer.not_found` when unknown. */
  async preferredStaffOf(customerId: string): Promise<string[]> {
    return (await findCustomer(this.db, customerId)).preferredStaffIds;
  }

  /**
   * Replaces the customer's preferred staff (scheduling checked the ids), bumping the version as any
   * profile change does. The ids are not personal data: the audit row keeps them.
   */
  @Transactional()
  async setPreferredStaff(customerId: string, staffMemberIds: readonly string[]): Promise<string[]> {
    const before = await findCustomer(this.db, customerId, 'update');
    assertChangeable(before);
    const ids = [...staffMemberIds];
    if (ids.length > CustomersService.MAX_PREFERRED_STAFF) throw new RangeError(`setPreferredStaff: at most ${CustomersService.MAX_PREFERRED_STAFF} staff members`);
    if (JSON.stringify(ids) === JSON.stringify(before.preferredStaffIds)) return before.preferredStaffIds;
    const [row] = await this.db.rows<{ preferredStaffIds: string[]; version: number }>(
      `UPDATE customer SET preferred_staff_ids = $2::uuid[], version = version + 1, updated_at = now() WHERE id = $1
       RETURNING preferred_staff_ids::text[] AS "preferredStaffIds", version`,
      [before.id, ids],
    );
    const change = (preferredStaffIds: string[], version: number) => ({ fields: ['preferredStaffIds'], preferredStaffIds, status: before.status, version });
    await this.audit.record({
      action: 'customer.update',
      entityType: 'customer',
      entityId: before.id,
      before: change(before.preferredStaffIds, before.version),
      after: change(row.preferredStaffIds, row.version),
    });
    await this.events.publish(CUSTOMER_UPDATED, { customerId: before.id });
    return row.preferredStaffIds;
  }

  /** The referrer as stored: a merged referrer stands for its survivor. Unknown → 422 naming the field. */
  private async resolveReferrer(referredById: string, self?: string): Promise<string> {
    const resolved = await this.resolveId(referredById);
    if (!resolved) {
      throw CustomerErrors.unknownReferrer(referredById);
    }
    if (resolved === self) throw CustomerErrors.referralSelf();
    return resolved;
  }

  private async setStatus(actor: Actor, id: string, from: CustomerStatus, to: CustomerStatus, reason: string | null): Promise<CustomerResponseDto> {
    const before = await findCustomer(this.db, id, 'update');
    assertChangeable(before);
    if (before.status === to) return toCustomerResponse(before, privacyFor(actor));
    const [row] = await this.db.rows<Customer>(
      `UPDATE customer SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status = $3 RETURNING ${CUSTOMER_COLUMNS}`,
      [id, to, from],
    );
    // The reason is free text about the person: it stays with the customer (anonymization erases
    // it), and the audit row points at it, as a note's text stays out of the audit log.
    const [event] = await this.db.rows<{ id: string }>(
      `INSERT INTO customer_status_event (customer_id, status, reason, actor_type, actor_id, actor_name) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [id, to, reason, actor.kind, actor.id, actor.name ?? null],
    );
    await this.audit.record({
      action: to === 'blocked' ? 'customer.block' : 'customer.unblock',
      entityType: 'customer',
      entityId: id,
      before: { status: before.status, version: before.version },
      after: { status: row.status, version: row.version, statusEventId: event.id, reasonGiven: reason !== null },
    });
    await this.events.publish(CUSTOMER_UPDATED, { customerId: id });
    return toCustomerResponse(row, privacyFor(actor));
  }
}

interface FigureRow {
  visitCount: number;
  firstVisitAt: Date | null;
  lastVisitAt: Date | null;
  ticketCount: number;
  spendTotal: string;
  spendCurrency: string;
  noShowCount: number;
  lateCancellationCount: number;
}

const FIGURE_COLUMNS = columnList<FigureRow>({
  visitCount: 'visit_count',
  firstVisitAt: 'first_visit_at',
  lastVisitAt: 'last_visit_at',
  ticketCount: 'ticket_count',
  spendTotal: 'spend_total',
  spendCurrency: 'spend_currency',
  noShowCount: 'no_show_count',
  lateCancellationCount: 'late_cancellation_count',
});

function toFigures(row: FigureRow): CustomerFiguresResponseDto {
  const spend = moneyOf(row.spendTotal, row.spendCurrency);
  return {
    visitCount: row.visitCount,
    firstVisitAt: row.firstVisitAt,
    lastVisitAt: row.lastVisitAt,
    totalSpend: spend,
    averageTicket: row.ticketCount > 0 ? divide(spend, row.ticketCount, 'half-up') : null,
    noShowCount: row.noShowCount,
    lateCancellationCount: row.lateCancellationCount,
  };
}

/**
 * The numbers a request gives, with the field each came in (for the 409): `phone` when given, then
 * each kept other number at its index in the request.
 */
function phoneFields(phone: string | undefined, given: CustomerPhoneDto[] | undefined, kept: CustomerOtherPhone[]): PhoneField[] {
  const fields: PhoneField[] = phone === undefined ? [] : [{ number: phone, field: 'phone' }];
  for (const other of kept) fields.push({ number: other.number, field: `otherPhones[${given!.findIndex((p) => p.number === other.number)}].number` });
  return fields;
}

/** Opt-outs in the order of NOTIFICATION_CATEGORIES, so the same choice is always stored the same way. */
function optOuts(given: readonly string[]): string[] {
  return NOTIFICATION_CATEGORIES.filter((category) => given.includes(category));
}

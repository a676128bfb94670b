import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { hashSecret, randomSecret } from '../../identity/index.js';
import { StoresService } from '../../stores/index.js';
import { SchedulingErrors } from '../scheduling.errors.js';
import { StaffAccess, type StaffMemberRef } from '../staff-access.js';
import { CalendarFeedSources, feedWindow } from './calendar-feed-sources.js';
import type { CalendarFeedLinkDto, CalendarFeedStatusDto } from './dto/calendar-feed.dto.js';
import { writeCalendar, type IcsCalendar } from './ical.js';

/** Phones should fetch again after this many minutes (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const FEED_REFRESH_MINUTES = 60;
/** Bytes of randomness in a feed secret. */
const SECRET_BYTES = 32;
/** Compared against when a staff member has no feed, so "no feed" takes as long as "wrong secret". */
const NO_HASH = '0'.repeat(64);
/** Every DTSTAMP line: when the copy was made, the one thing two copies of an unchanged calendar differ in. */
const DTSTAMP_LINES = /\r\nDTSTAMP:\d{8}T\d{6}Z/g;

export interface RenderedFeed {
  body: string;
  /** Weak: two copies differ only in their DTSTAMP (when each was made). */
  etag: string;
}

/**
 * A staff member's iCalendar feed: a secret link their phone subscribes to (no sign-in), made,
 * replaced and turned off by them or by their managers; only its SHA-256 is stored.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(CalendarFeedSources) private readonly sources: CalendarFeedSources,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async status(actor: Actor, staffMemberId: string): Promise<CalendarFeedStatusDto> {
    await this.holder(actor, staffMemberId);
    const [row] = await this.db.rows<{ active: boolean; rotatedAt: Date | null }>(
      `SELECT calendar_feed_token_hash IS NOT NULL AS active, CASE WHEN calendar_feed_token_hash IS NOT NULL THEN calendar_feed_rotated_at END AS "rotatedAt"
         FROM staff_member WHERE id = $1`,
      [staffMemberId],
    );
    return row ?? { active: false, rotatedAt: null };
  }

  /**
   * Makes the link, or replaces it: the old one stops working with this commit. The answer is the only
   * place the secret ever appears (not in the database, the audit trail or the logs).
   */
  @Transactional()
  async rotate(actor: Actor, staffMemberId: string, origin: string): Promise<CalendarFeedLinkDto> {
    const member = await this.holder(actor, staffMemberId);
    const secret = randomSecret(SECRET_BYTES);
    // The row lock orders concurrent rotations: the last to commit holds the only working link.
    const [row] = await this.db.rows<{ hadFeed: boolean; rotatedAt: Date }>(
      `UPDATE staff_member m SET calendar_feed_token_hash = $2, calendar_feed_rotated_at = $3
         FROM (SELECT id, calendar_feed_token_hash IS NOT NULL AS had FROM staff_member WHERE id = $1 FOR UPDATE) old
        WHERE m.id = old.id
        RETURNING old.had AS "hadFeed", m.calendar_feed_rotated_at AS "rotatedAt"`,
      [member.id, hashSecret(secret), this.clock.now()],
    );
    if (!row) throw SchedulingErrors.staffMemberNotFound(staffMemberId);
    await this.audit.record({
      action: row.hadFeed ? 'staff_member.calendar_feed_rotate' : 'staff_member.calendar_feed_create',
      entityType: 'staff_member',
      entityId: member.id,
      storeId: member.storeIds[0] ?? null,
      before: { calendarFeed: row.hadFeed },
      after: { calendarFeed: true, rotatedAt: row.rotatedAt },
    });
    const base = (this.config.PUBLIC_BASE_URL || origin).replace(/\/+$/, '');
    return { url: `${base}/v1/staff/${member.id}/calendar.ics?token=${secret}`, rotatedAt: row.rotatedAt };
  }

  /** Turns the link off (nothing happens when there is none). */
  @Transactional()
  async revoke(actor: Actor, staffMemberId: string): Promise<void> {
    const member = await this.holder(actor, staffMemberId);
    const changed = await this.db.execute(
      `UPDATE staff_member SET calendar_feed_token_hash = NULL, calendar_feed_rotated_at = NULL WHERE id = $1 AND calendar_feed_token_hash IS NOT NULL`,
      [member.id],
    );
    if (changed === 0) return;
    await this.audit.record({
      action: 'staff_member.calendar_feed_revoke',
      entityType: 'staff_member',
      entityId: member.id,
      storeId: member.storeIds[0] ?? null,
      before: { calendarFeed: true },
      after: { calendarFeed: false },
    });
  }

  /**
   * The calendar behind a link. A wrong secret, a replaced or turned-off link and an id that is not the
   * link's all answer the same 404, and the secret's hash is compared in constant time.
   */
  async render(staffMemberId: string, token: string): Promise<RenderedFeed> {
    const member = isUuid(staffMemberId)
      ? (
          await this.db.rows<{ id: string; displayName: string; hash: string | null; storeIds: string[] }>(
            `SELECT m.id, m.display_name AS "displayName", m.calendar_feed_token_hash AS hash,
                    array(SELECT s.store_id FROM staff_member_store s WHERE s.staff_member_id = m.id ORDER BY s.store_id)::text[] AS "storeIds"
               FROM staff_member m WHERE m.id = $1`,
            [staffMemberId],
          )
        )[0]
      : undefined;
    if (!sameHash(hashSecret(token), member?.hash ?? NO_HASH) || !member?.hash) throw SchedulingErrors.calendarFeedNotFound();

    const now = this.clock.now();
    const [events, timeZone] = await Promise.all([
      this.sources.events(feedWindow(member.id, now)),
      member.storeIds.length ? this.stores.getTimeZone(member.storeIds[0]) : this.config.BUSINESS_TIME_ZONE,
    ]);
    const calendar: IcsCalendar = { prodId: '-//Bloom//Staff calendar//EN', name: `Bloom · ${member.displayName}`, timeZone, refreshMinutes: FEED_REFRESH_MINUTES, events };
    const body = writeCalendar(calendar, now);
    // The ETag covers everything but the stamps, so a phone asking again gets 304 until an event changes.
    const etag = `W/"${createHash('sha256').update(body.replace(DTSTAMP_LINES, '')).digest('base64url').slice(0, 32)}"`;
    return { body, etag };
  }

  /**
   * The staff member whose link the actor may see and change: themselves, or someone an owner, a manager
   * of one of their stores or an API key (within its stores) sees. Anyone else's answers 404.
   */
  private async holder(actor: Actor, staffMemberId: string): Promise<StaffMemberRef> {
    const member = await this.access.visible(actor, staffMemberId);
    const managesThem = actor.kind === 'api_key' || (actor.kind === 'user' && (actor.role === 'owner' || actor.role === 'manager'));
    if (!managesThem && !this.access.isSelf(actor, member)) throw SchedulingErrors.staffMemberNotFound(staffMemberId);
    return member;
  }
}

/** Equal hex digests, compared in constant time. */
function sameHash(given: string, stored: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `If-None-Match` names this ETag (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const listed = (Array.isArray(header) ? header.join(',') : header).split(',').map((tag) => tag.trim());
  return listed.includes('*') || listed.some((tag) => opaque(tag) === opaque(etag));
}

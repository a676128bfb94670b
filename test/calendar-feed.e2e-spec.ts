import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import type supertest from 'supertest';
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { PROBLEM } from './support/responses.js';
import { createStaffMember, insertShift, insertTimeOff, type StaffMemberRecord } from './support/scheduling.js';

const BASE = 'https://api.bloom.example';
/** The feed is made "now": the window runs from 30 days before to 120 days after. */
const NOW = '2027-06-20T00:00:00.000Z';

/** A supertest request (or its answer) for the path and query of a feed URL. */
const pathOf = (url: string) => url.slice(BASE.length);
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
const feedPath = (id: string) => `/v1/staff/${id}/calendar-feed`;
/** Every link the tests were given, to look for in the logs at the end. */
const issued: string[] = [];

interface FeedEvent {
  uid: string;
  start: string;
  end: string;
  status: string;
  transp: string;
  sequence: number;
  summary: string;
  location: string | null;
  description: string | null;
}

/** Parses a feed with ical.js (which throws on malformed iCalendar) and lists its events, sorted by UID. */
function parseFeed(text: string): { root: ICAL.Component; events: FeedEvent[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  const events = root.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const instant = (time: ICAL.Time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
    return {
      uid: event.uid,
      start: instant(event.startDate),
      end: instant(event.endDate),
      status: String(component.getFirstPropertyValue('status')),
      transp: String(component.getFirstPropertyValue('transp')),
      sequence: event.sequence,
      summary: event.summary,
      location: event.location ?? null,
      description: event.description ?? null,
    };
  });
  return { root, events: events.sort((a, b) => a.uid.localeCompare(b.uid)) };
}

/** RFC 5545 §3.1 and §3.6 beyond what ical.js checks: CRLF lines of at most 75 octets, required properties, one of each. */
function assertRfc5545(text: string): void {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  const unfolded = text
    .replace(/\r\n[ \t]/g, '')
    .slice(0, -2)
    .split('\r\n');
  expect(unfolded[0]).toBe('BEGIN:VCALENDAR');
  expect(unfolded.at(-1)).toBe('END:VCALENDAR');
  for (const required of ['VERSION:2.0', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H']) {
    expect(unfolded).toContain(required);
  }
  expect(unfolded.some((line) => line.startsWith('PRODID:'))).toBe(true);
  const blocks = text
    .replace(/\r\n[ \t]/g, '')
    .split('BEGIN:VEVENT')
    .slice(1);
  for (const block of blocks) {
    for (const name of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'STATUS', 'TRANSP', 'SEQUENCE']) {
      expect(block.split('\r\n').filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))).toHaveLength(1);
    }
  }
}

describe('the iCalendar feed of a staff member', () => {
  let t: TestApp;
  let shanghai: StoreRecord;
  let london: StoreRecord;
  let tony: StaffMemberRecord;
  beforeAll(async () => {
    t = await startTestApp({ captureLogs: true, clock: new FixedClock(NOW), env: { PUBLIC_BASE_URL: BASE } });
    shanghai = await createStore(t, { name: '静安店, Jing’an; 2F', timeZone: 'Asia/Shanghai' });
    london = await createStore(t, { name: 'Covent Garden', timeZone: 'Europe/London' });
    tony = await createStaffMember(t, { storeIds: [shanghai.id, london.id], displayName: 'Tony 老师', login: 'beautician' });
  });
  afterAll(() => t.close());

  /** Makes (or replaces) the link as `auth`; answers the new URL. */
  async function rotate(id: string, auth: Record<string, string>): Promise<string> {
    const res = await t.http.post(feedPath(id)).set(auth);
    expect(res.status).toBe(201);
    issued.push(res.body.url);
    return res.body.url;
  }
  const fetchFeed = (url: string): supertest.Test => t.http.get(pathOf(url)).buffer(true).parse(textParser);

  it('makes a link shown once, tells its status without it, and serves the shifts and time off of the database', async () => {
    const shift = await insertShift(t, {
      staffMemberId: tony.id,
      storeId: shanghai.id,
      date: '2027-06-22',
      start: '2027-06-22T10:00:00+08:00',
      end: '2027-06-22T19:00:00+08:00',
      breaks: [{ start: '2027-06-22T12:30:00+08:00', end: '2027-06-22T13:15:00+08:00' }],
    });
    const cancelled = await insertShift(t, {
      staffMemberId: tony.id,
      storeId: shanghai.id,
      date: '2027-06-23',
      start: '2027-06-23T10:00:00+08:00',
      end: '2027-06-23T19:00:00+08:00',
      status: 'cancelled',
    });
    const past = await insertShift(t, { staffMemberId: tony.id, storeId: shanghai.id, date: '2027-06-01', start: '2027-06-01T02:00:00Z', end: '2027-06-01T10:00:00Z' });
    // Outside the window: 31 days ago and 121 days ahead.
    await insertShift(t, { staffMemberId: tony.id, storeId: shanghai.id, date: '2027-05-20', start: '2027-05-20T02:00:00Z', end: '2027-05-20T10:00:00Z' });
    await insertShift(t, { staffMemberId: tony.id, storeId: shanghai.id, date: '2027-10-19', start: '2027-10-19T02:00:00Z', end: '2027-10-19T10:00:00Z' });
    const approved = await insertTimeOff(t, { staffMemberId: tony.id, start: '2027-07-10T00:00:00+08:00', end: '2027-07-12T00:00:00+08:00', status: 'approved' });
    const requested = await insertTimeOff(t, {
      staffMemberId: tony.id,
      start: '2027-08-01T14:00:00+08:00',
      end: '2027-08-01T18:00:00+08:00',
      status: 'requested',
      type: 'training',
    });
    const refused = await insertTimeOff(t, { staffMemberId: tony.id, start: '2027-08-05T00:00:00+08:00', end: '2027-08-06T00:00:00+08:00', status: 'refused' });
    const oldCancelled = await insertTimeOff(t, { staffMemberId: tony.id, start: '2027-08-07T00:00:00+08:00', end: '2027-08-08T00:00:00+08:00', status: 'cancelled' });
    // Refused and cancelled time off shows (as cancelled) only while recent: this one changed 60 days ago.
    await t.sql(`UPDATE time_off SET updated_at = $2::timestamptz - interval '60 days' WHERE id = $1`, [oldCancelled, NOW]);
    await t.sql(`UPDATE time_off SET updated_at = $2::timestamptz - interval '2 days' WHERE id = $1`, [refused, NOW]);
    const [allDay] = await t.sql<{ id: string }>(
      `INSERT INTO time_off (staff_member_id, during, all_day, time_zone, type, status) VALUES ($1, tstzrange('2027-09-01T00:00:00+08:00', '2027-09-03T00:00:00+08:00'), true, 'Asia/Shanghai', 'annual', 'approved') RETURNING id`,
      [tony.id],
    );

    const before = await t.http.get(feedPath(tony.id)).set(tony.user!.auth);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ active: false, rotatedAt: null });

    const made = await t.http.post(feedPath(tony.id)).set(tony.user!.auth);
    expect(made.status).toBe(201);
    issued.push(made.body.url);
    expect(made.headers.location).toBe(feedPath(tony.id));
    expect(Object.keys(made.body).sort()).toEqual(['rotatedAt', 'url']);
    expect(made.body.url).toMatch(new RegExp(`^${BASE}/v1/staff/${tony.id}/calendar\\.ics\\?token=[A-Za-z0-9_-]{43}$`));
    expect(made.body.rotatedAt).toBe(NOW);
    const status = await t.http.get(feedPath(tony.id)).set(tony.user!.auth);
    expect(status.body).toEqual({ active: true, rotatedAt: NOW });
    expect(JSON.stringify(status.body)).not.toContain(tokenOf(made.body.url));
    // Only the SHA-256 of the secret is stored.
    const [stored] = await t.sql<{ hash: string }>('SELECT calendar_feed_token_hash AS hash FROM staff_member WHERE id = $1', [tony.id]);
    expect(stored.hash).toBe(createHash('sha256').update(tokenOf(made.body.url)).digest('hex'));

    const feed = await fetchFeed(made.body.url);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('private, max-age=300');
    expect(feed.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    const text = feed.body as string;
    assertRfc5545(text);
    const { root, events } = parseFeed(text);
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe('Bloom · Tony 老师');
    expect(root.getFirstPropertyValue('x-wr-timezone')).toMatch(/^(Asia\/Shanghai|Europe\/London)$/);

    // The events are the rows of the window, as the database holds them.
    const shifts = await t.sql<{ id: string; start: Date; end: Date; status: string; version: number }>(
      `SELECT id, lower(during) AS start, upper(during) AS "end", status, version FROM shift WHERE staff_member_id = $1 AND during && tstzrange($2::timestamptz - interval '30 days', $2::timestamptz + interval '120 days')`,
      [tony.id, NOW],
    );
    expect(shifts.map((row) => row.id).sort()).toEqual([shift, cancelled, past].sort());
    const timeOff = await t.sql<{ id: string; start: Date; end: Date; status: string; version: number }>(
      `SELECT id, lower(during) AS start, upper(during) AS "end", status, version FROM time_off WHERE staff_member_id = $1 AND id <> $2 AND NOT all_day`,
      [tony.id, oldCancelled],
    );
    const ICS_STATUS: Record<string, string> = { scheduled: 'CONFIRMED', cancelled: 'CANCELLED', approved: 'CONFIRMED', requested: 'TENTATIVE', refused: 'CANCELLED' };
    const expected = [
      ...shifts.map((row) => ({
        uid: `shift-${row.id}@bloom`,
        start: row.start.toISOString(),
        end: row.end.toISOString(),
        status: ICS_STATUS[row.status],
        transp: 'OPAQUE',
        sequence: row.version,
      })),
      ...timeOff.map((row) => ({
        uid: `time-off-${row.id}@bloom`,
        start: row.start.toISOString(),
        end: row.end.toISOString(),
        status: ICS_STATUS[row.status],
        transp: 'TRANSPARENT',
        sequence: row.version,
      })),
      { uid: `time-off-${allDay.id}@bloom`, start: '2027-09-01', end: '2027-09-03', status: 'CONFIRMED', transp: 'TRANSPARENT', sequence: 1 },
    ].sort((a, b) => a.uid.localeCompare(b.uid));
    expect(events.map(({ uid, start, end, status: s, transp, sequence }) => ({ uid, start, end, status: s, transp, sequence }))).toEqual(expected);
    expect(timeOff.map((row) => row.id).sort()).toEqual([approved, requested, refused].sort());

    const planned = events.find((event) => event.uid === `shift-${shift}@bloom`)!;
    expect(planned.summary).toBe('Shift · 静安店, Jing’an; 2F');
    expect(planned.location).toBe('南京西路 1266 号, 静安区, 上海市 200040 CN');
    expect(planned.description).toBe('Breaks: 12:30–13:15');
    expect(events.find((event) => event.uid === `time-off-${requested}@bloom`)!.summary).toBe('Training (awaiting approval)');

    // The same calendar again: 304 on its ETag; a changed shift: a new ETag and the new version.
    const again = await t.http.get(pathOf(made.body.url)).set('if-none-match', feed.headers.etag);
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(feed.headers.etag);
    expect(again.text ?? '').toBe('');
    await t.sql(`UPDATE shift SET during = tstzrange('2027-06-22T11:00:00+08:00', '2027-06-22T19:00:00+08:00'), version = version + 1, updated_at = now() WHERE id = $1`, [shift]);
    const changed = await fetchFeed(made.body.url).set('if-none-match', feed.headers.etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(feed.headers.etag);
    const moved = parseFeed(changed.body as string).events.find((event) => event.uid === `shift-${shift}@bloom`)!;
    expect(moved).toMatchObject({ start: '2027-06-22T03:00:00.000Z', sequence: 2 });
  });

  it('writes a 10:00 shift in London in July (summer time) as 09:00Z, with its breaks in London time', async () => {
    const anna = await createStaffMember(t, { storeIds: [london.id], displayName: 'Anna' });
    const owner = await createUser(t, { role: 'owner' });
    await insertShift(t, {
      staffMemberId: anna.id,
      storeId: london.id,
      date: '2027-07-05',
      start: '2027-07-05T10:00:00+01:00',
      end: '2027-07-05T18:00:00+01:00',
      breaks: [{ start: '2027-07-05T12:30:00+01:00', end: '2027-07-05T13:15:00+01:00' }],
    });
    const feed = await fetchFeed(await rotate(anna.id, owner.auth));
    expect(feed.status).toBe(200);
    const text = (feed.body as string).replace(/\r\n[ \t]/g, '');
    expect(text).toContain('\r\nDTSTART:20270705T090000Z\r\nDTEND:20270705T170000Z\r\n');
    expect(text).toContain('\r\nX-WR-TIMEZONE:Europe/London\r\n');
    expect(parseFeed(feed.body as string).events[0].description).toBe('Breaks: 12:30–13:15');
  });

  it('replacing the link turns the old one off at once; turning it off ends the new one', async () => {
    const mia = await createStaffMember(t, { storeIds: [shanghai.id], displayName: 'Mia', login: 'beautician' });
    const first = await rotate(mia.id, mia.user!.auth);
    expect((await fetchFeed(first)).status).toBe(200);
    const second = await rotate(mia.id, mia.user!.auth);
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    const old = await fetchFeed(first);
    expect(old.status).toBe(404);
    expect(old.headers['content-type']).toMatch(PROBLEM);
    expect(JSON.parse(old.body as string).code).toBe('calendar_feed.not_found');
    expect((await fetchFeed(second)).status).toBe(200);

    const off = await t.http.delete(feedPath(mia.id)).set(mia.user!.auth);
    expect(off.status).toBe(204);
    expect((await fetchFeed(second)).status).toBe(404);
    expect((await t.http.get(feedPath(mia.id)).set(mia.user!.auth)).body).toEqual({ active: false, rotatedAt: null });
    expect((await t.http.delete(feedPath(mia.id)).set(mia.user!.auth)).status).toBe(204);
    const audits = await t.sql<{ action: string }>(`SELECT action FROM audit_event WHERE entity_type = 'staff_member' AND entity_id = $1 ORDER BY created_at, id`, [mia.id]);
    expect(audits.map((row) => row.action)).toEqual(['staff_member.calendar_feed_create', 'staff_member.calendar_feed_rotate', 'staff_member.calendar_feed_revoke']);
  });

  it('of two rotations at the same time, only the link of the one that committed last works', async () => {
    const leo = await createStaffMember(t, { storeIds: [shanghai.id], login: 'beautician' });
    const [a, b] = await raceOfTwo(
      t,
      () => t.http.post(feedPath(leo.id)).set(leo.user!.auth),
      () => t.http.post(feedPath(leo.id)).set(leo.user!.auth),
    );
    expect([a.status, b.status]).toEqual([201, 201]);
    issued.push(a.body.url, b.body.url);
    const answers = await Promise.all([a, b].map((res) => fetchFeed(res.body.url)));
    expect(answers.map((res) => res.status)).toEqual([404, 200]);
  });

  it('answers the same 404 for a wrong token, no feed, and another staff member’s id with a valid token', async () => {
    const ivy = await createStaffMember(t, { storeIds: [shanghai.id], login: 'beautician' });
    const sam = await createStaffMember(t, { storeIds: [shanghai.id], login: 'beautician' });
    const url = await rotate(ivy.id, ivy.user!.auth);
    await rotate(sam.id, sam.user!.auth);
    const token = tokenOf(url);
    const tries = [
      `/v1/staff/${sam.id}/calendar.ics?token=${token}`,
      `/v1/staff/${ivy.id}/calendar.ics?token=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      `/v1/staff/${tony.id}/calendar.ics?token=${token}`,
      `/v1/staff/00000000-0000-4000-8000-000000000000/calendar.ics?token=${token}`,
      `/v1/staff/not-a-uuid/calendar.ics?token=${token}`,
    ];
    const shape = (body: Record<string, unknown>) => ({ status: body.status, code: body.code, title: body.title, detail: body.detail });
    const answers = await Promise.all(tries.map((path) => t.http.get(path)));
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    }
    expect(new Set(answers.map((res) => JSON.stringify(shape(res.body)))).size).toBe(1);
    expect(answers[0].body.code).toBe('calendar_feed.not_found');
    const missing = await t.http.get(`/v1/staff/${ivy.id}/calendar.ics`);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['token']);
  });

  it('lets the person, managers of their stores, owners and keys manage the link, and no one else', async () => {
    const other = await createStore(t);
    const zoe = await createStaffMember(t, { storeIds: [shanghai.id], login: 'beautician' });
    const colleague = await createStaffMember(t, { storeIds: [shanghai.id], login: 'beautician' });
    const frontDesk = await createUser(t, { role: 'receptionist', storeIds: [shanghai.id] });
    const ourManager = await createUser(t, { role: 'manager', storeIds: [shanghai.id] });
    const theirManager = await createUser(t, { role: 'manager', storeIds: [other.id] });
    const owner = await createUser(t, { role: 'owner' });
    const ourKey = await createApiKey(t, { scopes: ['scheduling:write'], storeIds: [shanghai.id] });
    const theirKey = await createApiKey(t, { scopes: ['scheduling:read', 'scheduling:write'], storeIds: [other.id] });
    const readKey = await createApiKey(t, { scopes: ['scheduling:read'] });

    for (const auth of [colleague.user!.auth, frontDesk.auth, theirManager.auth, theirKey.auth]) {
      for (const call of [t.http.post(feedPath(zoe.id)), t.http.delete(feedPath(zoe.id)), t.http.get(feedPath(zoe.id))]) {
        const res = await call.set(auth);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('staff_member.not_found');
      }
    }
    expect((await t.http.post(feedPath(zoe.id)).set(readKey.auth)).status).toBe(403);
    expect((await t.http.get(feedPath(zoe.id)).set(readKey.auth)).status).toBe(200);
    for (const auth of [zoe.user!.auth, ourManager.auth, owner.auth, ourKey.auth]) await rotate(zoe.id, auth);
    expect(await t.http.post(feedPath(zoe.id))).toMatchObject({ status: 401 });
    const audits = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action LIKE 'staff_member.calendar_feed_%'`, [zoe.id]);
    expect(audits[0].n).toBe(4);
  });

  it('never writes a secret to the logs or the audit trail', async () => {
    const kim = await createStaffMember(t, { storeIds: [shanghai.id], login: 'beautician' });
    const url = await rotate(kim.id, kim.user!.auth);
    await fetchFeed(url).expect(200);
    await t.http.get(`/v1/staff/${kim.id}/calendar.ics?token=wrong-${tokenOf(url)}`).expect(404);
    const [{ hash }] = await t.sql<{ hash: string }>('SELECT calendar_feed_token_hash AS hash FROM staff_member WHERE id = $1', [kim.id]);
    const tokens = await t.sql<{ before: unknown; after: unknown }>(`SELECT before, after FROM audit_event WHERE action LIKE 'staff_member.calendar_feed_%'`);
    expect(tokens.length).toBeGreaterThan(0);
    const trail = JSON.stringify(tokens);
    const logs = JSON.stringify(t.logs);
    // The request lines were written (so the check below looks at something).
    expect(logs).toContain(`/v1/staff/${kim.id}/calendar.ics`);
    for (const secret of [...issued.map(tokenOf), hash]) {
      expect(trail).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain('token=');
  });
});

/** Keeps a text/calendar body as the string it was (supertest leaves unknown types unread). */
function textParser(res: supertest.Response, done: (error: Error | null, body: string) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}

/**
 * Factories for scheduling records: levels, staff members (optionally linked to a sign-in), and shifts,
 * inserted directly (fast, no HTTP) in the shapes the services write. Shifts here are manual unless a
 * template id is given; times are instants (`Date` or ISO strings with offsets).
 */
import type { TestApp } from './app.js';
import { createUser, type UserRecord } from './factories.js';
import type { StaffRole } from '../../src/common/http/request-context.js';

let sequence = 0;
const next = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;

export interface LevelRecord {
  id: string;
  code: string;
  name: string;
  rank: number;
}

let nextRank = 100;

export async function createLevel(t: TestApp, overrides: Partial<Omit<LevelRecord, 'id'>> = {}): Promise<LevelRecord> {
  const level = {
    code: `l_${next()}`
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 32),
    name: `Level ${next()}`,
    rank: nextRank++,
    ...overrides,
  };
  const [row] = await t.sql<{ id: string }>('INSERT INTO staff_level (code, name, rank) VALUES ($1, $2, $3) RETURNING id', [level.code, level.name, level.rank]);
  return { id: row.id, ...level };
}

export interface StaffMemberRecord {
  id: string;
  name: string;
  displayName: string;
  storeIds: string[];
  levelId: string | null;
  /** Their sign-in, when created with `login`. */
  user: UserRecord | null;
}

export interface StaffMemberOptions {
  storeIds: string[];
  name?: string;
  displayName?: string;
  levelId?: string | null;
  /** skill → proficiency (null: not graded). */
  skills?: Record<string, number | null>;
  bookableOnline?: boolean;
  status?: 'active' | 'inactive';
  /** Give them a sign-in with this role (at the same stores). */
  login?: StaffRole;
}

export async function createStaffMember(t: TestApp, options: StaffMemberOptions): Promise<StaffMemberRecord> {
  const name = options.name ?? `Staff ${next()}`;
  const displayName = options.displayName ?? name;
  const user = options.login ? await createUser(t, { role: options.login, storeIds: options.storeIds, name }) : null;
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO staff_member (user_id, name, display_name, level_id, bookable_online, status) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [user?.id ?? null, name, displayName, options.levelId ?? null, options.bookableOnline ?? true, options.status ?? 'active'],
  );
  for (const storeId of options.storeIds) await t.sql('INSERT INTO staff_member_store (staff_member_id, store_id) VALUES ($1, $2)', [row.id, storeId]);
  for (const [skill, proficiency] of Object.entries(options.skills ?? {})) {
    await t.sql('INSERT INTO staff_member_skill (staff_member_id, skill, proficiency) VALUES ($1, $2, $3)', [row.id, skill, proficiency]);
  }
  return { id: row.id, name, displayName, storeIds: options.storeIds, levelId: options.levelId ?? null, user };
}

type Instant = Date | string;
const iso = (value: Instant) => (value instanceof Date ? value.toISOString() : value);

export interface ShiftOptions {
  staffMemberId: string;
  storeId: string;
  /** Local date (store's zone) the shift starts on. */
  date: string;
  start: Instant;
  end: Instant;
  breaks?: Array<{ start: Instant; end: Instant }>;
  status?: 'scheduled' | 'cancelled';
  templateId?: string;
}

/** Inserts a shift row; returns its id. */
export async function insertShift(t: TestApp, options: ShiftOptions): Promise<string> {
  const breaks = `{${(options.breaks ?? []).map((b) => `[${iso(b.start)},${iso(b.end)})`).join(',')}}`;
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO shift (staff_member_id, store_id, date, during, breaks, source, template_id, status)
     VALUES ($1, $2, $3, tstzrange($4, $5), $6::tstzmultirange, $7, $8, $9) RETURNING id`,
    [
      options.staffMemberId,
      options.storeId,
      options.date,
      iso(options.start),
      iso(options.end),
      breaks,
      options.templateId ? 'template' : 'manual',
      options.templateId ?? null,
      options.status ?? 'scheduled',
    ],
  );
  return row.id;
}

/** Inserts a time-off row (approved unless said otherwise); returns its id. */
export async function insertTimeOff(
  t: TestApp,
  options: { staffMemberId: string; start: Instant; end: Instant; status?: 'requested' | 'approved' | 'refused' | 'cancelled'; type?: string },
): Promise<string> {
  const [row] = await t.sql<{ id: string }>(`INSERT INTO time_off (staff_member_id, during, type, status) VALUES ($1, tstzrange($2, $3), $4, $5) RETURNING id`, [
    options.staffMemberId,
    iso(options.start),
    iso(options.end),
    options.type ?? 'annual',
    options.status ?? 'approved',
  ]);
  return row.id;
}

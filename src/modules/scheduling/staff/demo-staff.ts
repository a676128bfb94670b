/**
 * The demo business's staff (`npm run seed`): the four usual levels, a staff record for the demo
 * beautician's sign-in, and two people who do not sign in (a trainee, a visiting specialist), with
 * skills covering every demo service, spread over the two demo stores. Written through the same use
 * cases as the API; idempotent (a level is found by code or rank, a person by sign-in or name).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { UsersService } from '../../identity/index.js';
import { StoreManagementService } from '../../stores/index.js';
import { CreateStaffLevelDto } from './dto/staff-level.dto.js';
import { CreateStaffMemberDto } from './dto/staff-member.dto.js';
import { StaffLevelsService } from './staff-levels.service.js';
import { StaffMembersService } from './staff-members.service.js';

/** Bodies as a client would POST them to /v1/staff-levels. */
export const DEMO_STAFF_LEVELS = [
  { code: 'assistant', name: '助理 Assistant', rank: 10 },
  { code: 'technician', name: '技师 Technician', rank: 20 },
  { code: 'senior', name: '高级技师 Senior stylist', rank: 30 },
  { code: 'director', name: '总监 Director', rank: 40 },
] as const;

/** `login`: the demo user (src/cli/seed.ts DEMO_USERS) the record is linked to; `stores` are demo store codes. */
export const DEMO_STAFF = [
  {
    login: 'beautician.jingan@bloom.example',
    name: '王丽 Wang Li',
    displayName: 'Lily 老师',
    level: 'technician',
    stores: ['SH-JA'],
    calendarColor: '#E06666',
    hireDate: '2023-04-01',
    skills: [
      { skill: 'hair_cut', proficiency: 4 },
      { skill: 'hair_colour', proficiency: 4 },
      { skill: 'facial', proficiency: 3 },
    ],
  },
  {
    name: '赵小雨 Zhao Xiaoyu',
    displayName: '小雨 Xiaoyu',
    level: 'assistant',
    stores: ['SH-JA'],
    calendarColor: '#93C47D',
    hireDate: '2026-09-01',
    // A trainee: booked by the front desk, not chosen online.
    bookableOnline: false,
    skills: [
      { skill: 'hair_cut', proficiency: 2 },
      { skill: 'nails', proficiency: 3 },
    ],
  },
  {
    name: '佐藤由衣 Sato Yui',
    displayName: 'Yui 总监',
    level: 'director',
    stores: ['SH-XH', 'SH-JA'],
    calendarColor: '#6FA8DC',
    // A visiting specialist, two days a week at each store.
    skills: [
      { skill: 'nails', proficiency: 5 },
      { skill: 'facial', proficiency: 5 },
      { skill: 'hair_colour', proficiency: 5 },
      { skill: 'hair_cut', proficiency: null },
    ],
  },
] as const;

type ToDto = <T extends object>(type: new () => T, body: object) => Promise<T>;

/** Adds what is missing of the demo staff; returns what it created (`staff level senior`, `staff member 王丽 Wang Li`). */
export async function seedDemoStaff(app: INestApplicationContext, owner: Actor, toDto: ToDto): Promise<string[]> {
  const db = app.get(Db);
  const levels = app.get(StaffLevelsService);
  const staff = app.get(StaffMembersService);
  const created: string[] = [];
  const one = async (sql: string, ...values: unknown[]) => (await db.rows<{ id: string }>(sql, values))[0]?.id;

  for (const level of DEMO_STAFF_LEVELS) {
    if (await one('SELECT id FROM staff_level WHERE code = $1 OR rank = $2', level.code, level.rank)) continue;
    await levels.create(await toDto(CreateStaffLevelDto, level));
    created.push(`staff level ${level.code}`);
  }

  const stores = await app.get(StoreManagementService).list(owner, { limit: 100 });
  const storeIds = new Map(stores.data.map((store) => [store.code, store.id]));
  const users = await app.get(UsersService).list(owner, { role: 'beautician', limit: 100 });
  const userIds = new Map(users.data.map((user) => [user.email, user.id]));

  for (const { login, level, stores: codes, ...person } of DEMO_STAFF.map((entry) => ({ login: undefined as string | undefined, ...entry }))) {
    const userId = login ? userIds.get(login) : undefined;
    if (login && !userId) continue; // the demo user was removed or renamed
    const existing = userId ? await one('SELECT id FROM staff_member WHERE user_id = $1', userId) : await one('SELECT id FROM staff_member WHERE name = $1', person.name);
    if (existing) continue;
    const body = {
      ...person,
      userId,
      levelId: await one('SELECT id FROM staff_level WHERE code = $1', level),
      storeIds: codes.map((code) => storeIds.get(code)).filter((id) => id !== undefined),
    };
    await staff.create(owner, await toDto(CreateStaffMemberDto, body));
    created.push(`staff member ${person.name}`);
  }
  return created;
}

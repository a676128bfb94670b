import { createValidationPipe } from '../src/common/errors/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { DEMO_USERS, seedDemoBusiness } from '../src/cli/seed.js';
import { CatalogService, DEMO_SERVICES } from '../src/modules/catalog/index.js';
import { DEMO_STAFF, DEMO_STAFF_LEVELS, seedDemoStaff } from '../src/modules/scheduling/index.js';
import { startTestApp, type TestApp } from './support/app.js';

/** As src/cli/seed.ts validates demo bodies: exactly as the HTTP API's pipe does. */
const toDto = async <T extends object>(type: new () => T, body: object): Promise<T> =>
  (await createValidationPipe().transform(structuredClone(body), { type: 'body', metatype: type })) as T;

describe('the demo staff', () => {
  let t: TestApp;
  let owner: Actor;
  let created: string[];
  beforeAll(async () => {
    t = await startTestApp();
    ({ created } = await seedDemoBusiness(t.app));
    const [row] = await t.sql<{ id: string }>("SELECT id FROM staff_user WHERE role = 'owner'");
    owner = { kind: 'user', id: row.id, role: 'owner', storeIds: 'all' };
  });
  afterAll(() => t.close());

  it('comes with the demo business (the four levels and the staff, once); running it again adds nothing', async () => {
    const staff = created.filter((line) => line.startsWith('staff level ') || line.startsWith('staff member '));
    expect(staff).toEqual([...DEMO_STAFF_LEVELS.map((level) => `staff level ${level.code}`), ...DEMO_STAFF.map((person) => `staff member ${person.name}`)]);
    expect(await seedDemoStaff(t.app, owner, toDto)).toEqual([]);
    const levels = await t.sql<{ code: string; rank: number }>('SELECT code::text, rank FROM staff_level ORDER BY rank');
    expect(levels).toEqual([
      { code: 'assistant', rank: 10 },
      { code: 'technician', rank: 20 },
      { code: 'senior', rank: 30 },
      { code: 'director', rank: 40 },
    ]);
  });

  it('gives every demo beautician a staff record linked to their sign-in, and two people without one', async () => {
    const rows = await t.sql<{ email: string | null }>('SELECT u.email::text AS email FROM staff_member m LEFT JOIN staff_user u ON u.id = m.user_id ORDER BY u.email NULLS LAST');
    const beauticians = DEMO_USERS.filter((user) => user.role === 'beautician').map((user) => user.email);
    expect(rows.map((row) => row.email)).toEqual([...beauticians.sort(), null, null]);
  });

  it('covers every demo service skill, with skills some service requires, at every demo store', async () => {
    const skills = await t.sql<{ skill: string }>('SELECT DISTINCT skill FROM staff_member_skill ORDER BY skill');
    expect(skills.map((row) => row.skill)).toEqual(expect.arrayContaining(DEMO_SERVICES.map((service) => service.skill)));
    expect(await t.app.get(CatalogService).unusedSkills(skills.map((row) => row.skill))).toEqual([]);
    const stores = await t.sql<{ code: string; staff: number }>(
      'SELECT s.code, count(ms.staff_member_id)::int AS staff FROM store s LEFT JOIN staff_member_store ms ON ms.store_id = s.id GROUP BY s.code ORDER BY s.code',
    );
    expect(stores.every((store) => store.staff > 0)).toBe(true);
  });
});

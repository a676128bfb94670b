import { Db } from '../src/common/database/index.js';
import { SchedulingService } from '../src/modules/scheduling/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { createLevel, createStaffMember, type LevelRecord } from './support/scheduling.js';

/** Who can do a colour at Jing'an, what it costs and takes with each of them: what the availability search asks first. */
describe('scheduling: the staff qualified for a variation in a store', () => {
  let t: TestApp;
  let owner: UserRecord;
  let jingan: StoreRecord;
  let xuhui: StoreRecord;
  let senior: LevelRecord;
  let director: LevelRecord;
  let scheduling: SchedulingService;
  let colour: { id: string; short: string; long: string };
  beforeAll(async () => {
    t = await startTestApp();
    scheduling = t.app.get(SchedulingService);
    owner = await createUser(t, { role: 'owner' });
    jingan = await createStore(t);
    xuhui = await createStore(t);
    senior = await createLevel(t, { code: 'senior', name: '高级技师 Senior', rank: 300 });
    director = await createLevel(t, { code: 'director', name: '总监 Director', rank: 400 });
    const service = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(serviceBody(await categoryId(t, 'hair_colour')))
      .expect(201);
    colour = { id: service.body.id, short: service.body.variations[0].id, long: service.body.variations[1].id };
    const levelPrice = (level: LevelRecord, body: object) =>
      t.http.put(`/v1/services/${colour.id}/variations/${colour.long}/level-prices/${level.id}`).set(owner.auth).send(body).expect(200);
    await levelPrice(senior, { price: cny(88800), durationMinutes: 100 });
    await levelPrice(director, { price: cny(128800) });
  });
  afterAll(() => t.close());

  /** Runs `work`, counting the SQL statements it sends (every module reaches PostgreSQL through the one Db). */
  async function counting<T>(work: () => Promise<T>): Promise<{ result: T; queries: number }> {
    const db = t.app.get(Db);
    const rows = db.rows.bind(db);
    const execute = db.execute.bind(db);
    let queries = 0;
    db.rows = (sql: string, parameters?: readonly unknown[]) => (queries++, rows(sql, parameters));
    db.execute = (sql: string, parameters?: readonly unknown[]) => (queries++, execute(sql, parameters));
    try {
      return { result: await work(), queries };
    } finally {
      // The instance's own properties shadowed the prototype's methods: removing them restores those.
      delete (db as Partial<Db>).rows;
      delete (db as Partial<Db>).execute;
    }
  }

  it('lists active staff of the store with the skill, senior first then by name, each with their level’s price and duration, in two queries', async () => {
    const skills = { hair_colour: 4 };
    const tony = await createStaffMember(t, { storeIds: [jingan.id, xuhui.id], displayName: 'Tony 总监', levelId: director.id, skills: { hair_colour: 5, hair_cut: 5 } });
    const bella = await createStaffMember(t, { storeIds: [jingan.id], displayName: 'Bella', levelId: senior.id, skills });
    const amy = await createStaffMember(t, { storeIds: [jingan.id], displayName: 'Amy', levelId: senior.id, skills, bookableOnline: false });
    const cindy = await createStaffMember(t, { storeIds: [jingan.id], displayName: 'Cindy', skills: { hair_colour: null } });
    // Not qualified: inactive, another store only, another skill, no store.
    await createStaffMember(t, { storeIds: [jingan.id], displayName: 'Dan', levelId: director.id, skills, status: 'inactive' });
    await createStaffMember(t, { storeIds: [xuhui.id], displayName: 'Eve', levelId: senior.id, skills });
    await createStaffMember(t, { storeIds: [jingan.id], displayName: 'Fay', levelId: director.id, skills: { hair_cut: 3 } });
    await createStaffMember(t, { storeIds: [], displayName: 'Gus', levelId: director.id, skills });

    const { result, queries } = await counting(() => scheduling.qualifiedStaff(colour.long, jingan.id));
    expect(queries).toBe(2);
    expect(result.variation).toMatchObject({ variationId: colour.long, skill: 'hair_colour', price: cny(68800), durationMinutes: 120 });
    expect(result.staff.map((member) => member.displayName)).toEqual(['Tony 总监', 'Amy', 'Bella', 'Cindy']);
    const blocks = { activeMinutes: 40, processingMinutes: 35, finishingMinutes: 45, bufferMinutes: 10 };
    expect(result.staff[0]).toEqual({
      staffMemberId: tony.id,
      name: tony.name,
      displayName: 'Tony 总监',
      calendarColor: '#8E7CC3',
      levelId: director.id,
      levelCode: 'director',
      levelName: '总监 Director',
      levelRank: 400,
      proficiency: 5,
      bookableOnline: true,
      price: cny(128800),
      durationMinutes: 120,
      timeBlocks: blocks,
    });
    expect(result.staff[1]).toMatchObject({ staffMemberId: amy.id, levelCode: 'senior', bookableOnline: false, price: cny(88800), durationMinutes: 100 });
    expect(result.staff[1].timeBlocks).toEqual({ ...blocks, activeMinutes: 20 });
    expect(result.staff[2]).toMatchObject({ staffMemberId: bella.id, proficiency: 4 });
    expect(result.staff[3]).toMatchObject({ staffMemberId: cindy.id, levelId: null, levelCode: null, levelRank: null, proficiency: null, price: cny(68800), durationMinutes: 120 });

    // Online: only those clients may book themselves.
    const online = await scheduling.qualifiedStaff(colour.long, jingan.id, { online: true });
    expect(online.staff.map((member) => member.displayName)).toEqual(['Tony 总监', 'Bella', 'Cindy']);
    // A variation without level terms: everyone at the store's price; Xuhui's colourists are Tony and Eve.
    const short = await scheduling.qualifiedStaff(colour.short, xuhui.id);
    expect(short.staff.map((member) => [member.displayName, member.price.amount, member.durationMinutes])).toEqual([
      ['Tony 总监', 48800, 90],
      ['Eve', 48800, 90],
    ]);
  });

  it("prices by the store's own price over a level's, and finds no one for what clients may not book online", async () => {
    const store = await createStore(t);
    await createStaffMember(t, { storeIds: [store.id], displayName: 'Hana', levelId: senior.id, skills: { hair_colour: 3 } });
    await t.http
      .put(`/v1/services/${colour.id}/store-overrides/${store.id}`)
      .set(owner.auth)
      .send({ available: true, prices: [{ variationId: colour.long, price: cny(70000) }] })
      .expect(200);
    const [hana] = (await scheduling.qualifiedStaff(colour.long, store.id)).staff;
    expect(hana).toMatchObject({ displayName: 'Hana', price: cny(70000), durationMinutes: 100 });

    // The store stops offering the service: the desk still sees who could do it, clients book no one (one query).
    await t.http.put(`/v1/services/${colour.id}/store-overrides/${store.id}`).set(owner.auth).send({ available: false }).expect(200);
    const { result, queries } = await counting(() => scheduling.qualifiedStaff(colour.long, store.id, { online: true }));
    expect([result.variation?.bookableOnline, result.staff, queries]).toEqual([false, [], 1]);
    expect((await scheduling.qualifiedStaff(colour.long, store.id)).staff.map((member) => member.displayName)).toEqual(['Hana']);
  });

  it('answers no variation and no one for a variation that does not exist, in one query', async () => {
    const { result, queries } = await counting(() => scheduling.qualifiedStaff('00000000-0000-4000-8000-000000000000', jingan.id));
    expect([result, queries]).toEqual([{ variation: null, staff: [] }, 1]);
    expect(await scheduling.qualifiedStaff('not-a-uuid', jingan.id)).toEqual({ variation: null, staff: [] });
  });
});

/**
 * The demo business that `npm start` (and `npm run seed`) puts in an empty database: two Shanghai
 * stores and one user of each role. Idempotent: what already exists (same store code, same e-mail)
 * is left as it is, so running it again changes nothing.
 *
 * It goes through the same services and DTO validation as the HTTP API, so passwords are hashed,
 * phones normalised and every write audited exactly as in real use. The passwords are public
 * (printed by the launcher, written in the README): demo data only.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createValidationPipe } from '../common/errors/index.js';
import { RequestContexts, type Actor, type StaffRole } from '../common/http/request-context.js';
import { loadConfig } from '../config/index.js';
import { createApp } from '../configure-app.js';
import type { DemoLogin } from '../dev/banner.js';
import { CreateUserDto, UsersService } from '../modules/identity/index.js';
import { CreateStoreDto, StoreManagementService } from '../modules/stores/index.js';
import { seedDemoCatalog } from '../modules/catalog/index.js';
import { seedDemoLevelPrices, seedDemoResources, seedDemoStaff, seedDemoTemplates } from '../modules/scheduling/index.js';
import { CliUsageError, type CliCommand } from './command.js';
import { seedDemoCustomers } from './seed-customers.js';

const daily = (open: string, close: string) => [{ open, close }];

/** Two stores in Shanghai; bodies exactly as a client would POST them to /v1/stores. */
export const DEMO_STORES = [
  {
    code: 'SH-JA',
    name: "Bloom Jing'an",
    address: { line1: '南京西路 1266 号 恒隆广场 3 楼 301 室', district: '静安区', city: '上海市', province: '上海市', postalCode: '200040', country: 'CN' },
    phone: '021 6288 1234',
    email: 'jingan@bloom.example',
    timeZone: 'Asia/Shanghai',
    // Late on weekdays for after-work appointments, longer at the weekend.
    businessHours: {
      monday: daily('10:00', '21:00'),
      tuesday: daily('10:00', '21:00'),
      wednesday: daily('10:00', '21:00'),
      thursday: daily('10:00', '21:00'),
      friday: daily('10:00', '22:00'),
      saturday: daily('09:30', '22:00'),
      sunday: daily('09:30', '21:00'),
    },
  },
  {
    code: 'SH-XH',
    name: 'Bloom Xuhui',
    address: { line1: '淮海中路 999 号 环贸广场 2 楼 215 室', district: '徐汇区', city: '上海市', province: '上海市', postalCode: '200031', country: 'CN' },
    phone: '021 6433 5678',
    email: 'xuhui@bloom.example',
    timeZone: 'Asia/Shanghai',
    // Closed on Mondays (the staff's day off), with a lunch break on weekdays.
    businessHours: {
      monday: [],
      tuesday: [
        { open: '10:00', close: '13:00' },
        { open: '14:00', close: '20:00' },
      ],
      wednesday: [
        { open: '10:00', close: '13:00' },
        { open: '14:00', close: '20:00' },
      ],
      thursday: [
        { open: '10:00', close: '13:00' },
        { open: '14:00', close: '20:00' },
      ],
      friday: [
        { open: '10:00', close: '13:00' },
        { open: '14:00', close: '21:00' },
      ],
      saturday: daily('10:00', '21:00'),
      sunday: daily('10:00', '20:00'),
    },
  },
] as const;

interface DemoUser {
  role: StaffRole;
  name: string;
  email: string;
  phone?: string;
  password: string;
  /** Store codes (none for the owner, who sees every store). */
  stores: string[];
}

/** One user per role; all but the owner work at the Jing'an store. Public passwords: demo only. */
export const DEMO_USERS: DemoUser[] = [
  { role: 'owner', name: '林美 Lin Mei', email: 'owner@bloom.example', phone: '138 0013 8000', password: 'demo-owner-2026', stores: [] },
  { role: 'manager', name: '周静 Zhou Jing', email: 'manager.jingan@bloom.example', password: 'demo-manager-2026', stores: ['SH-JA'] },
  { role: 'receptionist', name: '陈晓雨 Chen Xiaoyu', email: 'front.jingan@bloom.example', password: 'demo-front-2026', stores: ['SH-JA'] },
  { role: 'beautician', name: '王丽 Wang Li', email: 'beautician.jingan@bloom.example', password: 'demo-beauty-2026', stores: ['SH-JA'] },
];

export function demoLogins(): DemoLogin[] {
  return DEMO_USERS.map((user) => ({
    role: user.role,
    email: user.email,
    password: user.password,
    scope: user.stores.length ? user.stores.join(', ') : 'all stores',
  }));
}

export interface SeedResult {
  /** What this run created (`store SH-JA`, `owner owner@bloom.example`…); empty when all was there. */
  created: string[];
  logins: DemoLogin[];
}

/** Validates and transforms a body exactly as the HTTP API's global pipe does. */
async function asDto<T extends object>(type: new () => T, body: object): Promise<T> {
  return (await createValidationPipe().transform(structuredClone(body), { type: 'body', metatype: type })) as T;
}

/** Puts the demo business in the app's database (see the file comment). Needs an initialised app. */
export async function seedDemoBusiness(app: INestApplicationContext): Promise<SeedResult> {
  return RequestContexts.run({ requestId: 'demo-seed' }, async () => {
    const dataSource = app.get(DataSource);
    const stores = app.get(StoreManagementService);
    const users = app.get(UsersService);
    const created: string[] = [];

    const storeIds = new Map<string, string>();
    for (const store of DEMO_STORES) {
      const [existing] = await dataSource.query<Array<{ id: string }>>('SELECT id FROM store WHERE code = $1', [store.code]);
      if (existing) {
        storeIds.set(store.code, existing.id);
        continue;
      }
      const saved = await stores.create(await asDto(CreateStoreDto, store));
      storeIds.set(store.code, saved.id);
      created.push(`store ${store.code}`);
    }

    const userId = async (email: string) => (await dataSource.query<Array<{ id: string }>>('SELECT id FROM staff_user WHERE email = $1', [email]))[0]?.id;

    const [owner, ...staff] = DEMO_USERS;
    if (!(await userId(owner.email))) {
      const outcome = await users.createOwner({ email: owner.email, password: owner.password, name: owner.name, phone: owner.phone });
      if (outcome.created) created.push(`owner ${owner.email}`);
    }
    // The other users are created by the owner, as on the Users screen.
    const ownerActor: Actor = { kind: 'user', id: await userId(owner.email), role: 'owner', storeIds: 'all' };
    for (const user of staff) {
      if (await userId(user.email)) continue;
      const body = { name: user.name, email: user.email, role: user.role, password: user.password, storeIds: user.stores.map((code) => storeIds.get(code)!) };
      await users.create(ownerActor, await asDto(CreateUserDto, body));
      created.push(`${user.role} ${user.email}`);
    }
    created.push(...(await seedDemoCustomers(app, ownerActor, storeIds)));
    created.push(...(await seedDemoCatalog(app, ownerActor, asDto)));
    created.push(...(await seedDemoStaff(app, ownerActor, asDto)));
    created.push(...(await seedDemoTemplates(app, ownerActor, asDto)));
    created.push(...(await seedDemoLevelPrices(app)));
    created.push(...(await seedDemoResources(app, ownerActor, asDto, storeIds)));
    return { created, logins: demoLogins() };
  });
}

export const seedCommand: CliCommand = {
  name: 'seed',
  summary: 'Add the demo business (2 stores, one user per role) unless it is there; prints the demo logins',
  usage: '[--force]   (needed when NODE_ENV=production: the demo passwords are public)',
  async run(flags) {
    // The whole app without an HTTP listener or job workers, so the services run as in the API.
    const config = loadConfig({ ...process.env, BLOOM_ROLE: 'api', SWAGGER_ENABLED: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
    if (config.NODE_ENV === 'production' && flags.force !== 'true') {
      throw new CliUsageError('NODE_ENV is production: the demo users have public passwords. Add --force to seed anyway (a demo server only).');
    }
    const app = await createApp({ config });
    await app.init();
    try {
      const result = await seedDemoBusiness(app);
      console.log(result.created.length ? `created: ${result.created.join(', ')}` : 'the demo business is already there');
      for (const login of result.logins) console.log(`  ${login.role.padEnd(13)} ${login.email.padEnd(32)} ${login.password.padEnd(20)} ${login.scope}`);
    } finally {
      await app.close();
    }
  },
};

/**
 * The demo business's rooms, beds, chairs and desks (`npm run seed`), and its senior and director
 * prices. Written through the same use cases as the API; idempotent (a resource is found by store
 * and name, a level price by variation and level).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { DEMO_SERVICES, VariationLevelPricesService, type PutLevelPriceDto } from '../../catalog/index.js';
import { CreateResourceDto } from './dto/resource.dto.js';
import { ResourcesService } from './resources.service.js';

type ToDto = <T extends object>(type: new () => T, body: object) => Promise<T>;

/** What each demo store has of each type; a type the demo services require and this misses gets one of its own. */
const DEMO_RESOURCES: Record<string, string[]> = {
  chair: ['1 号位 Chair 1', '2 号位 Chair 2', '3 号位 Chair 3'],
  bed: ['美容床 A Bed A', '美容床 B Bed B'],
  nail_desk: ['美甲台 Nail desk'],
  room: ['VIP 房 VIP room'],
};

/** Every resource type the demo services require, then the others above (rooms). */
function demoTypes(): string[] {
  const required = DEMO_SERVICES.flatMap((service) => (service.resourceType ? [service.resourceType as string] : []));
  return [...new Set([...required, ...Object.keys(DEMO_RESOURCES)])];
}

/**
 * Adds what is missing of the demo resources in each demo store (`storeIds`: store code → id, as the
 * seed has them); returns what it created (`resource SH-JA 1 号位 Chair 1`).
 */
export async function seedDemoResources(app: INestApplicationContext, owner: Actor, toDto: ToDto, storeIds: ReadonlyMap<string, string>): Promise<string[]> {
  const db = app.get(Db);
  const resources = app.get(ResourcesService);
  const created: string[] = [];
  for (const [code, storeId] of storeIds) {
    for (const type of demoTypes()) {
      for (const name of DEMO_RESOURCES[type] ?? [type]) {
        const [existing] = await db.rows('SELECT 1 FROM resource WHERE store_id = $1 AND name = $2', [storeId, name]);
        if (existing) continue;
        await resources.create(owner, await toDto(CreateResourceDto, { storeId, name, type }));
        created.push(`resource ${code} ${name}`);
      }
    }
  }
  return created;
}

/** Seniors charge ¥100 more than the catalog, directors ¥200 more and take 10 minutes less. */
const DEMO_LEVEL_TERMS: Record<string, { extra: number; minutesLess: number }> = {
  senior: { extra: 10000, minutesLess: 0 },
  director: { extra: 20000, minutesLess: 10 },
};
/** The demo services priced by level: the cuts and the colours. */
const DEMO_LEVEL_CATEGORIES = ['hair_cut', 'hair_colour'];

/**
 * Gives the demo cut and colour variations senior and director prices (and a quicker director). The
 * levels (codes `senior`, `director`) come from the staff seed, which runs first: a missing one is
 * skipped. Returns what it set (`senior price of 植物染发 Botanical colour 短发 Short hair`).
 */
export async function seedDemoLevelPrices(app: INestApplicationContext): Promise<string[]> {
  const db = app.get(Db);
  const levelPrices = app.get(VariationLevelPricesService);
  const { BUSINESS_CURRENCY: currency } = app.get<AppConfigValues>(APP_CONFIG);
  const created: string[] = [];
  for (const [code, terms] of Object.entries(DEMO_LEVEL_TERMS)) {
    const [level] = await db.rows<{ id: string }>(`SELECT id FROM staff_level WHERE code = $1 AND status = 'active'`, [code]);
    if (!level) continue;
    for (const service of DEMO_SERVICES.filter((candidate) => DEMO_LEVEL_CATEGORIES.includes(candidate.category))) {
      for (const variation of service.variations) {
        const dto: PutLevelPriceDto = {
          price: { amount: variation.price.amount + terms.extra, currency },
          durationMinutes: terms.minutesLess ? variation.durationMinutes - terms.minutesLess : null,
        };
        if (await levelPrices.seedByName(service.name, variation.name, level.id, dto)) created.push(`${code} price of ${service.name} ${variation.name}`);
      }
    }
  }
  return created;
}

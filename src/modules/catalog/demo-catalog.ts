/**
 * The demo business's catalog (`npm run seed`): a few services of the seeded categories with their
 * variations, retail and back-bar products, and what a colour uses. Written through the same use
 * cases as the API; idempotent (a service is found by name, a product by SKU, a consumption is set
 * only while empty).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { ConsumptionService } from './consumption.service.js';
import { PutConsumptionDto } from './dto/consumption.dto.js';
import { CreateProductDto } from './dto/product.dto.js';
import { CreateServiceDto } from './dto/service.dto.js';
import { ProductsService } from './products.service.js';
import { ServicesService } from './services.service.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** The demo's prices are yuan; a business with another currency (BUSINESS_CURRENCY) gets the same figures in its own. */
function inCurrency<T>(body: T, currency: string): T {
  if (Array.isArray(body)) return body.map((item: unknown) => inCurrency(item, currency)) as T;
  if (body === null || typeof body !== 'object') return body;
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, key === 'currency' ? currency : inCurrency(value, currency)])) as T;
}

/** Bodies as a client would POST them to /v1/services; `category` is a seeded category's code. */
export const DEMO_SERVICES = [
  {
    category: 'hair_cut',
    name: '女士精剪 Women’s cut & blow-dry',
    description: 'Consultation, wash, precision cut and blow-dry.',
    targetAudience: 'Every hair type',
    audienceTags: ['women'],
    skill: 'hair_cut',
    resourceType: 'chair',
    timeBlocks: { finishingMinutes: 15, bufferMinutes: 10 },
    variations: [
      { name: '短发 Short hair', price: cny(28800), durationMinutes: 60 },
      { name: '长发 Long hair', price: cny(38800), durationMinutes: 75, timeBlocks: { finishingMinutes: 25 } },
    ],
  },
  {
    category: 'hair_colour',
    name: '植物染发 Botanical colour',
    description: 'Ammonia-free colour: grey coverage or a change of shade.',
    targetAudience: 'Covering grey, refreshing colour; not within two weeks of a perm',
    audienceTags: ['grey coverage', 'women', 'men'],
    skill: 'hair_colour',
    resourceType: 'chair',
    timeBlocks: { processingMinutes: 35, finishingMinutes: 30, bufferMinutes: 10 },
    variations: [
      { name: '短发 Short hair', price: cny(48800), durationMinutes: 90 },
      { name: '长发 Long hair', price: cny(68800), durationMinutes: 120, timeBlocks: { finishingMinutes: 45 } },
    ],
  },
  {
    category: 'nails',
    name: '日式凝胶美甲 Japanese gel manicure',
    targetAudience: 'Anyone wanting three weeks of shine',
    audienceTags: ['women'],
    skill: 'nails',
    resourceType: 'nail_desk',
    timeBlocks: { bufferMinutes: 5 },
    variations: [
      { name: '纯色 Solid colour', price: cny(19800), durationMinutes: 60 },
      { name: '设计款 With nail art', price: cny(29800), durationMinutes: 90 },
    ],
  },
  {
    category: 'facial',
    name: '深层补水护理 Deep hydrating facial',
    description: 'Cleanse, exfoliate, hydrating mask and massage.',
    targetAudience: 'Dry or dehydrated skin',
    audienceTags: ['dry skin', 'sensitive skin'],
    skill: 'facial',
    resourceType: 'bed',
    timeBlocks: { processingMinutes: 20, bufferMinutes: 15 },
    variations: [
      { name: '60 分钟 60 minutes', price: cny(38800), durationMinutes: 60 },
      { name: '90 分钟 90 minutes', price: cny(52800), durationMinutes: 90 },
    ],
  },
] as const;

export const DEMO_PRODUCTS = [
  {
    sku: 'KER-BAIN-250',
    barcode: '3474636397389',
    name: '卡诗 元气姜洗发水 250 ml',
    brand: 'Kérastase',
    category: 'shampoo',
    specification: { size: 250, unit: 'ml' },
    use: 'retail',
    shelfLifeDays: 1095,
    costPrice: cny(12000),
    salePrice: cny(24800),
    usageInstructions: 'Lather into wet hair, rinse; repeat if needed.',
    precautions: 'Avoid contact with eyes.',
  },
  {
    sku: 'LOR-OIL-100',
    name: '欧莱雅 护发精油 100 ml',
    brand: "L'Oréal Professionnel",
    category: 'hair care',
    specification: { size: 100, unit: 'ml' },
    use: 'retail',
    shelfLifeDays: 730,
    costPrice: cny(9000),
    salePrice: cny(19800),
  },
  {
    sku: 'BLOOM-DYE-6N',
    name: '植物染膏 6N 深金棕 1000 ml',
    brand: 'Bloom Pro',
    category: 'colour',
    specification: { size: 1000, unit: 'ml' },
    use: 'professional',
    shelfLifeDays: 365,
    costPrice: cny(32000),
    precautions: 'Patch test 48 hours before use.',
  },
  {
    sku: 'BLOOM-DEV-6',
    name: '氧化乳 6% Developer 1000 ml',
    brand: 'Bloom Pro',
    category: 'colour',
    specification: { size: 1000, unit: 'ml' },
    use: 'both',
    shelfLifeDays: 365,
    costPrice: cny(6000),
    salePrice: cny(12800),
  },
] as const;

/** What each variation of the botanical colour uses: dye and developer, more for long hair. */
const DEMO_CONSUMPTION = {
  service: '植物染发 Botanical colour',
  perVariation: [
    [
      ['BLOOM-DYE-6N', 60],
      ['BLOOM-DEV-6', 60],
    ],
    [
      ['BLOOM-DYE-6N', 90],
      ['BLOOM-DEV-6', 90],
    ],
  ],
} as const;

type ToDto = <T extends object>(type: new () => T, body: object) => Promise<T>;

/** Adds what is missing of the demo catalog; returns what it created (`service …`, `product …`). */
export async function seedDemoCatalog(app: INestApplicationContext, owner: Actor, toDto: ToDto): Promise<string[]> {
  const db = app.get(Db);
  const services = app.get(ServicesService);
  const products = app.get(ProductsService);
  const consumption = app.get(ConsumptionService);
  const { BUSINESS_CURRENCY: currency } = app.get<AppConfigValues>(APP_CONFIG);
  const created: string[] = [];
  const one = async (sql: string, value: string) => (await db.rows<{ id: string }>(sql, [value]))[0]?.id;

  for (const { category, ...service } of DEMO_SERVICES) {
    if (await one('SELECT id FROM service WHERE name = $1', service.name)) continue;
    const categoryId = await one('SELECT id FROM service_category WHERE code = $1', category);
    if (!categoryId) continue; // the business renamed or removed the seeded category's code
    await services.create(await toDto(CreateServiceDto, inCurrency({ ...service, categoryId }, currency)));
    created.push(`service ${service.name}`);
  }
  for (const product of DEMO_PRODUCTS) {
    if (await one('SELECT id FROM product WHERE sku = $1', product.sku)) continue;
    await products.create(owner, await toDto(CreateProductDto, inCurrency(product, currency)));
    created.push(`product ${product.sku}`);
  }

  const serviceId = await one('SELECT id FROM service WHERE name = $1', DEMO_CONSUMPTION.service);
  if (serviceId) {
    const variations = await db.rows<{ id: string; used: boolean }>(
      `SELECT v.id, EXISTS (SELECT 1 FROM service_consumption c WHERE c.variation_id = v.id) AS used
         FROM service_variation v WHERE v.service_id = $1 ORDER BY v.sort_order, v.created_at, v.id`,
      [serviceId],
    );
    for (const [i, lines] of DEMO_CONSUMPTION.perVariation.entries()) {
      const variation = variations[i];
      if (!variation || variation.used) continue;
      const items = [];
      for (const [sku, quantity] of lines) {
        const productId = await one('SELECT id FROM product WHERE sku = $1', sku);
        if (productId) items.push({ productId, quantity });
      }
      await consumption.replace(serviceId, variation.id, await toDto(PutConsumptionDto, { items }));
      created.push(`consumption of ${DEMO_CONSUMPTION.service} #${i + 1}`);
    }
  }
  return created;
}

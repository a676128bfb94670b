/** Request bodies and lookups for the catalog API: a colour service and a salon's products, varied one field at a time. */
import type { TestApp } from './app.js';

let sequence = 0;
const next = () => `${Date.now().toString(36).slice(-5)}${(sequence++).toString(36)}`.toUpperCase();

/** The id of a seeded category (`hair_colour`, `nails`…). */
export async function categoryId(t: TestApp, code: string): Promise<string> {
  const [row] = await t.sql<{ id: string }>('SELECT id FROM service_category WHERE code = $1', [code]);
  return row.id;
}

export const cny = (amount: number) => ({ amount, currency: 'CNY' });

export function variationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: '短发 Short hair', price: cny(48800), durationMinutes: 90, ...overrides };
}

/** A colour service: 35 minutes processing, 30 finishing, 10 buffer; short and long hair. */
export function serviceBody(category: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    categoryId: category,
    name: `植物染发 Botanical colour ${next()}`,
    description: 'Ammonia-free colour.',
    targetAudience: 'Covering grey',
    audienceTags: [' Grey Coverage ', 'women', 'grey coverage'],
    bookableOnline: true,
    skill: 'hair_colour',
    resourceType: 'chair',
    timeBlocks: { processingMinutes: 35, finishingMinutes: 30, bufferMinutes: 10 },
    variations: [variationBody(), variationBody({ name: '长发 Long hair', price: cny(68800), durationMinutes: 120, timeBlocks: { finishingMinutes: 45 } })],
    ...overrides,
  };
}

export function sku(prefix = 'SKU'): string {
  return `${prefix}-${next()}`;
}

export function productBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sku: sku(),
    name: `卡诗 洗发水 Bain ${next()}`,
    brand: 'Kérastase',
    category: 'hair care',
    specification: { size: 250, unit: 'ml' },
    use: 'retail',
    shelfLifeDays: 730,
    costPrice: cny(9800),
    salePrice: cny(24800),
    ingredients: 'Aqua, Sodium Laureth Sulfate',
    usageInstructions: 'Lather, rinse.',
    precautions: 'Avoid eyes.',
    imageUrls: ['https://cdn.bloom.example/p/bain.jpg'],
    ...overrides,
  };
}

/** A back-bar dye, in ml. */
export function dyeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return productBody({
    sku: sku('DYE'),
    name: `植物染膏 Dye 6N ${next()}`,
    brand: 'Bloom Pro',
    category: 'colour',
    use: 'professional',
    salePrice: null,
    specification: { size: 1000, unit: 'ml' },
    ...overrides,
  });
}

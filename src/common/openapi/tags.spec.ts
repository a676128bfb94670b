/**
 * The committed document (kept equal to a fresh one by test/openapi.e2e-spec.ts) groups every
 * operation under a declared, described tag, in API_TAGS's reading order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TAGS } from './tags.js';

interface Document {
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, { tags?: string[] }>>;
}

const document = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'openapi.json'), 'utf8')) as Document;
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, tags: operation.tags ?? [] })),
);

describe('OpenAPI tags', () => {
  it('lists the tags in reading order, auth first, audit, admin and health last, each described', () => {
    expect(document.tags.map((tag) => tag.name)).toEqual(API_TAGS.map((tag) => tag.name));
    expect(document.tags[0].name).toBe('auth');
    expect(document.tags.slice(-3).map((tag) => tag.name)).toEqual(['audit', 'admin', 'health']);
    expect(document.tags.filter((tag) => (tag.description ?? '').length < 40).map((tag) => tag.name)).toEqual([]);
  });

  it('puts every operation under exactly one declared tag, and every tag holds operations', () => {
    const declared = new Set(API_TAGS.map((tag) => tag.name as string));
    expect(operations.filter((op) => op.tags.length !== 1 || !declared.has(op.tags[0])).map((op) => `${op.name} ${JSON.stringify(op.tags)}`)).toEqual([]);
    const used = new Set(operations.map((op) => op.tags[0]));
    expect([...declared].filter((tag) => !used.has(tag))).toEqual([]);
  });

  it('splits the catalog into categories, services (with variations, store overrides, consumption) and products', () => {
    const tagOf = (name: string) => operations.find((op) => op.name === name)?.tags[0];
    expect(tagOf('GET /v1/service-categories')).toBe('service-categories');
    expect(tagOf('PUT /v1/services/{id}/variations/{variationId}/consumption')).toBe('services');
    expect(tagOf('PUT /v1/services/{id}/store-overrides/{storeId}')).toBe('services');
    expect(tagOf('PUT /v1/products/{id}/store-prices/{storeId}')).toBe('products');
  });
});

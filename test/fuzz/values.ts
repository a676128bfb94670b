/**
 * fast-check generators read from the document's schemas: valid-ish values (so some requests
 * succeed) and hostile ones (wrong types, nulls, controls, lone surrogates, huge and deep values,
 * tiny numbers, bad ids). Generated cases are plain data: an id is an IdRef that the runner turns
 * into a real id (of the right kind, another kind, or none) when it sends the request.
 */
import fc from 'fast-check';
import { resolveSchema, type OpenApiDocument, type Schema } from './document.js';

export type IdKind =
  | 'store'
  | 'customer'
  | 'import'
  | 'product'
  | 'segment'
  | 'category'
  | 'service'
  | 'variation'
  | 'closure'
  | 'user'
  | 'apiKey'
  | 'staff'
  | 'level'
  | 'template'
  | 'shift'
  | 'timeOff'
  | 'attendance'
  | 'resource'
  | 'block'
  | 'publishableKey'
  | 'appointment'
  | 'hold'
  | 'waitlistEntry'
  | 'series'
  | 'transfer'
  | 'supplier'
  | 'purchaseOrder'
  | 'shortfall'
  | 'stocktake'
  | 'stocktakeCount'
  | 'order'
  | 'payment'
  | 'refund'
  | 'shipment'
  | 'shipmentException';
export const ID_KINDS: IdKind[] = [
  'store',
  'customer',
  'import',
  'product',
  'segment',
  'category',
  'service',
  'variation',
  'closure',
  'user',
  'apiKey',
  'staff',
  'level',
  'template',
  'shift',
  'timeOff',
  'attendance',
  'resource',
  'block',
  'publishableKey',
  'appointment',
  'hold',
  'waitlistEntry',
  'series',
  'transfer',
  'supplier',
  'purchaseOrder',
  'shortfall',
  'stocktake',
  'stocktakeCount',
  'order',
  'payment',
  'refund',
  'shipment',
  'shipmentException',
];

/** An id to fill in at send time: an existing one of `kind` (picked by `pick` in [0, 1)), or `literal`. */
export class IdRef {
  constructor(
    readonly kind: IdKind | 'any',
    readonly pick: number,
    readonly literal?: string,
  ) {}
  toJSON(): string {
    return this.literal ?? `<${this.kind} #${this.pick.toFixed(3)}>`;
  }
}

/** The resource a path segment names: `/v1/services/{id}/variations/{variationId}`. */
export const KIND_OF_SEGMENT: Record<string, IdKind> = {
  stores: 'store',
  customers: 'customer',
  'customer-imports': 'import',
  products: 'product',
  segments: 'segment',
  'service-categories': 'category',
  services: 'service',
  variations: 'variation',
  'store-prices': 'store',
  'store-overrides': 'store',
  closures: 'closure',
  users: 'user',
  'api-keys': 'apiKey',
  staff: 'staff',
  'staff-levels': 'level',
  'level-prices': 'level',
  templates: 'template',
  shifts: 'shift',
  'time-off': 'timeOff',
  'time-off-requests': 'timeOff',
  attendance: 'attendance',
  resources: 'resource',
  blocks: 'block',
  'publishable-keys': 'publishableKey',
  appointments: 'appointment',
  'appointment-holds': 'hold',
  waitlist: 'waitlistEntry',
  series: 'series',
  transfers: 'transfer',
  suppliers: 'supplier',
  'purchase-orders': 'purchaseOrder',
  shortfalls: 'shortfall',
  stocktakes: 'stocktake',
  counts: 'stocktakeCount',
  orders: 'order',
  checkouts: 'order',
  payments: 'payment',
  refunds: 'refund',
  shipments: 'shipment',
  'shipment-exceptions': 'shipmentException',
};

/** The kind of id a body or query field holds, from its name. */
export function kindOfField(name: string): IdKind | 'any' {
  if (/staffMember/i.test(name)) return 'staff';
  if (/payment/i.test(name)) return 'payment';
  if (/supplier/i.test(name)) return 'supplier';
  if (/hold/i.test(name)) return 'hold';
  if (/appointment/i.test(name)) return 'appointment';
  if (/resource/i.test(name)) return 'resource';
  if (/level/i.test(name)) return 'level';
  if (/store/i.test(name)) return 'store';
  if (/categor/i.test(name)) return 'category';
  if (/^orderId$/.test(name)) return 'order';
  if (/customer|referredBy|duplicate|survivor/i.test(name)) return 'customer';
  if (/product/i.test(name)) return 'product';
  if (/variation/i.test(name)) return 'variation';
  if (/service/i.test(name)) return 'service';
  if (/user|actor/i.test(name)) return 'user';
  return 'any';
}

const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const token = fc.stringMatching(/^[a-z0-9]{6,10}$/);

/** Ids that are not ids, or not of this business: for path params, bodies and queries. */
export const hostileId: fc.Arbitrary<IdRef> = fc.oneof(
  fc.uuid().map((literal) => new IdRef('any', 0, literal)),
  fc
    .constantFrom(
      '00000000-0000-0000-0000-000000000000',
      'not-a-uuid',
      '',
      ' ',
      '1',
      '-1',
      '0x10',
      'null',
      'undefined',
      '{}',
      '8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0',
      '8d5e1c7a2b4f4e8a9c3d1f6a7b8c9d0e',
      '{8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e}',
      '8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e\u0000',
      'ＡＢＣ',
      '../../etc/passwd',
      "' OR 1=1 --",
    )
    .map((literal) => new IdRef('any', 0, literal)),
  fc.tuple(fc.constantFrom(...ID_KINDS), unit).map(([kind, pick]) => new IdRef(kind, pick)),
);

export function idOf(kind: IdKind | 'any'): fc.Arbitrary<IdRef> {
  return unit.map((pick) => new IdRef(kind, pick));
}

const CONTROL = ['\u0000', '\u0000', '\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u001b[31m', '\u007f', '\u0085', '\r', '\u2028', '\ufeff', '\u202e'];
const SURROGATE = ['\ud800', '\udfff', '\udbff\udbff', 'a\udc00b'];

/** Strings a front end might never send but a hostile client will. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z ]{0,8}$/), fc.constantFrom(...CONTROL, ...SURROGATE), fc.stringMatching(/^[A-Za-z ]{0,8}$/)).map((parts) => parts.join('')),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '   \t ',
      '\n',
      'null',
      'true',
      '0',
      '-0',
      '1e-7',
      'NaN',
      'Infinity',
      '${jndi:ldap://x}',
      '<script>alert(1)</script>',
      "Robert'); DROP TABLE customer;--",
      '%00',
      '%s%s%s',
      '\\',
      '\\u0000',
      '王'.repeat(300),
      '👩‍👩‍👧‍👦'.repeat(50),
      'e\u0301'.repeat(100),
    ),
  },
  // Huge strings are costly to send and parse: rarer, and one of them past the body limit.
  { weight: 1, arbitrary: fc.constantFrom(1_000, 1_000, 70_000, 1_100_000).map((size) => 'x'.repeat(size)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
);

export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(1e-7, 0.000001, -0, -1, 0, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 5e-324, 12800.5, 1e20),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('100', '1e3', '0x10', ''),
);

function deep(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** A value to put where a schema's value belongs: wrong types, nulls, hostile strings and numbers, huge and deep values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: hostileString, weight: 5 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: hostileId, weight: 2 },
  { arbitrary: fc.constantFrom({}, [], [null], { '': '' }, JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } }), weight: 2 },
  { arbitrary: fc.constantFrom(100, 1000, 20_000).map((size) => Array.from({ length: size }, (_, i) => `v${i}`)), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(50, 500, 2000), fc.constantFrom('array' as const, 'object' as const)).map(([depth, kind]) => deep(depth, kind)), weight: 1 },
  { arbitrary: fc.constantFrom('2026-02-30', '0000-00-00', '1992/5/12', '9999-12-31T99:99:99Z', '2026-13-01', '+275760-09-13T00:00:00.001Z', '24:00', '25:61'), weight: 2 },
  { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 },
);

/** Valid-ish values: what a careful client would send, with the uniqueness a create needs. */
export class ValueGenerator {
  constructor(private readonly document: OpenApiDocument) {}

  resolve(schema: Schema): Schema {
    return resolveSchema(this.document, schema);
  }

  valid(raw: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    let base = this.validBase(schema, name, depth);
    // The document's examples are valid together (from ≤ to, a time zone, a country): half the time, use them.
    const example = schema.example;
    const holdsIds = schema.format === 'uuid' || schema.items?.format === 'uuid';
    if (example !== undefined && !holdsIds && schema.type !== 'string') base = fc.oneof(fc.constant(structuredClone(example)), base);
    return schema.nullable ? fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: base, weight: 6 }) : base;
  }

  private validBase(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    switch (type) {
      case 'string':
        return this.validString(schema, name);
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? (/amount|price|minutes|days|size|quantity/i.test(name) ? 0 : -10);
        const max = schema.maximum ?? Math.max(min + 10, /amount|price/i.test(name) ? 100_000 : 500);
        const integer = /minutes/i.test(name)
          ? fc.integer({ min: Math.ceil(min / 5), max: Math.floor(max / 5) }).map((n) => n * 5)
          : fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
        return type === 'integer' || /limit|amount|minutes|days|order/i.test(name)
          ? integer
          : fc.oneof(
              integer,
              integer,
              fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((n) => n / 100),
            );
      }
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = schema.items ? this.valid(schema.items, name, depth + 1) : fc.string();
        const minLength = schema.minItems ?? 0;
        const maxLength = Math.min(schema.maxItems ?? 3, minLength + 3);
        return schema.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
      }
      case 'object': {
        if (!schema.properties) {
          if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
            return fc.dictionary(token, this.valid(schema.additionalProperties, name, depth + 1), { maxKeys: 2 });
          }
          return fc.constant({});
        }
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, property] of Object.entries(schema.properties as Record<string, Schema>)) model[key] = this.valid(property, key, depth + 1);
        const record = fc.record(model, { requiredKeys: schema.required ?? [] });
        return schema.example && depth > 0 ? fc.oneof(record, fc.constant(structuredClone(schema.example))) : record;
      }
      default:
        return fc.constant({});
    }
  }

  private validString(schema: Schema, name: string): fc.Arbitrary<unknown> {
    if (typeof schema.example === 'string' && schema.format && schema.format !== 'uuid') return fc.oneof(fc.constant(schema.example), this.generatedString(schema, name));
    return this.generatedString(schema, name);
  }

  private generatedString(schema: Schema, name: string): fc.Arbitrary<unknown> {
    const max = schema.maxLength ?? 60;
    const fit = (arb: fc.Arbitrary<string>) => arb.map((s) => s.slice(0, max)).filter((s) => s.length >= (schema.minLength ?? 0));
    switch (schema.format) {
      case 'uuid':
        return fc.oneof({ arbitrary: idOf(kindOfField(name)), weight: 6 }, { arbitrary: idOf('any'), weight: 1 });
      case 'date':
        return fc.date({ min: new Date('1950-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      case 'date-time':
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
      case 'email':
        return token.map((local) => `${local}@example.com`);
      case 'uri':
        return token.map((path) => `https://cdn.bloom.example/${path}.jpg`);
    }
    if (/phone/i.test(name)) return fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+86139${String(n).padStart(8, '0')}`);
    if (/^(from|to)$/.test(name)) return fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    if (schema.pattern) return fit(fc.stringMatching(new RegExp(schema.pattern as string)));
    const example = typeof schema.example === 'string' ? schema.example : undefined;
    const words = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,20}[A-Za-z0-9]$/);
    // Names, codes and SKUs are often unique: an example gets a random tail.
    return fit(
      example
        ? fc.oneof(
            fc.constant(example),
            fc.constant(example),
            token.map((tail) => `${example} ${tail}`),
            words,
          )
        : words,
    );
  }
}

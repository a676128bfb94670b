import fc from 'fast-check';
import { canonicalJson, idempotencyScope, isValidIdempotencyKey, requestFingerprint } from './fingerprint.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('drops undefined members like JSON.stringify does, and writes undefined items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('is valid JSON that parses back to the same value, for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))));
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        return canonicalJson(object) === canonicalJson(reversed);
      }),
    );
  });
});

describe('requestFingerprint', () => {
  it('is the same for the same request whatever the key order', () => {
    expect(requestFingerprint('post', '/v1/orders', { a: 1, b: 2 })).toBe(requestFingerprint('POST', '/v1/orders', { b: 2, a: 1 }));
  });

  it('differs when the body, the path, the query or the method differs', () => {
    const base = requestFingerprint('POST', '/v1/orders', { a: 1 });
    expect(requestFingerprint('POST', '/v1/orders', { a: 2 })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/orders/x', { a: 1 })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/orders?store=1', { a: 1 })).not.toBe(base);
    expect(requestFingerprint('PUT', '/v1/orders', { a: 1 })).not.toBe(base);
  });

  it('tells apart bodies that differ anywhere (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        return requestFingerprint('POST', '/x', a) !== requestFingerprint('POST', '/x', b);
      }),
    );
  });
});

describe('isValidIdempotencyKey', () => {
  it('accepts 1 to 255 printable characters', () => {
    expect(isValidIdempotencyKey('0b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11')).toBe(true);
    expect(isValidIdempotencyKey('order 42 / retry')).toBe(true);
    expect(isValidIdempotencyKey('x'.repeat(255))).toBe(true);
  });

  it('refuses empty, too long and non-printable keys', () => {
    expect(isValidIdempotencyKey('')).toBe(false);
    expect(isValidIdempotencyKey('x'.repeat(256))).toBe(false);
    expect(isValidIdempotencyKey('tab\there')).toBe(false);
    expect(isValidIdempotencyKey('clé')).toBe(false);
  });
});

describe('idempotencyScope', () => {
  it('scopes keys by caller kind and id, and puts public callers together', () => {
    expect(idempotencyScope({ kind: 'user', id: 'u1', role: 'owner', storeIds: 'all' })).toBe('user:u1');
    expect(idempotencyScope({ kind: 'api_key', id: 'u1', scopes: [], storeIds: 'all' })).toBe('api_key:u1');
    expect(idempotencyScope(undefined)).toBe('public');
  });
});

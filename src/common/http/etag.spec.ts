import fc from 'fast-check';
import { assertVersion, etagOf, parseIfMatch } from './etag.js';

describe('If-Match', () => {
  it('reads back the version of every ETag it gave, in the forms clients send', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (version) => {
        expect(parseIfMatch(etagOf(version))).toBe(version);
        expect(parseIfMatch(`W/${etagOf(version)}`)).toBe(version);
        expect(parseIfMatch(String(version))).toBe(version);
        expect(parseIfMatch(`${etagOf(version)}, W/${etagOf(version)}`)).toBe(version);
      }),
    );
  });

  it('answers 428 without one (or with *), 400 for anything that is not one version of ours', () => {
    expect(() => parseIfMatch(undefined)).toThrow(expect.objectContaining({ status: 428 }));
    expect(() => parseIfMatch('*')).toThrow(expect.objectContaining({ status: 428 }));
    for (const header of ['"abc"', '"1", "2"', 'W/', '"12345678901"']) {
      expect(() => parseIfMatch(header)).toThrow(expect.objectContaining({ status: 400, code: 'request.if_match_malformed' }));
    }
  });

  it('passes the version the row is at, and answers 412 for any other', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (current, expected) => {
        if (current === expected) expect(() => assertVersion({ version: current }, expected)).not.toThrow();
        else expect(() => assertVersion({ version: current }, expected)).toThrow(expect.objectContaining({ status: 412, code: 'request.stale_version' }));
      }),
    );
  });
});

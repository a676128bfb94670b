import fc from 'fast-check';
import type { CustomerPrivacy } from '../privacy/customer-privacy.js';
import {
  compareEntries,
  CustomerTimeline,
  decodeTimelineCursor,
  encodeTimelineCursor,
  keyOf,
  uuidBound,
  type CustomerTimelineSource,
  type TimelineEntry,
  type TimelineQuery,
} from './customer-timeline.js';

const PRIVACY: CustomerPrivacy = { fullContact: true, careNotes: true, auditReads: false };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A source over an in-memory list, answering as an SQL source does with `uuidBound`: `(at, id) < bound`. */
function memorySource(name: string, entries: TimelineEntry[]): CustomerTimelineSource {
  return {
    name,
    async entries({ before, limit }: TimelineQuery) {
      const bound = uuidBound(name, before);
      return entries
        .filter((e) => !bound || e.at.getTime() < bound.at.getTime() || (e.at.getTime() === bound.at.getTime() && e.id < bound.id))
        .sort(compareEntries)
        .slice(0, limit);
    },
  };
}

const entry = (source: string, id: number, at: number): TimelineEntry => ({
  source,
  id: uuid(id),
  at: new Date(at),
  type: `${source}.thing`,
  summary: '',
  actor: null,
  data: {},
});

describe('customer timeline', () => {
  it('round-trips its cursor and refuses others', () => {
    const position = { at: new Date('2026-11-22T02:15:00.123Z'), key: `notes:${uuid(1)}` };
    expect(decodeTimelineCursor(encodeTimelineCursor(position))).toEqual(position);
    for (const bad of ['x', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["2026-01-01","notes:1"]').toString('base64url')]) {
      expect(() => decodeTimelineCursor(bad)).toThrow(expect.objectContaining({ code: 'request.validation_failed' }));
    }
  });

  it('bounds a source by the cursor of another source at the same instant', () => {
    const at = new Date(1000);
    expect(uuidBound('notes', null)).toBeNull();
    expect(uuidBound('notes', { at, key: `notes:${uuid(5)}` })).toEqual({ at, id: uuid(5) });
    // 'profile:…' sorts after 'notes:…': at that instant, every note is still to come.
    expect(uuidBound('notes', { at, key: `profile:${uuid(5)}` })!.id).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
    expect(uuidBound('profile', { at, key: `notes:${uuid(5)}` })!.id).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('refuses a source registered twice or badly named', () => {
    const timeline = new CustomerTimeline();
    timeline.register(memorySource('notes', []));
    expect(() => timeline.register(memorySource('notes', []))).toThrow(/twice/);
    expect(() => timeline.register(memorySource('Bad Name', []))).toThrow(/must match/);
  });

  it('walks every entry of every source exactly once, newest first, whatever the page size (property)', async () => {
    const sourceNames = ['consents', 'notes', 'orders', 'profile'];
    await fc.assert(
      fc.asyncProperty(
        // Few distinct instants, so entries of different sources often share one.
        fc.array(fc.record({ source: fc.constantFrom(...sourceNames), at: fc.integer({ min: 0, max: 6 }) }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (specs, limit) => {
          const all = specs.map((spec, i) => entry(spec.source, i + 1, spec.at * 1000));
          const timeline = new CustomerTimeline();
          for (const name of sourceNames)
            timeline.register(
              memorySource(
                name,
                all.filter((e) => e.source === name),
              ),
            );
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages < 100; pages++) {
            const page = await timeline.page(['c'], PRIVACY, limit, cursor);
            expect(page.data.length).toBeLessThanOrEqual(limit);
            seen.push(...page.data.map(keyOf));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(seen).toEqual([...all].sort(compareEntries).map(keyOf));
        },
      ),
      { numRuns: 200 },
    );
  });
});

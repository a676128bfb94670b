import { zonedToInstant } from '../../../common/clock/index.js';
import type { TimeBlocks } from '../../catalog/index.js';
import type { AvailabilityProblem, CandidateStaff, RequestedService, Span } from './availability-model.js';
import { checkBooking, findSlots, nearestSlots, proposalsAt, segmentSpans } from './calculator.js';
import { gridStarts } from './slot-grid.js';

const ZONE = 'Asia/Shanghai';
const DAY = '2026-06-01';
const MIN = 60_000;
/** A wall time `HH:mm` on `date` in the store's zone. */
const at = (time: string, date = DAY, zone = ZONE) => {
  const [h, m] = time.split(':').map(Number);
  return zonedToInstant(date, h * 60 + m, zone);
};
const span = (from: string, to: string, date = DAY): Span => ({ start: at(from, date), end: at(to, date) });
const hhmm = (instant: number) => new Date(instant + 8 * 3_600_000).toISOString().slice(11, 16);
const blocks = (active: number, processing = 0, finishing = 0, buffer = 0): TimeBlocks => ({
  activeMinutes: active,
  processingMinutes: processing,
  finishingMinutes: finishing,
  bufferMinutes: buffer,
});
const staff = (id: string, tb: TimeBlocks = blocks(60), extra: Partial<CandidateStaff> = {}): CandidateStaff => ({
  staffMemberId: id,
  levelId: null,
  durationMinutes: tb.activeMinutes + tb.processingMinutes + tb.finishingMinutes,
  timeBlocks: tb,
  price: { amount: 10000, currency: 'CNY' },
  preferenceRank: null,
  ...extra,
});
const service = (variationId: string, candidates: CandidateStaff[], resourceType: string | null = null): RequestedService => ({ variationId, resourceType, staff: candidates });

/** One day in Shanghai, 09:00–18:00 for everyone named, nothing booked, starts every 15 minutes. */
function problem(services: RequestedService[], overrides: Partial<AvailabilityProblem> = {}): AvailabilityProblem {
  const ids = new Set(services.flatMap((s) => s.staff.map((c) => c.staffMemberId)));
  return {
    timeZone: ZONE,
    from: at('00:00'),
    to: at('00:00', '2026-06-02'),
    slotMinutes: 15,
    earliestStart: at('00:00'),
    latestStart: at('00:00', '2026-07-01'),
    mode: 'sequential',
    services,
    working: new Map([...ids].map((id) => [id, [span('09:00', '18:00')]])),
    staffBusy: new Map(),
    resources: new Map(),
    dailyCap: null,
    ...overrides,
  };
}
const starts = (p: AvailabilityProblem) => findSlots(p).map((slot) => hhmm(slot.start));

describe('segmentSpans', () => {
  it('leaves the staff member free while colour processes, and busy through finishing and the clean-up buffer', () => {
    const s = at('10:00');
    expect(segmentSpans(s, 90, blocks(30, 40, 20, 10))).toEqual({
      end: at('11:30'),
      staffBusy: [span('10:00', '10:30'), span('11:10', '11:40')],
      resourceBusy: span('10:00', '11:40'),
    });
  });

  it('drops empty pieces and joins touching ones', () => {
    expect(segmentSpans(at('10:00'), 60, blocks(60, 0, 0, 15)).staffBusy).toEqual([span('10:00', '11:15')]);
    expect(segmentSpans(at('10:00'), 60, blocks(30, 30, 0, 0)).staffBusy).toEqual([span('10:00', '10:30')]);
  });
});

describe('findSlots', () => {
  it('offers every 15 minutes while the service fits in working time, with the price', () => {
    const slots = findSlots(problem([service('cut', [staff('a')])]));
    expect(slots.map((slot) => hhmm(slot.start))[0]).toBe('09:00');
    expect(hhmm(slots[slots.length - 1].start)).toBe('17:00');
    expect(slots).toHaveLength(33);
    expect(slots[0]).toMatchObject({ end: at('10:00'), price: { amount: 10000, currency: 'CNY' }, segments: [{ variationId: 'cut', staffMemberId: 'a', resourceId: null }] });
  });

  it('lets a beautician take another customer while a colour processes, but not use its chair', () => {
    // A colour 10:00–11:30 with 10:30–11:00 processing: the beautician is busy 10:00–10:30 and 11:00–11:30.
    const busy = new Map([['a', [span('10:00', '10:30'), span('11:00', '11:30')]]]);
    const cut = staff('a', blocks(30));
    expect(starts(problem([service('cut', [cut])], { staffBusy: busy }))).toContain('10:30');
    const chairs = new Map([['chair', [{ resourceId: 'chair-1', busy: [span('10:00', '11:30')] }]]]);
    const withChair = starts(problem([service('cut', [cut], 'chair')], { staffBusy: busy, resources: chairs }));
    expect(withChair).not.toContain('10:30');
    expect(withChair).toContain('11:30');
  });

  it('fits a colour around another booking that falls in its processing time', () => {
    // 30 active, 30 processing, 30 finishing: from 10:30 the beautician is busy 10:30–11:00 and 11:30–12:00.
    const colour = staff('a', blocks(30, 30, 30));
    const p = problem([service('colour', [colour])], { staffBusy: new Map([['a', [span('11:00', '11:30')]]]) });
    const offered = starts(p);
    expect(offered).toContain('10:30');
    expect(offered).not.toContain('10:15');
    expect(offered).not.toContain('10:45');
    expect(offered).toContain('11:30');
  });

  it('keeps the clean-up buffer for the staff member and the resource', () => {
    const withBuffer = staff('a', blocks(60, 0, 0, 15));
    // Someone booked at 11:00: a 60-minute service with a 15-minute buffer may not start at 10:00.
    const p = problem([service('cut', [withBuffer])], { staffBusy: new Map([['a', [span('11:00', '12:00')]]]) });
    expect(starts(p)).not.toContain('10:00');
    expect(starts(p)).toContain('09:45');
    // The buffer may run past the end of the shift: only the customer's time must be in working time.
    expect(starts(p)).toContain('17:00');
    const rooms = new Map([['room', [{ resourceId: 'r', busy: [span('11:00', '12:00')] }]]]);
    const q = problem([service('facial', [staff('b', blocks(60, 0, 0, 15))], 'room')], { resources: rooms });
    expect(starts(q)).not.toContain('10:00');
    expect(starts(q)).toContain('09:45');
  });

  it('books services one after another: the next starts when the customer leaves the first, with anyone free', () => {
    const p = problem([service('cut', [staff('a', blocks(60, 0, 0, 15))]), service('colour', [staff('a', blocks(30)), staff('b', blocks(30))])]);
    const [first] = findSlots(p);
    expect(first.segments.map((s) => [s.staffMemberId, hhmm(s.start), hhmm(s.end)])).toEqual([
      ['a', '09:00', '10:00'],
      // a is cleaning up until 10:15, so b does the colour.
      ['b', '10:00', '10:30'],
    ]);
    expect(first.end).toBe(at('10:30'));
    expect(first.price.amount).toBe(20000);
    // Without a buffer the same beautician does both.
    const q = problem([service('cut', [staff('a')]), service('colour', [staff('a', blocks(30)), staff('b', blocks(30))])]);
    expect(findSlots(q)[0].segments.map((s) => s.staffMemberId)).toEqual(['a', 'a']);
  });

  it('books services at once with different staff and different resources', () => {
    const both = [staff('a'), staff('b')];
    const p = problem([service('cut', both, 'chair'), service('nails', both, 'chair')], {
      mode: 'parallel',
      resources: new Map([
        [
          'chair',
          [
            { resourceId: 'c1', busy: [] },
            { resourceId: 'c2', busy: [] },
          ],
        ],
      ]),
    });
    const [first] = findSlots(p);
    expect(first.segments.map((s) => [s.staffMemberId, s.resourceId, hhmm(s.start)])).toEqual([
      ['a', 'c1', '09:00'],
      ['b', 'c2', '09:00'],
    ]);
    // One chair only, or one beautician only: nothing at once.
    expect(findSlots({ ...p, resources: new Map([['chair', [{ resourceId: 'c1', busy: [] }]]]) })).toEqual([]);
    expect(findSlots({ ...p, services: [service('cut', [staff('a')]), service('nails', [staff('a')])] })).toEqual([]);
  });

  it('finds the assignment that works when the first choice would strand a later service', () => {
    const p = problem([service('cut', [staff('a'), staff('b')]), service('nails', [staff('a')])], { mode: 'parallel' });
    expect(findSlots(p)[0].segments.map((s) => s.staffMemberId)).toEqual(['b', 'a']);
  });

  it('proposes the preferred staff member first, then the least booked that day', () => {
    const counts = new Map([
      ['a', new Map([[DAY, 3]])],
      ['b', new Map([[DAY, 1]])],
    ]);
    const p = problem([service('cut', [staff('a'), staff('b'), staff('c', blocks(60), { preferenceRank: 0 })])], {
      dailyCap: { cap: 10, counts },
      working: new Map([
        ['a', [span('09:00', '18:00')]],
        ['b', [span('09:00', '18:00')]],
        ['c', [span('12:00', '18:00')]],
      ]),
    });
    const slots = findSlots(p);
    // c is not in before noon; c (the customer's favourite) from noon; c (0 booked) before b (1) before a (3) otherwise.
    expect(slots.find((s) => hhmm(s.start) === '09:00')?.segments[0].staffMemberId).toBe('b');
    expect(slots.find((s) => hhmm(s.start) === '12:00')?.segments[0].staffMemberId).toBe('c');
  });

  it('lists every stylist who could take a one-service request at a start, in the order it proposes them (proposalsAt)', () => {
    const counts = new Map([
      ['a', new Map([[DAY, 3]])],
      ['b', new Map([[DAY, 1]])],
    ]);
    const p = problem([service('cut', [staff('a'), staff('b'), staff('c', blocks(60), { preferenceRank: 0 }), staff('d'), staff('e')])], {
      dailyCap: { cap: 10, counts },
      staffBusy: new Map([['d', [span('10:30', '11:00')]]]),
      working: new Map([
        ['a', [span('09:00', '18:00')]],
        ['b', [span('09:00', '18:00')]],
        ['c', [span('09:00', '18:00')]],
        ['d', [span('09:00', '18:00')]],
        ['e', [span('12:00', '18:00')]],
      ]),
    });
    // d is busy at 10:30 and e not in yet: the favourite, then the least booked.
    expect(proposalsAt(p, at('10:00')).map((slot) => slot.segments[0].staffMemberId)).toEqual(['c', 'b', 'a']);
    expect(proposalsAt(p, at('10:00'))[0]).toEqual(findSlots({ ...p, from: at('10:00'), to: at('10:00') + 1 })[0]);
    expect(proposalsAt(p, at('13:00')).map((slot) => slot.segments[0].staffMemberId)).toEqual(['c', 'd', 'e', 'b', 'a']);
    expect(() => proposalsAt({ ...p, services: [...p.services, ...p.services] }, at('10:00'))).toThrow(RangeError);
  });

  it('does not propose a staff member who has reached the daily cap', () => {
    const counts = new Map([['a', new Map([[DAY, 2]])]]);
    const p = problem([service('cut', [staff('a'), staff('b')])], { dailyCap: { cap: 2, counts } });
    expect(new Set(findSlots(p).map((s) => s.segments[0].staffMemberId))).toEqual(new Set(['b']));
    expect(findSlots({ ...p, services: [service('cut', [staff('a')])] })).toEqual([]);
    // Another day's count does not matter.
    expect(findSlots({ ...p, dailyCap: { cap: 2, counts: new Map([['a', new Map([['2026-06-02', 5]])]]) }, services: [service('cut', [staff('a')])] })).not.toEqual([]);
  });

  it('offers nothing when the store has no resource of the type, and takes resources in id order', () => {
    expect(findSlots(problem([service('laser', [staff('a')], 'laser')]))).toEqual([]);
    const lasers = new Map([
      [
        'laser',
        [
          { resourceId: 'l2', busy: [] },
          { resourceId: 'l1', busy: [span('09:00', '10:00')] },
        ],
      ],
    ]);
    const slots = findSlots(problem([service('laser', [staff('a')], 'laser')], { resources: lasers }));
    expect(slots.find((s) => hhmm(s.start) === '09:00')?.segments[0].resourceId).toBe('l2');
    expect(slots.find((s) => hhmm(s.start) === '10:00')?.segments[0].resourceId).toBe('l1');
  });

  it('keeps to the window, the notice and the horizon, and stops at maxSlots', () => {
    const p = problem([service('cut', [staff('a')])], { from: at('10:00'), to: at('12:00'), earliestStart: at('10:20'), latestStart: at('11:00') });
    expect(starts(p)).toEqual(['10:30', '10:45', '11:00']);
    expect(findSlots(p, { maxSlots: 2 })).toHaveLength(2);
  });
});

describe('the slot grid across daylight saving (Europe/London)', () => {
  const LONDON = 'Europe/London';
  const wall = (instant: number, zone = LONDON) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(instant);
  const day = (date: string) => gridStarts(zonedToInstant(date, 0, LONDON), zonedToInstant(date, 24 * 60, LONDON), 30, LONDON);

  it('skips the wall times the clocks jump over in March', () => {
    const grid = day('2026-03-29');
    expect(grid).toHaveLength(46);
    expect(grid.slice(1, 4).map((g) => wall(g.start))).toEqual(['00:30 GMT', '02:00 BST', '02:30 BST']);
    expect(grid.every((g) => g.date === '2026-03-29')).toBe(true);
  });

  it('offers the hour shown twice in October once at each of its instants', () => {
    const grid = day('2026-10-25');
    expect(grid).toHaveLength(50);
    expect(grid.slice(2, 7).map((g) => wall(g.start))).toEqual(['01:00 BST', '01:30 BST', '01:00 GMT', '01:30 GMT', '02:00 GMT']);
    expect(new Set(grid.map((g) => g.start)).size).toBe(50);
  });

  it('follows the wall clock in findSlots, and checkBooking agrees', () => {
    const from = zonedToInstant('2026-03-29', 0, LONDON);
    const to = zonedToInstant('2026-03-30', 0, LONDON);
    const p = problem([service('cut', [staff('a', blocks(30))])], {
      timeZone: LONDON,
      from,
      to,
      slotMinutes: 30,
      earliestStart: from,
      latestStart: to,
      working: new Map([['a', [{ start: from, end: to }]]]),
    });
    const slots = findSlots(p);
    expect(slots.map((s) => wall(s.start)).slice(0, 3)).toEqual(['00:00 GMT', '00:30 GMT', '02:00 BST']);
    for (const slot of slots) expect(checkBooking(p, slot.segments)).toEqual([]);
    // 01:00 GMT is 02:00 BST (on the grid); 02:15 BST is not.
    const off = { ...slots[2].segments[0], start: slots[2].start + 15 * MIN, end: slots[2].end + 15 * MIN };
    off.staffBusy = [{ start: off.start, end: off.end }];
    expect(checkBooking(p, [off])).toContainEqual({ kind: 'outside_window', reason: 'off_grid' });
  });
});

describe('nearestSlots', () => {
  const twoDays = (overrides: Partial<AvailabilityProblem> = {}, minutes = 60) =>
    problem([service('cut', [staff('a', blocks(minutes)), staff('b', blocks(minutes))])], {
      to: at('00:00', '2026-06-03'),
      working: new Map([
        ['a', [span('09:00', '18:00'), span('09:00', '18:00', '2026-06-02')]],
        ['b', [span('09:00', '18:00'), span('09:00', '18:00', '2026-06-02')]],
      ]),
      ...overrides,
    });

  it('suggests the same day first, nearest the time wanted, before other days', () => {
    // Both are busy 10:00–17:00 on the first day: that day only has 09:00 and 17:00 left.
    const busy = [span('10:00', '17:00')];
    const p = twoDays({
      staffBusy: new Map([
        ['a', busy],
        ['b', busy],
      ]),
    });
    const near = nearestSlots(p, at('11:00'), 3);
    expect(near.map((s) => [new Date(s.start).toISOString().slice(0, 10), hhmm(s.start)])).toEqual([
      ['2026-06-01', '09:00'],
      ['2026-06-01', '17:00'],
      ['2026-06-02', '09:00'],
    ]);
  });

  it('at equal distance, prefers a proposal with the staff member asked for', () => {
    // A 30-minute cut: 10:30 and 11:30 are equally near 11:00; a only has 11:30 free, b both.
    const p = twoDays(
      {
        staffBusy: new Map([
          ['a', [span('09:00', '11:30'), span('12:00', '18:00')]],
          ['b', [span('11:00', '11:30')]],
        ]),
      },
      30,
    );
    const near = nearestSlots(p, at('11:00'), 2, ['a']);
    expect(near.map((s) => [hhmm(s.start), s.segments[0].staffMemberId])).toEqual([
      ['11:30', 'a'],
      ['10:30', 'b'],
    ]);
    // Without a wish, the earlier of the two comes first.
    expect(nearestSlots(p, at('11:00'), 2).map((s) => hhmm(s.start))).toEqual(['10:30', '11:30']);
  });
});

describe('checkBooking', () => {
  const chairs = new Map([['chair', [{ resourceId: 'c1', busy: [span('14:00', '15:00')] }]]]);
  const base = () =>
    problem([service('cut', [staff('a')], 'chair')], {
      resources: chairs,
      earliestStart: at('09:00'),
      latestStart: at('17:00'),
      staffBusy: new Map([['a', [span('12:00', '13:00')]]]),
      dailyCap: { cap: 3, counts: new Map([['a', new Map([[DAY, 2]])]]) },
    });
  const booking = (time: string, staffMemberId = 'a', resourceId: string | null = 'c1') => {
    const spans = segmentSpans(at(time), 60, blocks(60));
    return [
      {
        variationId: 'cut',
        staffMemberId,
        resourceId,
        start: at(time),
        end: spans.end,
        staffBusy: spans.staffBusy,
        resourceBusy: resourceId ? spans.resourceBusy : null,
        levelId: null,
        price: { amount: 10000, currency: 'CNY' },
      },
    ];
  };

  it('accepts what findSlots offers', () => {
    for (const slot of findSlots(base())) expect(checkBooking(base(), slot.segments)).toEqual([]);
    expect(checkBooking(base(), booking('10:00'))).toEqual([]);
  });

  it('names each reason a booking cannot be had', () => {
    expect(checkBooking(base(), booking('12:30'))).toEqual([{ kind: 'staff_busy', segment: 0, staffMemberId: 'a' }]);
    expect(checkBooking(base(), booking('14:30'))).toEqual([{ kind: 'resource_busy', segment: 0, resourceId: 'c1' }]);
    expect(checkBooking(base(), booking('10:00', 'a', null))).toEqual([{ kind: 'no_resource', segment: 0, resourceType: 'chair' }]);
    expect(checkBooking(base(), booking('10:00', 'z'))).toEqual([{ kind: 'not_qualified', segment: 0, staffMemberId: 'z' }]);
    expect(checkBooking(base(), booking('17:30'))).toEqual([
      { kind: 'outside_window', reason: 'beyond_horizon' },
      { kind: 'not_working', segment: 0, staffMemberId: 'a' },
    ]);
    expect(checkBooking(base(), booking('08:00'))).toEqual([
      { kind: 'outside_window', reason: 'before_notice' },
      { kind: 'not_working', segment: 0, staffMemberId: 'a' },
    ]);
    expect(checkBooking(base(), booking('10:05'))).toEqual([{ kind: 'outside_window', reason: 'off_grid' }]);
    const capped = { ...base(), dailyCap: { cap: 2, counts: new Map([['a', new Map([[DAY, 2]])]]) } };
    expect(checkBooking(capped, booking('10:00'))).toEqual([{ kind: 'daily_cap', segment: 0, staffMemberId: 'a' }]);
  });

  it('refuses the same beautician twice at once in parallel services', () => {
    const p = problem([service('cut', [staff('a')]), service('nails', [staff('a')])], { mode: 'parallel' });
    const s = segmentSpans(at('10:00'), 60, blocks(60));
    const seg = {
      staffMemberId: 'a',
      resourceId: null,
      start: at('10:00'),
      end: s.end,
      staffBusy: s.staffBusy,
      resourceBusy: null,
      levelId: null,
      price: { amount: 1, currency: 'CNY' },
    };
    expect(
      checkBooking(p, [
        { ...seg, variationId: 'cut' },
        { ...seg, variationId: 'nails' },
      ]),
    ).toEqual([{ kind: 'staff_busy', segment: 1, staffMemberId: 'a' }]);
  });
});

describe('speed (a sanity bound, the bench measures it properly)', () => {
  it('answers 30 staff over 14 days at 15-minute slots quickly', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const dates = Array.from({ length: 14 }, (_, d) => `2026-06-${String(d + 1).padStart(2, '0')}`);
    const working = new Map(ids.map((id) => [id, dates.map((date) => span('09:00', '21:00', date))]));
    // About 5,000 appointments: 12 a day each, an hour apart from 09:30, some with a long processing gap.
    const staffBusy = new Map(
      ids.map((id, i) => [
        id,
        dates.flatMap((date) =>
          Array.from({ length: 12 }, (_, k) => ({
            start: at('09:30', date) + k * 60 * MIN + (i % 4) * 15 * MIN,
            end: at('09:30', date) + k * 60 * MIN + (i % 4) * 15 * MIN + 45 * MIN,
          })),
        ),
      ]),
    );
    const p = problem(
      [
        service(
          'cut',
          ids.map((id) => staff(id, blocks(45))),
        ),
      ],
      { from: at('00:00'), to: at('00:00', '2026-06-15'), working, staffBusy },
    );
    findSlots(p);
    const t0 = performance.now();
    const runs = 20;
    let count = 0;
    for (let i = 0; i < runs; i++) count = findSlots(p).length;
    const ms = (performance.now() - t0) / runs;
    process.stdout.write(`findSlots 30 staff x 14 days: ${count} slots in ${ms.toFixed(2)} ms\n`);
    expect(count).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
  });
});

import { CalendarFeedSources, feedWindow } from './calendar-feed-sources.js';
import { matchesEtag } from './calendar-feed.service.js';
import type { IcsEvent } from './ical.js';
import { oneLineAddress, shiftEvent, type FeedShift } from './shift-events.js';
import { timeOffEvent, type FeedTimeOff } from './time-off-events.js';

const LONDON = {
  id: 's1',
  name: 'Covent Garden',
  phone: '+442071234567',
  timeZone: 'Europe/London',
  address: { line1: '12 Floral St', line2: null, district: null, city: 'London', province: null, postalCode: 'WC2E 9DH', country: 'GB' },
};

const shift = (overrides: Partial<FeedShift> = {}): FeedShift => ({
  id: 'a1',
  storeId: 's1',
  start: new Date('2027-07-05T09:00:00Z'),
  end: new Date('2027-07-05T17:00:00Z'),
  breaks: [],
  status: 'scheduled',
  note: null,
  cancelReason: null,
  version: 3,
  updatedAt: new Date('2027-07-01T00:00:00Z'),
  ...overrides,
});

const timeOff = (overrides: Partial<FeedTimeOff> = {}): FeedTimeOff => ({
  id: 'b1',
  start: new Date('2027-07-09T16:00:00Z'),
  end: new Date('2027-07-11T16:00:00Z'),
  allDay: false,
  timeZone: null,
  type: 'annual',
  status: 'approved',
  reason: null,
  version: 1,
  updatedAt: new Date('2027-07-01T00:00:00Z'),
  ...overrides,
});

describe('feed events', () => {
  it('shows a shift as busy time at the store, its breaks in the store’s local time', () => {
    const event = shiftEvent(
      shift({
        breaks: [
          ['2027-07-05T11:30:00+00:00', '2027-07-05T12:15:00+00:00'],
          ['2027-07-05T14:00:00+00:00', '2027-07-05T14:10:00+00:00'],
        ],
        note: 'Training the new trainee',
      }),
      LONDON,
    );
    expect(event).toMatchObject({
      uid: 'shift-a1@bloom',
      summary: 'Shift · Covent Garden',
      location: '12 Floral St, London WC2E 9DH GB',
      description: 'Breaks: 12:30–13:15, 15:00–15:10\nNote: Training the new trainee',
      status: 'CONFIRMED',
      transparency: 'OPAQUE',
      sequence: 3,
    });
  });

  it('shows a cancelled shift as CANCELLED with its reason', () => {
    const event = shiftEvent(shift({ status: 'cancelled', cancelReason: 'Store closed for repairs' }), LONDON);
    expect(event.status).toBe('CANCELLED');
    expect(event.description).toBe('Cancelled: Store closed for repairs\nNo breaks planned');
  });

  it('writes a Chinese address street first, without repeating a city that is its own province', () => {
    expect(oneLineAddress({ line1: '南京西路 1266 号', line2: '3 楼', district: '静安区', city: '上海市', province: '上海市', postalCode: '200040', country: 'CN' })).toBe(
      '南京西路 1266 号, 3 楼, 静安区, 上海市 200040 CN',
    );
    expect(oneLineAddress(null)).toBeNull();
  });

  it('shows time off as free time: approved confirmed, requested tentative, refused and cancelled cancelled', () => {
    expect(timeOffEvent(timeOff())).toMatchObject({ uid: 'time-off-b1@bloom', summary: 'Annual leave', status: 'CONFIRMED', transparency: 'TRANSPARENT' });
    expect(timeOffEvent(timeOff({ status: 'requested', type: 'sick' }))).toMatchObject({ summary: 'Sick leave (awaiting approval)', status: 'TENTATIVE' });
    expect(timeOffEvent(timeOff({ status: 'refused' })).status).toBe('CANCELLED');
    expect(timeOffEvent(timeOff({ status: 'cancelled' })).status).toBe('CANCELLED');
  });

  it('writes whole days of time off as the local dates they were entered in', () => {
    const event = timeOffEvent(timeOff({ allDay: true, timeZone: 'Asia/Shanghai' }));
    expect(event.start).toEqual({ date: '2027-07-10' });
    expect(event.end).toEqual({ date: '2027-07-12' });
  });

  it('compares ETags weakly, in lists and with *', () => {
    expect(matchesEtag('W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('"x", W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('*', 'W/"abc"')).toBe(true);
    expect(matchesEtag('W/"abd"', 'W/"abc"')).toBe(false);
    expect(matchesEtag(undefined, 'W/"abc"')).toBe(false);
  });

  it('gathers every source’s events in start order, and refuses a source registered twice', async () => {
    const at = (uid: string, iso: string): IcsEvent => ({ uid, start: new Date(iso), end: new Date(iso), summary: uid, status: 'CONFIRMED', transparency: 'OPAQUE', sequence: 1 });
    const sources = new CalendarFeedSources();
    sources.register({ name: 'shifts', events: async () => [at('b', '2027-07-02T00:00:00Z'), at('d', '2027-07-04T00:00:00Z')] });
    sources.register({ name: 'appointments', events: async () => [at('c', '2027-07-02T00:00:00Z'), at('a', '2027-07-01T00:00:00Z')] });
    expect(() => sources.register({ name: 'shifts', events: async () => [] })).toThrow(/twice/);
    expect(() => sources.register({ name: 'Bad-Name', events: async () => [] })).toThrow(/must match/);
    const events = await sources.events(feedWindow('m', new Date('2027-07-01T00:00:00Z')));
    expect(events.map((event) => event.uid)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('spans 30 days back and 120 ahead', () => {
    const window = feedWindow('m', new Date('2027-06-20T00:00:00Z'));
    expect(window.from.toISOString()).toBe('2027-05-21T00:00:00.000Z');
    expect(window.to.toISOString()).toBe('2027-10-18T00:00:00.000Z');
  });
});

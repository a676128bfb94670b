import { instantFormatter } from '../../../common/clock/index.js';
import { moneyOf } from '../../../common/money/index.js';
import type { AppointmentRecord, SegmentRecord } from '../booking/appointment-records.js';
import { buildBook } from './appointment-book.js';
import { appointmentFeedEvent, type FeedSegment } from './appointment-feed-events.js';
import { appointmentTimelineEntry, textBound, type AppointmentTimelineRow } from './appointment-timeline-source.js';
import { isLate, toArrival } from './arrivals.js';
import { namesOf, toAppointmentView } from './view-names.js';

const at = instantFormatter('Asia/Shanghai');
const cn = (time: string, date = '2027-03-22') => new Date(`${date}T${time}:00+08:00`);
const DAY = { from: cn('00:00').getTime(), to: cn('00:00', '2027-03-23').getTime() };

const names = namesOf(
  [
    { staffMemberId: 'ana', displayName: 'Ana', calendarColor: '#E91E63', userId: null },
    { staffMemberId: 'bo', displayName: 'Bo', calendarColor: '#3F51B5', userId: null },
    { staffMemberId: 'cy', displayName: 'Cy', calendarColor: '#009688', userId: null },
  ],
  [
    { resourceId: 'chair1', name: 'Chair 1', type: 'chair' },
    { resourceId: 'chair2', name: 'Chair 2', type: 'chair' },
  ],
  new Map([
    ['colour', { serviceName: '染发 Colour', variationName: '短发 Short hair' }],
    ['cut', { serviceName: '剪发 Cut', variationName: '剪发 Cut' }],
  ]),
  new Map([['wang', { id: 'wang', name: '王芳 Wang Fang', phone: '139****5678' }]]),
);

const segment = (overrides: Partial<SegmentRecord>): SegmentRecord => ({
  id: 's1',
  position: 0,
  variationId: 'colour',
  staffMemberId: 'ana',
  resourceId: 'chair1',
  startsAt: cn('10:00'),
  endsAt: cn('11:30'),
  price: moneyOf(48800, 'CNY'),
  ...overrides,
});

const record = (overrides: Partial<AppointmentRecord>): AppointmentRecord => {
  const segments = overrides.segments ?? [segment({})];
  return {
    id: 'a1',
    number: 'AP-20270322-0001',
    storeId: 'store',
    timeZone: 'Asia/Shanghai',
    customerId: 'wang',
    status: 'booked',
    channel: 'phone',
    startsAt: segments[0].startsAt,
    endsAt: segments[segments.length - 1].endsAt,
    notes: null,
    specialRequests: null,
    bookedByType: 'user',
    bookedById: null,
    cancelledAt: null,
    cancelReason: null,
    cancelledByType: null,
    cancelledById: null,
    lateCancellation: false,
    fee: null,
    checkedInAt: null,
    completedAt: null,
    seriesId: null,
    version: 1,
    createdAt: cn('09:00', '2027-03-20'),
    updatedAt: cn('09:00', '2027-03-20'),
    price: moneyOf(48800, 'CNY'),
    ...overrides,
    segments,
  };
};

describe('buildBook', () => {
  const twoServices = record({
    id: 'a2',
    segments: [
      segment({ id: 's2', startsAt: cn('14:00'), endsAt: cn('15:30') }),
      segment({ id: 's3', position: 1, variationId: 'cut', staffMemberId: 'bo', resourceId: 'chair2', startsAt: cn('15:30'), endsAt: cn('16:00') }),
    ],
  });
  // Starts earlier than a2 but later in the list: columns sort their segments by start.
  const early = record({ id: 'a3', segments: [segment({ id: 's4', staffMemberId: 'bo', resourceId: 'chair2', startsAt: cn('09:00'), endsAt: cn('09:30') })] });
  const working = new Map([['ana', [{ start: cn('10:00'), end: cn('19:00') }]]]);

  it('gives a column to each staff member working or booked, in the directory’s order, each with its segments in start order', () => {
    const columns = buildBook({ by: 'staff', ...DAY, records: [record({}), twoServices, early], names, working, at });
    expect(columns.map((column) => [column.id, column.workingIntervals, column.segments.map((s) => `${s.appointmentId} ${s.start.slice(11, 16)}`)])).toEqual([
      ['ana', [{ start: '2027-03-22T10:00:00+08:00', end: '2027-03-22T19:00:00+08:00' }], ['a1 10:00', 'a2 14:00']],
      ['bo', [], ['a3 09:00', 'a2 15:30']],
    ]);
    expect(columns[1].segments[1]).toMatchObject({
      customerName: '王芳 Wang Fang',
      serviceName: '剪发 Cut',
      staffName: 'Bo',
      resourceName: 'Chair 2',
      end: '2027-03-22T16:00:00+08:00',
    });
  });

  it('by resource lists every resource, booked or not, and leaves out segments outside the range', () => {
    const tomorrow = record({ id: 'a4', segments: [segment({ id: 's5', resourceId: 'chair1', startsAt: cn('10:00', '2027-03-23'), endsAt: cn('11:00', '2027-03-23') })] });
    const columns = buildBook({ by: 'resource', ...DAY, records: [twoServices, tomorrow], names, working, at });
    expect(columns.map((column) => [column.kind, column.name, column.resourceType, column.segments.map((s) => s.appointmentId)])).toEqual([
      ['resource', 'Chair 1', 'chair', ['a2']],
      ['resource', 'Chair 2', 'chair', ['a2']],
    ]);
  });
});

describe('arrivals', () => {
  it('is late once the start has passed without a check-in', () => {
    const now = cn('10:05').getTime();
    expect(isLate(record({ status: 'booked' }), now)).toBe(true);
    expect(isLate(record({ status: 'confirmed' }), now)).toBe(true);
    expect(isLate(record({ status: 'checked_in' }), now)).toBe(false);
    expect(isLate(record({ status: 'booked' }), cn('10:00').getTime())).toBe(false);
  });

  it('names the services in order and each staff member once', () => {
    const line = toArrival(
      record({ segments: [segment({}), segment({ id: 's2', position: 1, variationId: 'cut', startsAt: cn('11:30'), endsAt: cn('12:00') })] }),
      names,
      cn('09:00').getTime(),
      at,
    );
    expect(line).toMatchObject({ services: ['染发 Colour · 短发 Short hair', '剪发 Cut'], staff: [{ staffMemberId: 'ana', name: 'Ana' }], late: false });
    expect(line.customer).toEqual({ id: 'wang', name: '王芳 Wang Fang', phone: '139****5678' });
  });
});

describe('toAppointmentView', () => {
  it('adds names to the common response; ones it cannot find show as "?"', () => {
    const view = toAppointmentView(record({ customerId: 'gone', segments: [segment({ staffMemberId: 'zed', resourceId: null })] }), names);
    expect(view.customer).toEqual({ id: 'gone', name: '?', phone: null });
    expect(view.segments[0]).toMatchObject({ staffName: '?', resourceName: null, serviceName: '染发 Colour', start: '2027-03-22T10:00:00+08:00' });
    expect(view.allowedActions).toContain('cancel');
  });
});

describe('appointmentFeedEvent', () => {
  const feedSegment = (overrides: Partial<FeedSegment> = {}): FeedSegment => ({
    appointmentId: 'a1',
    position: 1,
    variationId: 'colour',
    resourceId: 'chair1',
    start: cn('10:00'),
    end: cn('11:30'),
    number: 'AP-20270322-0001',
    status: 'confirmed',
    storeId: 'store',
    customerId: 'wang',
    version: 4,
    updatedAt: cn('09:00', '2027-03-20'),
    ...overrides,
  });
  const feedNames = { variation: { serviceName: '染发 Colour', variationName: '短发 Short hair' }, customerName: '王芳', storeName: '静安店', resourceName: 'Chair 1' };

  it('is busy time named by service and customer, with a UID stable across reschedules and the version as sequence', () => {
    expect(appointmentFeedEvent(feedSegment(), feedNames)).toEqual({
      uid: 'appointment-a1-1@bloom',
      start: cn('10:00'),
      end: cn('11:30'),
      summary: '染发 Colour · 短发 Short hair · 王芳',
      location: '静安店',
      description: 'Appointment AP-20270322-0001\nRoom or chair: Chair 1',
      status: 'CONFIRMED',
      transparency: 'OPAQUE',
      sequence: 4,
      lastModified: cn('09:00', '2027-03-20'),
      categories: ['Appointment'],
    });
  });

  it('is CANCELLED and not busy once cancelled or a no-show', () => {
    for (const [status, label] of [
      ['cancelled', '(cancelled)'],
      ['no_show', '(no-show)'],
    ] as const) {
      const event = appointmentFeedEvent(feedSegment({ status }), { ...feedNames, resourceName: undefined });
      expect([event.status, event.transparency, event.summary.endsWith(label), event.description]).toEqual(['CANCELLED', 'TRANSPARENT', true, 'Appointment AP-20270322-0001']);
    }
  });
});

describe('appointment timeline entries', () => {
  const row = (overrides: Partial<AppointmentTimelineRow> = {}): AppointmentTimelineRow => ({
    id: 'a1/cancelled',
    at: cn('12:00', '2027-03-21'),
    event: 'cancelled',
    recordId: 'wang',
    actorType: 'customer',
    actorId: 'wang',
    reason: 'Has a cold',
    appointmentId: 'a1',
    number: 'AP-20270322-0001',
    storeId: 'store',
    timeZone: 'Asia/Shanghai',
    startsAt: cn('10:00'),
    lateCancellation: true,
    ...overrides,
  });

  it('tells what happened to which appointment, when it was for, and the reason when the caller may read it', () => {
    const entry = appointmentTimelineEntry(row(), '静安店', true);
    expect(entry).toMatchObject({ source: 'appointments', type: 'appointment.cancelled', actor: { type: null, id: 'wang', name: 'Customer' } });
    expect(entry.summary).toBe('Appointment AP-20270322-0001 for 2027-03-22 10:00 at 静安店 cancelled late: Has a cold');
    expect(appointmentTimelineEntry(row(), null, false)).toMatchObject({ summary: 'Appointment AP-20270322-0001 for 2027-03-22 10:00 cancelled late', data: { reason: null } });
    expect(appointmentTimelineEntry(row({ event: 'booked', id: 'a1/booked', actorType: 'system', actorId: null }), null, true).actor).toEqual({
      type: 'system',
      id: null,
      name: 'System',
    });
  });

  it("bounds a page after its own entry, or after another source's at the same instant as the timeline orders keys", () => {
    const when = cn('12:00');
    expect(textBound('appointments', null)).toBeNull();
    expect(textBound('appointments', { at: when, key: 'appointments:a1/booked' })).toEqual({ at: when, id: 'a1/booked' });
    // Keys descend: after `status:x` come all of ours at that instant (every id sorts below the bound) …
    const afterStatus = textBound('appointments', { at: when, key: 'status:x' })!;
    expect('ffffffff-ffff-ffff-ffff-ffffffffffff/no_show' < afterStatus.id).toBe(true);
    // … and after `apples:x` none of them (they came before it).
    expect(textBound('appointments', { at: when, key: 'apples:x' })).toEqual({ at: when, id: '' });
  });
});

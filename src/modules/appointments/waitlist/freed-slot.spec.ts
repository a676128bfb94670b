import { moneyOf } from '../../../common/money/index.js';
import type { AppointmentRecord, SegmentRecord } from '../booking/appointment-records.js';
import { freedSlot } from './freed-slot.js';

const segment = (position: number, start: string, end: string, staff = 'staff-a', resource: string | null = null): SegmentRecord => ({
  id: `segment-${position}`,
  position,
  variationId: `variation-${position}`,
  staffMemberId: staff,
  resourceId: resource,
  startsAt: new Date(start),
  endsAt: new Date(end),
  price: moneyOf(0, 'CNY'),
});

const record = (segments: SegmentRecord[], timeZone = 'Asia/Shanghai'): AppointmentRecord =>
  ({
    id: 'appointment',
    storeId: 'store',
    timeZone,
    startsAt: segments[0].startsAt,
    endsAt: new Date(Math.max(...segments.map((s) => s.endsAt.getTime()))),
    segments,
  }) as AppointmentRecord;

describe('freedSlot', () => {
  it("is the cancelled appointment's own time, in the store's local date and minutes, services in order", () => {
    const slot = freedSlot(
      record([segment(0, '2027-03-22T14:00:00+08:00', '2027-03-22T15:30:00+08:00', 'ana', 'chair'), segment(1, '2027-03-22T15:30:00+08:00', '2027-03-22T16:00:00+08:00', 'bo')]),
    );
    expect(slot).toMatchObject({
      localDate: '2027-03-22',
      startMinutes: 14 * 60,
      endMinutes: 16 * 60,
      variationIds: ['variation-0', 'variation-1'],
      staffMemberIds: ['ana', 'bo'],
    });
    expect(slot.mode).toBe('sequential');
    expect(slot.services).toEqual([
      { variationId: 'variation-0', staffMemberId: 'ana', resourceId: 'chair' },
      { variationId: 'variation-1', staffMemberId: 'bo', resourceId: null },
    ]);
  });

  it('is where a rescheduled appointment was, moved back by the same amount', () => {
    const moved = record([segment(0, '2027-03-23T10:00:00+08:00', '2027-03-23T11:00:00+08:00')]);
    const slot = freedSlot(moved, new Date('2027-03-22T17:00:00+08:00'));
    expect(slot.startsAt.toISOString()).toBe('2027-03-22T09:00:00.000Z');
    expect(slot).toMatchObject({ localDate: '2027-03-22', startMinutes: 17 * 60, endMinutes: 18 * 60 });
  });

  it('sees services that start together as parallel', () => {
    const slot = freedSlot(
      record([segment(0, '2027-03-22T14:00:00+08:00', '2027-03-22T15:00:00+08:00', 'ana'), segment(1, '2027-03-22T14:00:00+08:00', '2027-03-22T14:45:00+08:00', 'bo')]),
    );
    expect(slot.mode).toBe('parallel');
  });

  it('counts minutes on the local clock on a DST day, and past midnight as more than 1440', () => {
    // Berlin changes to summer time at 02:00 on 28 March 2027: 10:00 local is 08:00 UTC.
    const berlin = freedSlot(record([segment(0, '2027-03-28T08:00:00Z', '2027-03-28T09:00:00Z')], 'Europe/Berlin'));
    expect(berlin).toMatchObject({ localDate: '2027-03-28', startMinutes: 600, endMinutes: 660 });
    const late = freedSlot(record([segment(0, '2027-03-22T23:00:00+08:00', '2027-03-23T00:30:00+08:00')]));
    expect(late).toMatchObject({ localDate: '2027-03-22', startMinutes: 23 * 60, endMinutes: 24 * 60 + 30 });
  });
});

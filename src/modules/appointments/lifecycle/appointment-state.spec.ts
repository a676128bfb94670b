import fc from 'fast-check';
import { allowedActions } from '../booking/dto/appointment-response.dto.js';
import { ACTIVE_STATES, appointmentStates, UPCOMING_STATES, type AppointmentState } from '../booking/appointment-state.js';
import { cancellationTerms } from './cancellation-terms.js';

const FEE = { amount: 5000, currency: 'CNY' };

describe('the appointment state table', () => {
  it('moves booked → confirmed → checked in → in service → completed, and calls off only what the customer has not come to', () => {
    const moves = appointmentStates.states.flatMap((from) => appointmentStates.allowedFrom(from).map((to) => `${from}→${to}`));
    expect(moves.sort()).toEqual(
      [
        'booked→confirmed',
        'booked→checked_in',
        'booked→cancelled',
        'booked→no_show',
        // A salon's reschedule of a confirmed appointment asks the customer again.
        'confirmed→booked',
        'confirmed→checked_in',
        'confirmed→cancelled',
        'confirmed→no_show',
        'checked_in→in_service',
        // Nobody pressed start: the desk completes it all the same.
        'checked_in→completed',
        'in_service→completed',
      ].sort(),
    );
    for (const final of ['completed', 'cancelled', 'no_show'] as const) expect(appointmentStates.isFinal(final)).toBe(true);
  });

  it('offers as actions exactly the moves the table allows from each state, and reschedule while the customer is expected', () => {
    const expected: Record<AppointmentState, string[]> = {
      booked: ['confirm', 'check_in', 'cancel', 'no_show', 'reschedule'],
      confirmed: ['check_in', 'cancel', 'no_show', 'reschedule'],
      checked_in: ['start', 'complete'],
      in_service: ['complete'],
      completed: [],
      cancelled: [],
      no_show: [],
    };
    for (const state of appointmentStates.states) expect([state, allowedActions(state)]).toEqual([state, expected[state]]);
  });

  it('keeps the time of every state but the cancelled and the missed, and expects the customer only while booked or confirmed', () => {
    expect([...ACTIVE_STATES].sort()).toEqual(appointmentStates.states.filter((state) => state !== 'cancelled' && state !== 'no_show').sort());
    expect(UPCOMING_STATES.filter((state) => appointmentStates.canTransition(state, 'cancelled'))).toEqual(UPCOMING_STATES);
  });
});

describe('cancellationTerms', () => {
  const start = new Date('2027-03-22T06:00:00Z');
  const policy = { cancellationWindowMinutes: 120, lateCancellationFee: FEE };
  const at = (minutesBefore: number) => new Date(start.getTime() - minutesBefore * 60_000);

  it('is late, with the fee, less than the window before the start or after it; free otherwise', () => {
    expect(cancellationTerms(start, at(121), policy)).toEqual({ late: false, fee: null });
    expect(cancellationTerms(start, at(120), policy)).toEqual({ late: false, fee: null });
    expect(cancellationTerms(start, at(119), policy)).toEqual({ late: true, fee: FEE });
    expect(cancellationTerms(start, at(-30), policy)).toEqual({ late: true, fee: FEE });
    expect(cancellationTerms(start, at(60), { ...policy, lateCancellationFee: null })).toEqual({ late: true, fee: null });
    expect(cancellationTerms(start, at(1), { ...policy, cancellationWindowMinutes: 0 })).toEqual({ late: false, fee: null });
  });

  it('is late exactly when the cancellation comes after start − window (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20160 }), fc.integer({ min: -10_000, max: 30_000 }), (window, minutesBefore) => {
        const terms = cancellationTerms(start, at(minutesBefore), { cancellationWindowMinutes: window, lateCancellationFee: FEE });
        expect(terms.late).toBe(minutesBefore < window);
        expect(terms.fee).toEqual(terms.late ? FEE : null);
      }),
    );
  });
});

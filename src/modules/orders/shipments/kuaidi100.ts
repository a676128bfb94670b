/**
 * Kuaidi100's subscription push (快递100 订阅推送), pure: the form field `param` holds the JSON of the
 * tracking (`status`, `lastResult { nu, com, state, data[{ time, ftime, context, areaName }] }`, the
 * route newest first), and `sign` is MD5(param + salt) in upper-case hex when a salt is set.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ShipmentExceptionKind, ShipmentStatus } from './shipment.entity.js';

export interface TrackingEvent {
  status: ShipmentStatus;
  exceptionKind: ShipmentExceptionKind | null;
  occurredAt: Date;
  location: string | null;
  description: string;
}

export interface Kuaidi100Push {
  trackingNumber: string;
  carrier: string;
  events: TrackingEvent[];
}

/** The signature Kuaidi100 sends: MD5(param + salt), upper-case hex. */
export function kuaidi100Sign(param: string, salt: string): string {
  return createHash('md5')
    .update(param + salt, 'utf8')
    .digest('hex')
    .toUpperCase();
}

export function kuaidi100SignatureValid(param: string, sign: string | undefined, salt: string): boolean {
  if (sign === undefined) return false;
  const expected = Buffer.from(kuaidi100Sign(param, salt));
  const given = Buffer.from(sign.trim().toUpperCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A state code (the main ones, or a sub-state of the detailed mode: `201` is 疑难/超时未签收, `209` 破损,
 * `1001` 待清关) as a shipment status, and what kind of exception it is.
 */
export function kuaidi100State(state: string): { status: ShipmentStatus; exceptionKind: ShipmentExceptionKind | null } {
  if (state === '209') return { status: 'exception', exceptionKind: 'damaged' };
  if (state === '203' || state === '14' || /^14\d\d$/.test(state)) return { status: 'refused', exceptionKind: 'refused' };
  const main = state.length >= 3 ? state.slice(0, state.length - 2) : state;
  switch (main) {
    case '1':
      return { status: 'picked_up', exceptionKind: null };
    case '2':
      return { status: 'exception', exceptionKind: 'delayed' };
    case '3':
      return { status: 'delivered', exceptionKind: null };
    case '4': // 退签: the sender took it back
    case '6': // 退回: on its way back
      return { status: 'returned', exceptionKind: 'returned' };
    case '5':
      return { status: 'out_for_delivery', exceptionKind: null };
    case '13': // 清关异常
      return { status: 'exception', exceptionKind: 'delayed' };
    default: // 0 在途, 7 转投, 8 清关, 10–12 待清关/清关中/已清关, and any code added later
      return { status: 'in_transit', exceptionKind: null };
  }
}

/** Kuaidi100's `2027-05-11 09:30:00` is China's time (+08:00). */
function chinaTime(text: unknown): Date | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text.trim())) return undefined;
  const at = new Date(`${text.trim().replace(' ', 'T')}+08:00`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null);

/**
 * The push's tracking, or the first thing wrong with it (`{ field, message }`). The newest entry of the
 * route takes the push's `state`; the older ones were on the way (they were recorded with their own
 * state when they were new: a repeat changes nothing).
 */
export function parseKuaidi100(param: string): Kuaidi100Push | { field: string; message: string } {
  let body: unknown;
  try {
    body = JSON.parse(param);
  } catch {
    return { field: 'param', message: 'is not JSON' };
  }
  const last = (body as { lastResult?: unknown } | null)?.lastResult as { nu?: unknown; com?: unknown; state?: unknown; data?: unknown } | undefined;
  if (!last || typeof last !== 'object') return { field: 'param.lastResult', message: 'is missing' };
  const trackingNumber = text(last.nu, 60);
  if (!trackingNumber) return { field: 'param.lastResult.nu', message: 'is missing' };
  const state = typeof last.state === 'number' ? String(last.state) : typeof last.state === 'string' ? last.state.trim() : '';
  if (!/^\d{1,4}$/.test(state)) return { field: 'param.lastResult.state', message: 'is not a Kuaidi100 state code' };
  if (!Array.isArray(last.data)) return { field: 'param.lastResult.data', message: 'is not a list' };
  const newest = kuaidi100State(state);
  const events: TrackingEvent[] = [];
  for (const [i, entry] of (last.data as Array<Record<string, unknown>>).slice(0, 200).entries()) {
    const occurredAt = chinaTime(entry?.ftime) ?? chinaTime(entry?.time);
    if (!occurredAt) return { field: `param.lastResult.data[${i}].time`, message: 'is not a time like 2027-05-11 09:30:00' };
    const mapped = i === 0 ? newest : { status: 'in_transit' as const, exceptionKind: null };
    events.push({ ...mapped, occurredAt, location: text(entry.areaName, 200) ?? text(entry.location, 200), description: text(entry.context, 500) ?? '' });
  }
  return { trackingNumber, carrier: text(last.com, 50) ?? '', events };
}

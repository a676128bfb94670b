/**
 * An iCalendar (RFC 5545) writer for published feeds: pure, no I/O. The feed service gathers events
 * from its sources (shifts, time off, and appointments next) and hands them here as plain data.
 *
 * What phones need and RFC 5545 asks: CRLF line ends; content lines folded at 75 octets (a CRLF and a
 * space, never inside a UTF-8 character); TEXT values escaped (`\\`, `\;`, `\,`, `\n`); times in UTC
 * (`20260701T090000Z`) or, for whole days, as dates (`VALUE=DATE`).
 */

/** A whole local day (`2026-07-01`); a whole-day event ends on the day after its last day. */
export interface IcsDate {
  date: string;
}

/** An instant (written in UTC) or a whole day. */
export type IcsTime = Date | IcsDate;

export type IcsStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

export interface IcsEvent {
  /** Globally unique and stable across feeds (`shift-<id>@bloom`): phones match updates by it. */
  uid: string;
  start: IcsTime;
  end: IcsTime;
  summary: string;
  location?: string | null;
  /** Multi-line text is fine: newlines are escaped. */
  description?: string | null;
  status: IcsStatus;
  /** OPAQUE: the person is busy; TRANSPARENT: shown, but not busy time (time off). */
  transparency: 'OPAQUE' | 'TRANSPARENT';
  /** Grows with every change, so phones replace their copy (the row's version). */
  sequence: number;
  lastModified?: Date | null;
  categories?: readonly string[];
}

export interface IcsCalendar {
  /** `-//Bloom//…//EN`. */
  prodId: string;
  /** X-WR-CALNAME: the name a phone shows for the subscription. */
  name: string;
  /** X-WR-TIMEZONE (IANA): how to show floating whole days; every instant is UTC anyway. */
  timeZone: string;
  /** How often a subscriber should fetch again, in minutes (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
  refreshMinutes: number;
  events: readonly IcsEvent[];
}

const CRLF = '\r\n';
const FOLD_OCTETS = 75;

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11). Control characters other than newlines are not allowed in
 * a value (§3.1): they are dropped, and any newline (CRLF, CR, LF) becomes `\n`.
 */
export function escapeText(value: string): string {
  let out = '';
  for (const char of value.replace(/\r\n?/g, '\n')) {
    const code = char.charCodeAt(0);
    if (char === '\n') out += '\\n';
    else if (char === '\\' || char === ';' || char === ',') out += `\\${char}`;
    else if (code >= 0x20 && code !== 0x7f) out += char;
  }
  return out;
}

/** The UTF-8 length of one code point. */
function octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds one content line (RFC 5545 §3.1): at most 75 octets per line, continuation lines starting with
 * one space (which counts towards their 75). Splits between code points only, so no UTF-8 character
 * is cut in two (a Chinese character is 3 octets, an emoji 4).
 */
export function foldLine(line: string): string {
  // Most lines are short: a UTF-16 unit is at most 3 octets of UTF-8.
  if (line.length * 3 <= FOLD_OCTETS || Buffer.byteLength(line, 'utf8') <= FOLD_OCTETS) return line;
  const out: string[] = [];
  let current = '';
  let size = 0;
  let limit = FOLD_OCTETS;
  for (const char of line) {
    const length = octets(char.codePointAt(0)!);
    if (size + length > limit) {
      out.push(current);
      current = ' ';
      size = 1;
      limit = FOLD_OCTETS;
    }
    current += char;
    size += length;
  }
  out.push(current);
  return out.join(CRLF);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `20260701T090000Z` (seconds kept, milliseconds dropped). */
export function formatUtc(instant: Date): string {
  return (
    `${pad(instant.getUTCFullYear(), 4)}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}` +
    `T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
  );
}

/** A DTSTART/DTEND line: `DTSTART:20260701T090000Z` or `DTSTART;VALUE=DATE:20260701`. */
function timeProperty(name: string, time: IcsTime): string {
  return time instanceof Date ? `${name}:${formatUtc(time)}` : `${name};VALUE=DATE:${time.date.replace(/-/g, '')}`;
}

function eventLines(event: IcsEvent, stamp: Date): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatUtc(stamp)}`,
    timeProperty('DTSTART', event.start),
    timeProperty('DTEND', event.end),
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
  lines.push(`STATUS:${event.status}`, `TRANSP:${event.transparency}`, `SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`);
  if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

/**
 * The whole calendar, CRLF-terminated. `stamp` is when this copy was made (every DTSTAMP): a feed
 * with METHOD:PUBLISH stamps the object, not each event's last change (LAST-MODIFIED says that).
 */
export function writeCalendar(calendar: IcsCalendar, stamp: Date): string {
  const minutes = Math.max(1, Math.trunc(calendar.refreshMinutes));
  const ttl = minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    `X-WR-TIMEZONE:${escapeText(calendar.timeZone)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${ttl}`,
    `X-PUBLISHED-TTL:${ttl}`,
    ...calendar.events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

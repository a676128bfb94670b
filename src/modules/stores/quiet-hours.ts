/**
 * A store's quiet hours: local wall-clock `HH:MM`, from `start` until `end`. Pure. An interval whose
 * end is earlier than its start spans midnight (21:30–08:30, the usual case); start = end would be
 * either no time or the whole day, so it is refused: `null` means no quiet hours.
 */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:30', end: '08:30' };

export const QUIET_HOURS_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** The stored pair of columns as the API shows it: both null is none. */
export function quietHoursOf(row: { quietHoursStart: string | null; quietHoursEnd: string | null }): QuietHours | null {
  return row.quietHoursStart !== null && row.quietHoursEnd !== null ? { start: row.quietHoursStart, end: row.quietHoursEnd } : null;
}

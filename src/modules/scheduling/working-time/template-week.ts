/**
 * The shape of a weekly shift template: per weekday, at most one shift of local wall-clock times in the
 * store's time zone, with its breaks. A split day (10:00–14:00 and 17:00–21:00) is one shift with a
 * break. Pure types; the rules live with the templates service.
 */
import type { Weekday } from '../../stores/index.js';

/** Local wall-clock `HH:mm` (the end of a day may be `24:00`). */
export interface LocalSpan {
  start: string;
  end: string;
}

export interface TemplateDay extends LocalSpan {
  breaks: LocalSpan[];
}

/** Days absent (or null) are not worked. */
export type TemplateWeek = Partial<Record<Weekday, TemplateDay | null>>;

export { Clock, FixedClock, SystemClock } from './clock.js';
export { ClockModule } from './clock.module.js';
export {
  addDays,
  ageOn,
  dateToUtcMs,
  dayAt,
  dayLengthMs,
  dayOfWeek,
  daysBetween,
  endOfDay,
  formatInstant,
  instantFormatter,
  instantToDate,
  isPlainDate,
  minutesOf,
  offsetAt,
  PLAIN_DATE,
  startOfDay,
  todayIn,
  yearsBefore,
  zonedToInstant,
} from './zoned-time.js';

/**
 * The demo business's weekly templates (`npm run seed`, after the staff): from today, every active
 * staff member works weekdays 10:00–19:00 with a lunch break at their first store (by code), and the
 * first one with a second store works Saturdays there. Each day keeps within the store's weekly hours
 * (a day the store does not open is left out; its midday closing becomes the break). Written through
 * the same use case as the API; idempotent: a person who has a template at a store gets no other there.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { Clock, minutesOf } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { DomainError } from '../../../common/errors/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { StoresService, type HoursInterval, type StoreCalendar, type Weekday } from '../../stores/index.js';
import { CreateTemplateDto } from './dto/template.dto.js';
import { ShiftTemplatesService } from './shift-templates.service.js';
import type { LocalSpan, TemplateDay, TemplateWeek } from './template-week.js';

type ToDto = <T extends object>(type: new () => T, body: object) => Promise<T>;

const DAY = { start: '10:00', end: '19:00' };
const LUNCH = { start: '12:30', end: '13:15' };
const SHORTEST_MINUTES = 4 * 60;
const WEEKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

const later = (a: string, b: string) => (minutesOf(a) >= minutesOf(b) ? a : b);
const earlier = (a: string, b: string) => (minutesOf(a) <= minutesOf(b) ? a : b);
const inside = (span: LocalSpan, day: LocalSpan) => minutesOf(span.start) >= minutesOf(day.start) && minutesOf(span.end) <= minutesOf(day.end);

/** 10:00–19:00 within the store's hours that weekday, its midday closing (or lunch) as the break; null when it hardly opens. */
export function demoDay(hours: readonly HoursInterval[]): TemplateDay | null {
  if (hours.length === 0) return null;
  const day = { start: later(DAY.start, hours[0].open), end: earlier(DAY.end, hours[hours.length - 1].close) };
  if (minutesOf(day.end) - minutesOf(day.start) < SHORTEST_MINUTES) return null;
  const closings = hours.slice(1).map((interval, i) => ({ start: hours[i].close, end: interval.open }));
  const breaks = closings.length > 0 ? closings.filter((gap) => inside(gap, day)) : [LUNCH].filter((lunch) => inside(lunch, day));
  return { ...day, breaks };
}

function demoWeek(store: StoreCalendar, days: readonly Weekday[]): TemplateWeek {
  const week: TemplateWeek = {};
  for (const day of days) {
    const worked = demoDay(store.businessHours[day]);
    if (worked) week[day] = worked;
  }
  return week;
}

/** Answers what it created (`template 王丽 Wang Li SH-JA`); empty when there is no staff yet or all is there. */
export async function seedDemoTemplates(app: INestApplicationContext, owner: Actor, toDto: ToDto): Promise<string[]> {
  const db = app.get(Db);
  const stores = app.get(StoresService);
  const templates = app.get(ShiftTemplatesService);
  const clock = app.get(Clock);
  const staff = await db.rows<{ id: string; name: string; storeIds: string[] }>(
    `SELECT m.id, m.name, array_agg(s.store_id::text ORDER BY s.store_id) AS "storeIds"
       FROM staff_member m JOIN staff_member_store s ON s.staff_member_id = m.id
      WHERE m.status = 'active' GROUP BY m.id ORDER BY m.created_at, m.id`,
  );
  const created: string[] = [];
  const calendars = new Map<string, StoreCalendar>();
  const calendar = async (storeId: string) => {
    const today = clock.now().toISOString().slice(0, 10);
    if (!calendars.has(storeId)) calendars.set(storeId, await stores.calendarOf(storeId, today, today));
    return calendars.get(storeId)!;
  };
  let saturdaysGiven = false;
  for (const member of staff) {
    const theirs: StoreCalendar[] = [];
    for (const storeId of member.storeIds) theirs.push(await calendar(storeId));
    const [home, second] = theirs.sort((a, b) => a.code.localeCompare(b.code));
    const plans: Array<[StoreCalendar, TemplateWeek]> = [[home, demoWeek(home, WEEKDAYS)]];
    if (second && !saturdaysGiven) {
      plans.push([second, demoWeek(second, ['saturday'])]);
      saturdaysGiven = true;
    }
    for (const [store, week] of plans) {
      if (Object.keys(week).length === 0) continue;
      const [existing] = await db.rows('SELECT 1 FROM shift_template WHERE staff_member_id = $1 AND store_id = $2 LIMIT 1', [member.id, store.id]);
      if (existing) continue;
      const body = { storeId: store.id, validFrom: clock.today(store.timeZone), week };
      try {
        await templates.create(owner, member.id, await toDto(CreateTemplateDto, body));
        created.push(`template ${member.name} ${store.code}`);
      } catch (error) {
        // Someone already planned this person otherwise (a collision): the demo leaves their plan alone.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  return created;
}

import { Module } from '@nestjs/common';
import { StoresModule } from '../../stores/index.js';
import { SchedulingCoreModule } from '../scheduling-core.module.js';
import { CalendarFeedController } from './calendar-feed.controller.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { CalendarFeedSources } from './calendar-feed-sources.js';
import { ShiftFeedSource } from './shift-events.js';
import { TimeOffFeedSource } from './time-off-events.js';

/**
 * Each staff member's iCalendar feed: the secret link and the calendar behind it. Exports the source
 * registry, so appointments (next) add their events by importing this module and registering a source.
 */
@Module({
  imports: [SchedulingCoreModule, StoresModule],
  controllers: [CalendarFeedController],
  providers: [CalendarFeedSources, CalendarFeedService, ShiftFeedSource, TimeOffFeedSource],
  exports: [CalendarFeedSources],
})
export class CalendarModule {}

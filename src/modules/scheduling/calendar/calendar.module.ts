import { Module } from '@nestjs/common';
import { SchedulingCoreModule } from '../scheduling-core.module.js';

@Module({
  imports: [SchedulingCoreModule],
  controllers: [],
  providers: [],
})
export class CalendarModule {}

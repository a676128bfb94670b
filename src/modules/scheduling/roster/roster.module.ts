import { Module } from '@nestjs/common';
import { StoresModule } from '../../stores/index.js';
import { SchedulingCoreModule } from '../scheduling-core.module.js';
import { RosterController } from './roster.controller.js';
import { RosterService } from './roster.service.js';

@Module({
  imports: [SchedulingCoreModule, StoresModule],
  controllers: [RosterController],
  providers: [RosterService],
})
export class RosterModule {}

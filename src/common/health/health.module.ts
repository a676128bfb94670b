import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullQueues } from '../deadlines/bull-queues.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({ imports: [DiscoveryModule], controllers: [HealthController], providers: [HealthService, BullQueues], exports: [HealthService] })
export class HealthModule {}

import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/index.js';
import { AppointmentsCoreModule } from '../appointments-core.module.js';
import { WaitlistOffers } from './waitlist-offers.js';
import { WaitlistSweep } from './waitlist-sweep.js';
import { WaitlistController } from './waitlist.controller.js';
import { WaitlistService } from './waitlist.service.js';

/** The waitlist (/v1/waitlist): customers waiting for a slot, offered freed ones, the first to accept books it. */
@Module({
  imports: [AppointmentsCoreModule, NotificationsModule],
  controllers: [WaitlistController],
  providers: [WaitlistService, WaitlistOffers, WaitlistSweep],
})
export class WaitlistModule {}

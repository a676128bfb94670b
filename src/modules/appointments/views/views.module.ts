import { Module } from '@nestjs/common';
import { CalendarModule } from '../../scheduling/index.js';
import { AppointmentsCoreModule } from '../appointments-core.module.js';
import { AppointmentFeedSource } from './appointment-feed-events.js';
import { AppointmentListsService } from './appointment-lists.service.js';
import { AppointmentTimelineSource } from './appointment-timeline-source.js';
import { AppointmentListController, CustomerAppointmentsController, StaffAppointmentsController, StoreBookController } from './appointment-views.controller.js';
import { StoreBookService } from './store-book.service.js';
import { ViewNamesReader } from './view-names.js';

/**
 * Reading appointments: a store's list, its appointment book (day or week, by staff or resource), a
 * staff member's day, a customer's appointments, the front desk's arrivals; and appointments on the
 * customer timeline and in staff members' calendar feeds (sources registered with customers and scheduling).
 */
@Module({
  imports: [AppointmentsCoreModule, CalendarModule],
  controllers: [AppointmentListController, StoreBookController, StaffAppointmentsController, CustomerAppointmentsController],
  providers: [ViewNamesReader, AppointmentListsService, StoreBookService, AppointmentTimelineSource, AppointmentFeedSource],
})
export class ViewsModule {}

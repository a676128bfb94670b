import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/index.js';
import { CustomerContacts } from './integrations/customer-contacts.js';
// Declares the customers' webhook event types (at import time, as its durable events).
import './integrations/customer-webhooks.js';
import { CustomerImportsController } from './imports/customer-imports.controller.js';
import { CustomerImportsService } from './imports/customer-imports.service.js';
import { CUSTOMER_IMPORT_QUEUE, CustomerImportQueue } from './imports/jobs/customer-import-queue.js';
import { CustomerImportProcessor } from './imports/jobs/customer-import.processor.js';
import { CustomerAnonymizeService } from './privacy/customer-anonymize.service.js';
import { CustomerHistoryService } from './timeline/customer-history.service.js';
import { CustomerMergeService } from './merge/customer-merge.service.js';
import { CustomerNotesService } from './profile/customer-notes.service.js';
import { CustomerTimeline } from './timeline/customer-timeline.js';
import { CustomersController } from './profile/customers.controller.js';
import { CustomersService } from './profile/customers.service.js';
import { ConsentTimelineSource, NoteTimelineSource, ProfileTimelineSource, StatusTimelineSource } from './timeline/customer-sources.js';
import { CustomerSearchController } from './search/customer-search.controller.js';
import { CustomerLookupLimiter } from './search/customer-lookup-limiter.js';
import { CustomerSearchService } from './search/customer-search.service.js';
import { SegmentsController } from './segments/segments.controller.js';
import { SegmentsService } from './segments/segments.service.js';

@Module({
  imports: [BullModule.registerQueue({ name: CUSTOMER_IMPORT_QUEUE }), NotificationsModule],
  controllers: [CustomerImportsController, CustomerSearchController, SegmentsController, CustomersController],
  providers: [
    CustomerSearchService,
    CustomerLookupLimiter,
    SegmentsService,
    // Customers core: profile, notes, history (timeline, export), merge, anonymization.
    CustomersService,
    CustomerNotesService,
    CustomerHistoryService,
    CustomerMergeService,
    CustomerAnonymizeService,
    CustomerTimeline,
    ProfileTimelineSource,
    StatusTimelineSource,
    ConsentTimelineSource,
    NoteTimelineSource,
    // CSV import: the upload, and its queue (the job, and the recovery of jobs Redis lost).
    CustomerImportsService,
    CustomerImportQueue,
    CustomerImportProcessor,
    // What notifications and webhooks learn about customers.
    CustomerContacts,
  ],
  exports: [SegmentsService, CustomersService, CustomerTimeline],
})
export class CustomersModule {}

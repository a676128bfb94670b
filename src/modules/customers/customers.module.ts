import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { CustomerImportsController } from './customer-imports.controller.js';
import { CustomerImportsService } from './customer-imports.service.js';
import { CUSTOMER_IMPORT_QUEUE, CustomerImportQueue } from './jobs/customer-import-queue.js';
import { CustomerImportProcessor } from './jobs/customer-import.processor.js';
import { CustomerAnonymizeService } from './customer-anonymize.service.js';
import { CustomerHistoryService } from './customer-history.service.js';
import { CustomerMergeService } from './customer-merge.service.js';
import { CustomerNotesService } from './customer-notes.service.js';
import { CustomerTimeline } from './customer-timeline.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';
import { ConsentTimelineSource, NoteTimelineSource, ProfileTimelineSource, StatusTimelineSource } from './timeline/customer-sources.js';
import { CustomerSearchController } from './customer-search.controller.js';
import { CustomerLookupLimiter } from './customer-lookup-limiter.js';
import { CustomerSearchService } from './customer-search.service.js';
import { SegmentsController } from './segments.controller.js';
import { SegmentsService } from './segments.service.js';

@Module({
  imports: [BullModule.registerQueue({ name: CUSTOMER_IMPORT_QUEUE })],
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
  ],
  exports: [SegmentsService, CustomersService, CustomerTimeline],
})
export class CustomersModule {}

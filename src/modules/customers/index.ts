/** What other modules (and the app's wiring) may import from customers. */
export { CustomersModule } from './customers.module.js';
export { SegmentsService } from './segments.service.js';
export { CustomersService, type CustomerActivity } from './customers.service.js';
export { CustomerTimeline, uuidBound, type CustomerTimelineSource, type TimelineEntry, type TimelineQuery, type TimelinePosition } from './customer-timeline.js';
export { CUSTOMER_MERGED, CUSTOMER_ANONYMIZED } from './customers.events.js';
export { CreateCustomerDto } from './dto/customer.dto.js';
export { backfillNameKeys } from './customer-name-keys.js';
import { CustomerConsentEvent } from './customer-consent-event.entity.js';
import { CustomerImport, CustomerImportError } from './customer-import.entity.js';
import { CustomerNote } from './customer-note.entity.js';
import { CustomerPhone } from './customer-phone.entity.js';
import { CustomerStatusEvent } from './customer-status-event.entity.js';
import { Customer } from './customer.entity.js';
import { Segment } from './segment.entity.js';

export const CUSTOMERS_ENTITIES = [Customer, CustomerPhone, CustomerNote, CustomerConsentEvent, CustomerStatusEvent, Segment, CustomerImport, CustomerImportError];

/** What other modules (and the app's wiring) may import from customers. */
export { CustomersModule } from './customers.module.js';
export { SegmentsService } from './segments/segments.service.js';
export { CustomersService, type CustomerActivity, type CustomerCard } from './profile/customers.service.js';
export { CustomerTimeline, uuidBound, type CustomerTimelineSource, type TimelineEntry, type TimelineQuery, type TimelinePosition } from './timeline/customer-timeline.js';
export { CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_MERGED, CUSTOMER_ANONYMIZED } from './customers.events.js';
export { CreateCustomerDto, UpdateCustomerDto } from './dto/customer.dto.js';
export { CustomerResponseDto } from './dto/customer-response.dto.js';
export { backfillNameKeys } from './search/customer-name-keys.js';
import { CustomerConsentEvent } from './profile/customer-consent-event.entity.js';
import { CustomerImport, CustomerImportError } from './imports/customer-import.entity.js';
import { CustomerNote } from './profile/customer-note.entity.js';
import { CustomerPhone } from './profile/customer-phone.entity.js';
import { CustomerStatusEvent } from './profile/customer-status-event.entity.js';
import { Customer } from './profile/customer.entity.js';
import { Segment } from './segments/segment.entity.js';

export const CUSTOMERS_ENTITIES = [Customer, CustomerPhone, CustomerNote, CustomerConsentEvent, CustomerStatusEvent, Segment, CustomerImport, CustomerImportError];

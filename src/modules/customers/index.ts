/** What other modules (and the app's wiring) may import from customers. */
export { CustomersModule } from './customers.module.js';
import { CustomerConsentEvent } from './customer-consent-event.entity.js';
import { CustomerImport, CustomerImportError } from './customer-import.entity.js';
import { CustomerNote } from './customer-note.entity.js';
import { Customer } from './customer.entity.js';
import { Segment } from './segment.entity.js';

export const CUSTOMERS_ENTITIES = [Customer, CustomerNote, CustomerConsentEvent, Segment, CustomerImport, CustomerImportError];

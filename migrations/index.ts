/**
 * Every migration, in order. Append-only: a new schema change is a new file listed at the end
 * (test/schema.e2e-spec.ts fails when a file in this folder is missing here, or when the entities
 * and the migrated schema differ).
 */
import { Extensions1764000000000 } from './1764000000000-extensions.js';
import { Stores1764000100000 } from './1764000100000-stores.js';
import { Identity1764000200000 } from './1764000200000-identity.js';
import { Audit1764000300000 } from './1764000300000-audit.js';
import { Deadlines1764000400000 } from './1764000400000-deadlines.js';
import { Outbox1764000500000 } from './1764000500000-outbox.js';
import { Idempotency1764000600000 } from './1764000600000-idempotency.js';
import { Catalog1764000700000 } from './1764000700000-catalog.js';
import { Customers1764000800000 } from './1764000800000-customers.js';
import { AccessRevocations1764000900000 } from './1764000900000-access-revocations.js';
import { CustomerSearch1764001100000 } from './1764001100000-customer-search.js';
import { CustomerPhones1764001000000 } from './1764001000000-customer-phones.js';
import { BusinessCurrency1764001200000 } from './1764001200000-business-currency.js';
import { DurableEvents1764001300000 } from './1764001300000-durable-events.js';
import { HumanNumbers1764001400000 } from './1764001400000-human-numbers.js';
import { ApiKeyStores1764001500000 } from './1764001500000-api-key-stores.js';
import { AnonymizeSpelling1764001800000 } from './1764001800000-anonymize-spelling.js';
import { NotificationTemplates1764002000000 } from './1764002000000-notification-templates.js';
import { Notifications1764002200000 } from './1764002200000-notifications.js';
import { StaffMessages1764002300000 } from './1764002300000-staff-messages.js';
import { Webhooks1764002400000 } from './1764002400000-webhooks.js';
import { CustomerContactPreferences1764002500000 } from './1764002500000-customer-contact-preferences.js';
import { StaffNotifications1764002600000 } from './1764002600000-staff-notifications.js';
import { Scheduling1764002700000 } from './1764002700000-scheduling.js';
import { Appointments1764002800000 } from './1764002800000-appointments.js';
import { CustomerLateCancellations1764002900000 } from './1764002900000-customer-late-cancellations.js';
import { AppointmentReminders1764003000000 } from './1764003000000-appointment-reminders.js';
import { CustomerApps1764003100000 } from './1764003100000-customer-apps.js';
import { Waitlist1764003200000 } from './1764003200000-waitlist.js';
import { BookingSegmentStaffIndex1764003300000 } from './1764003300000-booking-segment-staff-index.js';
import { BookingSegmentResourceBusyIndex1764003400000 } from './1764003400000-booking-segment-resource-busy-index.js';
import { Inventory1764003500000 } from './1764003500000-inventory.js';
import { Purchasing1764003600000 } from './1764003600000-purchasing.js';
import { Transfers1764003700000 } from './1764003700000-transfers.js';
import { Stocktakes1764003800000 } from './1764003800000-stocktakes.js';
import { ExpiryAlerts1764003900000 } from './1764003900000-expiry-alerts.js';
import { SupplierProducts1764004000000 } from './1764004000000-supplier-products.js';
import { InventoryReportIndexes1764004100000 } from './1764004100000-inventory-report-indexes.js';
import { Orders1764004200000 } from './1764004200000-orders.js';
import { OrderDueTimes1764004300000 } from './1764004300000-order-due-times.js';
import { OrderDeadlines1764004400000 } from './1764004400000-order-deadlines.js';
import { OrderPayments1764004500000 } from './1764004500000-order-payments.js';
import { Shipments1764004600000 } from './1764004600000-shipments.js';
import { CounterCheckout1764004700000 } from './1764004700000-counter-checkout.js';
import { RefundOutcomes1764004800000 } from './1764004800000-refund-outcomes.js';
import { WalkInSales1764004900000 } from './1764004900000-walk-in-sales.js';

export const MIGRATIONS = [
  Extensions1764000000000,
  Stores1764000100000,
  Identity1764000200000,
  Audit1764000300000,
  Deadlines1764000400000,
  Outbox1764000500000,
  Idempotency1764000600000,
  Catalog1764000700000,
  Customers1764000800000,
  AccessRevocations1764000900000,
  CustomerPhones1764001000000,
  CustomerSearch1764001100000,
  BusinessCurrency1764001200000,
  DurableEvents1764001300000,
  HumanNumbers1764001400000,
  ApiKeyStores1764001500000,
  AnonymizeSpelling1764001800000,
  NotificationTemplates1764002000000,
  Notifications1764002200000,
  StaffMessages1764002300000,
  Webhooks1764002400000,
  CustomerContactPreferences1764002500000,
  StaffNotifications1764002600000,
  Scheduling1764002700000,
  Appointments1764002800000,
  CustomerLateCancellations1764002900000,
  AppointmentReminders1764003000000,
  CustomerApps1764003100000,
  Waitlist1764003200000,
  BookingSegmentStaffIndex1764003300000,
  BookingSegmentResourceBusyIndex1764003400000,
  Inventory1764003500000,
  Purchasing1764003600000,
  Transfers1764003700000,
  Stocktakes1764003800000,
  ExpiryAlerts1764003900000,
  SupplierProducts1764004000000,
  InventoryReportIndexes1764004100000,
  Orders1764004200000,
  OrderDueTimes1764004300000,
  OrderDeadlines1764004400000,
  OrderPayments1764004500000,
  Shipments1764004600000,
  CounterCheckout1764004700000,
  RefundOutcomes1764004800000,
  WalkInSales1764004900000,
];

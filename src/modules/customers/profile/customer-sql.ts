import { columnList } from '../../../common/database/index.js';
import { OTHER_PHONES_SQL } from './customer-phones.js';
import type { Customer } from './customer.entity.js';

/**
 * SQL shared by the customers services: the columns of a customer as a `Customer`-shaped row (from `customer`, unaliased).
 * The hand-written list this replaces had left out namePinyin and nameInitials: rows carried `undefined` for them.
 */
export const CUSTOMER_COLUMNS = columnList<Customer>({
  id: 'id',
  name: 'name',
  namePinyin: 'name_pinyin',
  nameInitials: 'name_initials',
  phone: 'phone',
  otherPhones: OTHER_PHONES_SQL,
  email: 'email',
  otherEmails: 'other_emails',
  gender: 'gender',
  birthday: `to_char(birthday, 'YYYY-MM-DD')`,
  addresses: 'addresses',
  source: 'source',
  referredById: 'referred_by_id',
  homeStoreId: 'home_store_id',
  careNotes: 'care_notes',
  tags: 'tags',
  consents: 'consents',
  notes: 'notes',
  locale: 'locale',
  preferredChannel: 'preferred_channel',
  wechatOpenId: 'wechat_open_id',
  notificationOptOuts: 'notification_opt_outs',
  preferredStaffIds: 'preferred_staff_ids',
  status: 'status',
  mergedIntoId: 'merged_into_id',
  visitCount: 'visit_count',
  firstVisitAt: 'first_visit_at',
  lastVisitAt: 'last_visit_at',
  ticketCount: 'ticket_count',
  spendTotal: 'spend_total',
  spendCurrency: 'spend_currency',
  noShowCount: 'no_show_count',
  lateCancellationCount: 'late_cancellation_count',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/**
 * Reach, proven by walking every write route the app registered: staff of store A change store A's
 * things and nothing of store B, and only owners (and API keys with the write scope) change what
 * every store shares (the catalog, stores themselves, API keys). Each write route is classified
 * below, so a new route fails the walk until someone says whose it is.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, cny, dyeBody, productBody, serviceBody, variationBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { fillPath, listRoutes, type RouteInfo } from './support/routes.js';
import { storeBody } from './support/store-bodies.js';
import { waitFor } from './support/wait.js';
import { createPublishableKey, signInCustomer } from './support/customer-apps.js';
import { createLevel, createStaffMember, insertShift, insertTimeOff } from './support/scheduling.js';
import { insertAppointment, insertBareCustomer, insertHold } from './support/appointments.js';

/** Ten days from today in Shanghai, or eleven when that is a Tuesday (the target's template works Tuesdays). */
function bookableDay(): string {
  const day = new Date(Date.now() + 8 * 3_600_000 + 10 * 86_400_000);
  if (day.getUTCDay() === 2) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * - owner: business-wide, changed by owners (and keys with the scope) only;
 * - store: one store's things, changed by its own staff as their role allows;
 * - business: customers, their segments and imports, shared by every store on purpose (see their OpenAPI descriptions);
 * - self: the caller's own session and password; a signed-in customer's own profile and appointments (customers' apps).
 */
type Reach = 'owner' | 'store' | 'business' | 'self';

/** Ids of one store's things, or of the business's, for filling a route. */
interface Target {
  store: string;
  closure: string;
  user: string;
  service: string;
  variation: string;
  product: string;
  dye: string;
  category: string;
  apiKey: string;
  deadDelivery: string;
  webhookEndpoint: string;
  webhookMessage: string;
  /** Scheduling: a level (business-wide), and one store's staff member with their template, shift, time off, attendance, and the store's resource. */
  level: string;
  staffMember: string;
  template: string;
  shift: string;
  timeOffToApprove: string;
  timeOffToRefuse: string;
  timeOffToCancel: string;
  attendanceRecord: string;
  resource: string;
  block: string;
  /** A customers' app's key limited to the store. */
  publishableKey: string;
  /** Appointments: a bookable local day (the staff member works 10:00–19:00), a chair, a customer, a hold and an appointment of this store. */
  bookingDay: string;
  customer: string;
  hold: string;
  appointment: string;
  /** Appointments of the store to walk the life cycle: one from booked to completed, one to cancel, one started to mark a no-show. */
  appointmentToMove: string;
  appointmentToCancel: string;
  appointmentToNoShow: string;
  /** Transfers of the store (to a store of its own, `transferPartner`): one to approve and cancel, one approved to ship, one shipped to it to receive. */
  transferPartner: string;
  transferToApprove: string;
  transferToShip: string;
  transferToReceive: string;
  /** The waitlist and series: a 30-minute cut (business-wide); one store's waiting entry, entry offered a held 12:30, and series at 16:00. */
  cut: string;
  waitlistEntry: string;
  offeredEntry: string;
  series: string;
  /** Purchasing: a supplier (business-wide); the store's purchase orders, one in each state an action starts from, and the ordered one's line. */
  supplier: string;
  purchaseOrderDraft: string;
  purchaseOrderApproved: string;
  purchaseOrderOrdered: string;
  purchaseOrderLine: string;
  purchaseOrderToCancel: string;
  shortfall: string;
  /** Stocktakes of the store: one counting (to count, correct and submit), one submitted to approve, one to cancel. */
  stocktakeCounting: string;
  stocktakeToApprove: string;
  stocktakeToCancel: string;
  /** A category no open stocktake of the store counts: the walk opens one of it. */
  stocktakeCategory: string;
  /** Orders of the store, one in each state an action starts from (product orders; two service orders for schedule and serve). */
  orderPending: string;
  orderConfirmed: string;
  orderInProgress: string;
  orderPicked: string;
  orderPacked: string;
  orderShipped: string;
  orderDelivered: string;
  orderToCancel: string;
  serviceOrderInProgress: string;
  serviceOrderScheduled: string;
  /** A completed appointment of the store for the counter to check out. */
  appointmentToCheckOut: string;
  /** Payments of the pending order: cash on delivery waiting for the courier, cash to refund from, WeChat Pay (settled) to query. */
  codPayment: string;
  /** Cash on delivery the customer refuses (cancelled with a reason). */
  codToCancel: string;
  cashPayment: string;
  wechatPayment: string;
  wechatRefund: string;
  /** Shipping: a packed order to send a parcel of, the shipped order's parcel, and an open exception of it. */
  orderToParcel: string;
  shipment: string;
  shipmentException: string;
}
interface Call {
  reach: Reach;
  body?: (target: Target) => object;
  ifMatch?: boolean;
}

const PASSWORD = 'Reach-test-2026-pw';
let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;

/** Every write route, in an order that the owner can replay (PATCH before archive before restore). */
const WRITES: Record<string, Call> = {
  'POST /v1/auth/login': { reach: 'self' },
  'POST /v1/auth/refresh': { reach: 'self' },
  'POST /v1/auth/logout': { reach: 'self' },
  'POST /v1/auth/password': { reach: 'self' },
  'POST /v1/auth/password-reset': { reach: 'self' },
  'POST /v1/auth/password-reset/confirm': { reach: 'self' },
  'DELETE /v1/admin/queue-dashboard-session': { reach: 'self' },
  'POST /v1/admin/queue-dashboard-session': { reach: 'owner' },
  'POST /v1/admin/event-deliveries/:id/retry': { reach: 'owner' },
  'POST /v1/api-keys': { reach: 'owner', body: () => ({ name: `reach ${unique()}`, scopes: ['catalog:read'] }) },
  'PUT /v1/api-keys/:id/stores': { reach: 'owner', body: (to) => ({ storeIds: [to.store] }) },
  'POST /v1/api-keys/:id/revoke': { reach: 'owner' },
  'POST /v1/users': {
    reach: 'store',
    body: (to) => ({ name: 'New front desk', email: `reach-${unique()}@example.test`, role: 'receptionist', password: PASSWORD, storeIds: [to.store] }),
  },
  'PATCH /v1/users/:id': { reach: 'store', ifMatch: true, body: () => ({ name: 'Renamed' }) },
  'POST /v1/users/:id/disable': { reach: 'store' },
  'POST /v1/users/:id/enable': { reach: 'store' },
  'POST /v1/users/:id/password': { reach: 'store', body: () => ({ password: PASSWORD }) },
  'POST /v1/stores': { reach: 'owner', body: () => storeBody() },
  'PATCH /v1/stores/:id': { reach: 'store', ifMatch: true, body: () => ({ name: 'Renamed store' }) },
  'POST /v1/stores/:id/archive': { reach: 'owner' },
  'POST /v1/stores/:id/restore': { reach: 'owner' },
  'PUT /v1/stores/:id/booking-policy': {
    reach: 'store',
    body: () => ({
      slotMinutes: 30,
      minNoticeMinutes: 120,
      horizonDays: 30,
      dailyCapPerStaff: 8,
      cancellationWindowMinutes: 720,
      lateCancellationFee: cny(5000),
      noShowAfterMinutes: 20,
      reminderOffsetsMinutes: [1440, 60],
      holdMinutes: 10,
    }),
  },
  'POST /v1/stores/:id/closures': { reach: 'store', body: () => ({ date: '2027-05-01', kind: 'closed', reason: '劳动节 Labour Day' }) },
  'DELETE /v1/stores/:id/closures/:closureId': { reach: 'store' },
  'POST /v1/service-categories': { reach: 'owner', body: () => ({ code: `c_${unique()}`, name: 'Brows' }) },
  'PATCH /v1/service-categories/:id': { reach: 'owner', ifMatch: true, body: () => ({ name: 'Renamed category' }) },
  'POST /v1/service-categories/:id/archive': { reach: 'owner' },
  'POST /v1/service-categories/:id/restore': { reach: 'owner' },
  'POST /v1/services': { reach: 'owner', body: (to) => serviceBody(to.category) },
  'PATCH /v1/services/:id': { reach: 'owner', ifMatch: true, body: () => ({ name: 'Renamed service' }) },
  'POST /v1/services/:id/archive': { reach: 'owner' },
  'POST /v1/services/:id/restore': { reach: 'owner' },
  'POST /v1/services/:id/variations': { reach: 'owner', body: () => variationBody({ name: '及腰 Extra long' }) },
  'PATCH /v1/services/:id/variations/:variationId': { reach: 'owner', ifMatch: true, body: () => ({ price: cny(100) }) },
  'POST /v1/services/:id/variations/:variationId/archive': { reach: 'owner' },
  'POST /v1/services/:id/variations/:variationId/restore': { reach: 'owner' },
  'PUT /v1/services/:id/variations/:variationId/consumption': { reach: 'owner', body: (to) => ({ items: [{ productId: to.dye, quantity: 30 }] }) },
  'PUT /v1/services/:id/store-overrides/:storeId': { reach: 'store', body: (to) => ({ available: true, prices: [{ variationId: to.variation, price: cny(100) }] }) },
  'DELETE /v1/services/:id/store-overrides/:storeId': { reach: 'store' },
  'POST /v1/products': { reach: 'owner', body: () => productBody() },
  'PATCH /v1/products/:id': { reach: 'owner', ifMatch: true, body: () => ({ salePrice: cny(100) }) },
  'POST /v1/products/:id/archive': { reach: 'owner' },
  'POST /v1/products/:id/restore': { reach: 'owner' },
  'PUT /v1/products/:id/store-prices/:storeId': { reach: 'store', body: () => ({ salePrice: cny(100) }) },
  'DELETE /v1/products/:id/store-prices/:storeId': { reach: 'store' },
  'POST /v1/customers': { reach: 'business' },
  'PATCH /v1/customers/:id': { reach: 'business' },
  'POST /v1/customers/:id/block': { reach: 'business' },
  'POST /v1/customers/:id/unblock': { reach: 'business' },
  'POST /v1/customers/:id/merge': { reach: 'business' },
  'POST /v1/customers/:id/anonymize': { reach: 'business' },
  'POST /v1/customers/:id/notes': { reach: 'business' },
  'POST /v1/segments': { reach: 'business' },
  'PATCH /v1/segments/:id': { reach: 'business' },
  'DELETE /v1/segments/:id': { reach: 'business' },
  'POST /v1/customer-imports': { reach: 'business' },
  // Notification templates are the business's, edited by owners; a preview changes nothing.
  'PUT /v1/notification-templates/:key/:channel/:locale': { reach: 'owner', body: () => ({ subject: '测试通知', body: '{{businessName}} 测试' }) },
  'DELETE /v1/notification-templates/:key/:channel/:locale': { reach: 'owner' },
  'POST /v1/notification-templates/preview': { reach: 'business' },
  // The owner's test message; resending follows the notification's store (walked in notifications.e2e-spec); receipts come from providers.
  'POST /v1/notifications/test': { reach: 'owner', body: () => ({ channel: 'email', to: { email: 'owner@example.com' } }) },
  'POST /v1/notifications/:id/resend': { reach: 'business' },
  'POST /v1/notification-receipts/:provider': { reach: 'business' },
  // Each member of staff's own inbox.
  'POST /v1/me/notifications/read-all': { reach: 'self' },
  'POST /v1/me/notifications/:id/read': { reach: 'self' },
  'POST /v1/me/notifications/stream-tickets': { reach: 'self' },
  // Webhook endpoints are the business's, managed by owners (and keys with webhooks:manage); delete comes last.
  'POST /v1/webhook-endpoints': { reach: 'owner', body: () => ({ url: `https://hooks.example.com/${unique()}`, eventTypes: ['*'] }) },
  'PATCH /v1/webhook-endpoints/:id': { reach: 'owner', ifMatch: true, body: () => ({ description: 'Renamed endpoint' }) },
  'POST /v1/webhook-endpoints/:id/disable': { reach: 'owner' },
  'POST /v1/webhook-endpoints/:id/enable': { reach: 'owner' },
  'POST /v1/webhook-endpoints/:id/rotate-secret': { reach: 'owner' },
  'POST /v1/webhook-endpoints/:id/replay': { reach: 'owner', body: () => ({ from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z', status: 'delivered' }) },
  'POST /v1/webhook-endpoints/:id/test': { reach: 'owner' },
  'POST /v1/webhook-messages/:id/retry': { reach: 'owner' },
  'DELETE /v1/webhook-endpoints/:id': { reach: 'owner' },
  // Scheduling. Levels are the business's; a staff member's records are their stores' (walked on a staff member of the target store).
  'POST /v1/staff-levels': {
    reach: 'owner',
    body: () => ({
      code: `l_${unique()}`
        .toLowerCase()
        .replace(/[^a-z0-9_]/g, '_')
        .slice(0, 32),
      name: '首席 Chief',
      rank: 900,
    }),
  },
  'PATCH /v1/staff-levels/:id': { reach: 'owner', ifMatch: true, body: () => ({ name: 'Renamed level' }) },
  'POST /v1/staff-levels/:id/archive': { reach: 'owner' },
  'POST /v1/staff-levels/:id/restore': { reach: 'owner' },
  'PUT /v1/services/:id/variations/:variationId/level-prices/:levelId': { reach: 'owner', body: () => ({ price: cny(100), durationMinutes: 100 }) },
  'DELETE /v1/services/:id/variations/:variationId/level-prices/:levelId': { reach: 'owner' },
  'POST /v1/staff': { reach: 'store', body: (to) => ({ name: `Reach ${unique()}`, storeIds: [to.store] }) },
  'PATCH /v1/staff/:id': { reach: 'store', ifMatch: true, body: () => ({ displayName: 'Renamed 老师' }) },
  'POST /v1/staff/:id/deactivate': { reach: 'store' },
  'POST /v1/staff/:id/reactivate': { reach: 'store' },
  // A customer's preferred staff follow the customer, whom every store shares.
  'PUT /v1/customers/:id/preferred-staff': { reach: 'business' },
  // Templates: change and end the existing one before a new one starts after it.
  'PATCH /v1/staff/:id/templates/:templateId': { reach: 'store', ifMatch: true, body: () => ({ allowClosedDays: false }) },
  'POST /v1/staff/:id/templates/:templateId/end': { reach: 'store', body: () => ({ lastDate: '2027-12-31' }) },
  'POST /v1/staff/:id/templates': { reach: 'store', body: (to) => ({ storeId: to.store, validFrom: '2028-01-04', week: { tuesday: { start: '10:00', end: '19:00' } } }) },
  'PATCH /v1/staff/:id/shifts/:shiftId': { reach: 'store', ifMatch: true, body: () => ({ note: '早班 Early' }) },
  'POST /v1/staff/:id/shifts/:shiftId/cancel': { reach: 'store', body: () => ({ reason: '调休 Swapped' }) },
  'POST /v1/staff/:id/shifts': { reach: 'store', body: (to) => ({ storeId: to.store, date: '2027-01-05', start: '10:00', end: '19:00' }) },
  'POST /v1/staff/:id/time-off': { reach: 'store', body: () => ({ type: 'annual', startDate: '2027-05-03', endDate: '2027-05-04' }) },
  'POST /v1/staff/:id/time-off/:timeOffId/cancel': { reach: 'store', body: () => ({}) },
  'POST /v1/time-off-requests/:id/approve': { reach: 'store', body: () => ({}) },
  'POST /v1/time-off-requests/:id/refuse': { reach: 'store', body: () => ({ note: '人手不足 Short-staffed' }) },
  'POST /v1/staff/:id/attendance/clock-in': { reach: 'store', body: (to) => ({ storeId: to.store }) },
  'POST /v1/staff/:id/attendance/clock-out': { reach: 'store', body: () => ({}) },
  'PATCH /v1/staff/:id/attendance/:recordId': {
    reach: 'store',
    ifMatch: true,
    body: () => ({ clockOutAt: new Date(Date.now() - 3.5 * 3_600_000).toISOString(), reason: '忘记打卡 Forgot to clock out' }),
  },
  'POST /v1/staff/:id/calendar-feed': { reach: 'store' },
  'DELETE /v1/staff/:id/calendar-feed': { reach: 'store' },
  'POST /v1/resources': { reach: 'store', body: (to) => ({ storeId: to.store, name: `Chair ${unique()}`, type: 'chair' }) },
  'PATCH /v1/resources/:id': { reach: 'store', ifMatch: true, body: () => ({ note: '靠窗 By the window' }) },
  'POST /v1/resources/:id/deactivate': { reach: 'store' },
  'POST /v1/resources/:id/reactivate': { reach: 'store' },
  'POST /v1/resources/:id/blocks': { reach: 'store', body: () => ({ start: '2027-03-01T10:00:00+08:00', end: '2027-03-01T12:00:00+08:00', reason: '保养 Service' }) },
  'DELETE /v1/resources/:id/blocks/:blockId': { reach: 'store' },
  // Customers' apps: a store's publishable keys are its managers'; signing in and a customer's own data are the customer's.
  'POST /v1/publishable-keys': { reach: 'store', body: (to) => ({ name: `App ${unique()}`, channel: 'mini_program', storeId: to.store }) },
  'DELETE /v1/publishable-keys/:id': { reach: 'store' },
  'POST /v1/customer-auth/codes': { reach: 'self' },
  'POST /v1/customer-auth/sessions': { reach: 'self' },
  'DELETE /v1/customer-auth/sessions/current': { reach: 'self' },
  'PATCH /v1/me': { reach: 'self' },
  'POST /v1/me/appointment-holds': { reach: 'self' },
  'DELETE /v1/me/appointment-holds/:id': { reach: 'self' },
  'POST /v1/me/appointments': { reach: 'self' },
  'POST /v1/me/appointments/:id/reschedule': { reach: 'self' },
  'POST /v1/me/appointments/:id/cancel': { reach: 'self' },
  // Appointments: one store's bookings, on the target's bookable day (after the booking policy above: 30-minute slots).
  'POST /v1/appointment-holds': {
    reach: 'store',
    body: (to) => ({ storeId: to.store, startsAt: `${to.bookingDay}T17:00:00+08:00`, services: [{ variationId: to.variation, staffMemberId: to.staffMember }] }),
  },
  'DELETE /v1/appointment-holds/:id': { reach: 'store' },
  'POST /v1/appointments': {
    reach: 'store',
    body: (to) => ({
      storeId: to.store,
      startsAt: `${to.bookingDay}T10:00:00+08:00`,
      services: [{ variationId: to.variation, staffMemberId: to.staffMember }],
      customerId: to.customer,
      channel: 'phone',
    }),
  },
  'POST /v1/appointments/:id/reschedule': { reach: 'store', body: (to) => ({ startsAt: `${to.bookingDay}T13:30:00+08:00` }) },
  // Appointments are their store's; one walks its whole life in this order (not the one rescheduled above), others are cancelled and missed.
  'PATCH /v1/appointments/:id': { reach: 'store', ifMatch: true, body: () => ({ notes: '过敏 Allergic to PPD' }) },
  'POST /v1/appointments/:id/confirm': { reach: 'store' },
  'POST /v1/appointments/:id/check-in': { reach: 'store' },
  'POST /v1/appointments/:id/start': { reach: 'store' },
  'POST /v1/appointments/:id/complete': { reach: 'store' },
  'POST /v1/appointments/:id/cancel': { reach: 'store', body: () => ({ reason: '顾客改期 The customer asked' }) },
  'POST /v1/appointments/:id/no-show': { reach: 'store', body: () => ({}) },
  // A reminder's links: the customer's own appointment, named by the signed token (appointment-links.e2e-spec).
  'POST /v1/appointment-links/:token/confirm': { reach: 'self' },
  'POST /v1/appointment-links/:token/cancel': { reach: 'self' },
  // A series and the waitlist belong to their store (the cut at 16:30: free between the moved appointment, the series and the hold).
  'POST /v1/appointments/recurring': {
    reach: 'store',
    body: (to) => ({
      storeId: to.store,
      startsAt: `${to.bookingDay}T16:30:00+08:00`,
      services: [{ variationId: to.cut, staffMemberId: to.staffMember }],
      customerId: to.customer,
      channel: 'phone',
      everyWeeks: 1,
      occurrences: 2,
    }),
  },
  'POST /v1/appointments/series/:seriesId/cancel': { reach: 'store', body: () => ({ reason: '顾客搬家 Moved away' }) },
  'POST /v1/waitlist': { reach: 'store', body: (to) => ({ storeId: to.store, customerId: to.customer, variationIds: [to.cut], dateFrom: to.bookingDay, dateTo: to.bookingDay }) },
  'POST /v1/waitlist/:id/accept': { reach: 'store' },
  'DELETE /v1/waitlist/:id': { reach: 'store' },
  'PUT /v1/inventory/alert-rules': { reach: 'store', body: (to) => ({ storeId: to.store, productId: to.product, alertLevelPieces: 2, reorderPieces: 6 }) },
  'POST /v1/inventory/adjustments': {
    reach: 'store',
    body: (to) => ({ storeId: to.store, productId: to.product, direction: 'in', pieces: 1, reason: '盘点多出一瓶 found one more' }),
  },
  // A back-bar shortfall is its store's manager's task.
  'POST /v1/inventory/shortfalls/:id/resolve': { reach: 'store', body: () => ({ note: '已补货 restocked' }) },
  // Transfers belong to their stores: each store's go to (and come from) a partner store of its own.
  'POST /v1/transfers': { reach: 'store', body: (to) => ({ fromStoreId: to.store, toStoreId: to.transferPartner, lines: [{ productId: to.product, quantity: 1 }] }) },
  'POST /v1/transfers/:id/approve': { reach: 'store' },
  'POST /v1/transfers/:id/ship': { reach: 'store' },
  'POST /v1/transfers/:id/receive': { reach: 'store', body: () => ({}) },
  'POST /v1/transfers/:id/cancel': { reach: 'store', body: () => ({ reason: '不需要了 Not needed' }) },
  // Suppliers are the business's, kept by managers of any store and owners (as customers are shared by every store).
  'POST /v1/suppliers': { reach: 'business' },
  'PATCH /v1/suppliers/:id': { reach: 'business', ifMatch: true },
  'POST /v1/suppliers/:id/archive': { reach: 'business' },
  'POST /v1/suppliers/:id/restore': { reach: 'business' },
  // What a supplier sells is the business's, as the supplier is.
  'PUT /v1/suppliers/:id/products/:productId': { reach: 'business', body: () => ({ packSize: 6, preferred: true }) },
  'DELETE /v1/suppliers/:id/products/:productId': { reach: 'business' },
  // Purchase orders are their store's: each action takes an order in the state it starts from (the edit comes before the approval of the same draft).
  'POST /v1/purchase-orders': {
    reach: 'store',
    body: (to) => ({ storeId: to.store, supplierId: to.supplier, lines: [{ productId: to.product, quantity: 2, unitCost: cny(9800) }] }),
  },
  'PATCH /v1/purchase-orders/:id': { reach: 'store', ifMatch: true, body: () => ({ notes: '加急 Rush' }) },
  'POST /v1/purchase-orders/:id/approve': { reach: 'store', body: () => ({}) },
  'POST /v1/purchase-orders/:id/order': { reach: 'store', body: () => ({}) },
  'POST /v1/purchase-orders/:id/cancel': { reach: 'store', body: () => ({ reason: '供应商缺货 Out of stock' }) },
  'POST /v1/purchase-orders/:id/receipts': { reach: 'store', body: (to) => ({ lines: [{ lineId: to.purchaseOrderLine, quantity: 1 }] }) },
  // Suggested purchase orders draft orders for the store named.
  'POST /v1/purchase-orders/suggested': { reach: 'store', body: (to) => ({ storeId: to.store }) },
  // Stocktakes are their store's: counted by its staff (a correction takes the caller's own entry, counted just before), closed, approved, cancelled.
  'POST /v1/stocktakes': { reach: 'store', body: (to) => ({ storeId: to.store, categories: [to.stocktakeCategory] }) },
  'POST /v1/stocktakes/:id/counts': { reach: 'store', body: (to) => ({ lines: [{ productId: to.product, quantity: 250 }] }) },
  'POST /v1/stocktakes/:id/counts/:countId/correct': { reach: 'store', body: () => ({ quantity: 500 }) },
  'POST /v1/stocktakes/:id/submit': { reach: 'store' },
  'POST /v1/stocktakes/:id/approve': { reach: 'store' },
  'POST /v1/stocktakes/:id/cancel': { reach: 'store', body: () => ({ reason: '重新盘点 Count again' }) },
  // Orders are their store's: routing by its managers; each move takes an order in the state it starts from (the discount before the confirmation of the same order).
  'PUT /v1/stores/:id/order-channels/:channel': { reach: 'store', body: (to) => ({ responsibleStaffMemberId: to.staffMember, team: 'Reach' }) },
  'POST /v1/orders': { reach: 'store', body: (to) => ({ storeId: to.store, channel: 'online', customerId: to.customer, lines: [{ productId: to.product, quantity: 1 }] }) },
  'POST /v1/orders/:id/discount': { reach: 'store', body: () => ({ amount: cny(100), reason: '老顾客 Loyal customer' }) },
  'POST /v1/orders/:id/confirm': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/start': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/pick': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/pack': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/ship': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/deliver': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/schedule': { reach: 'store', body: (to) => ({ appointmentId: to.appointment }) },
  'POST /v1/orders/:id/serve': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/complete': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/cancel': { reach: 'store', body: () => ({ reason: '顾客取消 Changed their mind' }) },
  'POST /v1/checkouts': { reach: 'store', body: (to) => ({ appointmentId: to.appointmentToCheckOut }) },
  // Payments are their order's store's: a small cash payment each walk; the pending order's own payments for query, collect and refund.
  'POST /v1/orders/:id/payments': { reach: 'store', body: () => ({ method: 'cash', amount: cny(100) }) },
  'POST /v1/orders/:id/payments/:paymentId/query': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/payments/:paymentId/collect': { reach: 'store', body: () => ({}) },
  'POST /v1/orders/:id/payments/:paymentId/cancel': { reach: 'store', body: () => ({ reason: '顾客拒收 Refused at the door' }) },
  'POST /v1/orders/:id/refunds': { reach: 'store', body: (to) => ({ paymentId: to.cashPayment, amount: cny(100), reason: '退差价 Price difference' }) },
  'POST /v1/orders/:id/refunds/:refundId/query': { reach: 'store', body: () => ({}) },
  'POST /v1/payment-notifications/:provider': { reach: 'business' },
  // Parcels of the store's orders, their tracking (a carrier's key) and their exceptions (the store's tasks); the customer's confirmation is theirs; Kuaidi100 pushes signed.
  'POST /v1/shipments': { reach: 'store', body: (to) => ({ orderId: to.orderToParcel, carrier: 'shunfeng', lines: [{ lineNumber: 1, quantity: 1 }] }) },
  'POST /v1/shipments/:id/events': { reach: 'store', body: () => ({ events: [{ status: 'in_transit', occurredAt: '2027-05-11T09:00:00+08:00', description: '运输中' }] }) },
  'POST /v1/shipment-exceptions/:id/resolve': { reach: 'store', body: () => ({ note: '已联系快递 Carrier called' }) },
  'POST /v1/me/shipments/:id/confirm-delivery': { reach: 'self' },
  'POST /v1/shipment-notifications/kuaidi100': { reach: 'business' },
};

/** The tables whose rows a refused request must leave as they were. */
const GUARDED = [
  'stock_alert_rule',
  'stock_alert',
  'stock_level',
  'stock_movement',
  'stock_batch',
  'stock_shortfall',
  'store',
  'store_closure',
  'staff_user',
  'staff_user_store',
  'api_key',
  'service_category',
  'service',
  'service_variation',
  'service_store_override',
  'variation_store_price',
  'service_consumption',
  'product',
  'product_store_price',
  'audit_event',
  'event_delivery',
  'api_key_store',
  'notification_template',
  'webhook_endpoint',
  'webhook_endpoint_store',
  'staff_level',
  'staff_member',
  'staff_member_store',
  'staff_member_skill',
  'variation_level_price',
  'shift_template',
  'shift',
  'time_off',
  'time_off_status_history',
  'attendance_record',
  'attendance_correction',
  'resource',
  'resource_block',
  'booking_policy',
  'publishable_key',
  'customer_session',
  'customer_sign_in_code',
  'appointment',
  'appointment_status_history',
  'appointment_hold',
  'booking_segment',
  'waitlist_entry',
  'waitlist_entry_status_history',
  'transfer',
  'transfer_line',
  'transfer_status_history',
  'supplier',
  'supplier_product',
  'purchase_order',
  'purchase_order_line',
  'purchase_order_status_history',
  'purchase_order_receipt',
  'purchase_order_receipt_line',
  'stocktake',
  'stocktake_line',
  'stocktake_count',
  'stocktake_status_history',
  'order',
  'order_line',
  'order_status_history',
  'order_channel_assignment',
  'stock_reservation',
  'order_payment',
  'order_refund',
  'payment_notification',
  'stock_backorder',
  'shipment',
  'shipment_line',
  'shipment_event',
  'shipment_exception',
];
/** Routes for people only: API keys, whatever their scopes, get 403 `auth.staff_only` (approving a transfer or a purchase order stays with managers). */
const staffOnly = (route: RouteInfo) =>
  route.path.startsWith('/v1/users') ||
  route.path.startsWith('/v1/publishable-keys') ||
  route.path === '/v1/transfers/:id/approve' ||
  route.path === '/v1/purchase-orders/:id/approve' ||
  route.path === '/v1/stocktakes/:id/approve' ||
  route.path === '/v1/stores/:id/order-channels/:channel' ||
  route.path === '/v1/orders/:id/discount';

/** Every write scope: a key limited to store A with all of them is held to A as A's manager is. */
const WRITE_SCOPES = ['stores:write', 'catalog:write', 'customers:write', 'scheduling:write', 'appointments:write', 'inventory:write', 'orders:write', 'shipments:write'];

describe('reach: staff change their own stores, owners what every store shares', () => {
  let t: TestApp;
  let owner: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let a: Target;
  let b: Target;
  let routes: RouteInfo[];

  const key = (route: RouteInfo) => `${route.method} ${route.path}`;
  const writes = () => routes.filter((route) => route.method !== 'GET');
  const walked = (...reaches: Reach[]) =>
    Object.entries(WRITES)
      .filter(([, call]) => reaches.includes(call.reach))
      .map(([name, call]) => ({ name, call, route: routes.find((route) => key(route) === name)! }));

  /** Business-wide ids are the same in both targets; store ids differ. */
  type StoreOwn =
    | 'store'
    | 'closure'
    | 'user'
    | 'staffMember'
    | 'template'
    | 'shift'
    | 'timeOffToApprove'
    | 'timeOffToRefuse'
    | 'timeOffToCancel'
    | 'attendanceRecord'
    | 'resource'
    | 'block'
    | 'publishableKey'
    | 'bookingDay'
    | 'customer'
    | 'hold'
    | 'appointment'
    | 'appointmentToMove'
    | 'appointmentToCancel'
    | 'appointmentToNoShow'
    | 'waitlistEntry'
    | 'offeredEntry'
    | 'series'
    | 'transferPartner'
    | 'transferToApprove'
    | 'transferToShip'
    | 'transferToReceive'
    | 'purchaseOrderDraft'
    | 'purchaseOrderApproved'
    | 'purchaseOrderOrdered'
    | 'purchaseOrderLine'
    | 'purchaseOrderToCancel'
    | 'shortfall'
    | 'stocktakeCounting'
    | 'stocktakeToApprove'
    | 'stocktakeToCancel'
    | 'stocktakeCategory'
    | 'orderPending'
    | 'orderConfirmed'
    | 'orderInProgress'
    | 'orderPicked'
    | 'orderPacked'
    | 'orderShipped'
    | 'orderDelivered'
    | 'orderToCancel'
    | 'serviceOrderInProgress'
    | 'serviceOrderScheduled'
    | 'appointmentToCheckOut'
    | 'codPayment'
    | 'codToCancel'
    | 'cashPayment'
    | 'wechatPayment'
    | 'wechatRefund'
    | 'orderToParcel'
    | 'shipment'
    | 'shipmentException';

  async function target(store: StoreRecord, shared: Omit<Target, StoreOwn>): Promise<Target> {
    const closure = await t.http.post(`/v1/stores/${store.id}/closures`).set(owner.auth).send({ date: '2027-02-07', kind: 'closed', reason: '春节 Spring Festival' });
    expect(closure.status).toBe(201);
    const user = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    // A staff member of this store: a shift (a Wednesday, before the template, which then leaves that day alone), a template, time off, a past stretch at work.
    const staffMember = (await createStaffMember(t, { storeIds: [store.id], skills: { hair_colour: 3 } })).id;
    const shift = await insertShift(t, { staffMemberId: staffMember, storeId: store.id, date: '2027-02-03', start: '2027-02-03T10:00:00+08:00', end: '2027-02-03T19:00:00+08:00' });
    const template = await t.http
      .post(`/v1/staff/${staffMember}/templates`)
      .set(owner.auth)
      .send({ storeId: store.id, validFrom: '2026-12-28', week: { tuesday: { start: '10:00', end: '19:00' } } });
    expect(template.status).toBe(201);
    const timeOff = (day: string) => insertTimeOff(t, { staffMemberId: staffMember, start: `${day}T00:00:00+08:00`, end: `${day}T23:59:00+08:00`, status: 'requested' });
    const [timeOffToApprove, timeOffToRefuse, timeOffToCancel] = [await timeOff('2027-06-01'), await timeOff('2027-06-02'), await timeOff('2027-06-03')];
    const [{ id: attendanceRecord }] = await t.sql<{ id: string }>(
      `INSERT INTO attendance_record (staff_member_id, store_id, clock_in_at, clock_out_at, clock_in_source, clock_out_source)
       VALUES ($1, $2, now() - interval '5 hours', now() - interval '4 hours', 'self', 'self') RETURNING id`,
      [staffMember, store.id],
    );
    const resource = await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Room 1', type: 'room' });
    expect(resource.status).toBe(201);
    const block = await t.http
      .post(`/v1/resources/${resource.body.id}/blocks`)
      .set(owner.auth)
      .send({ start: '2027-04-01T10:00:00+08:00', end: '2027-04-01T12:00:00+08:00', reason: '检修 Repair' });
    expect(block.status).toBe(201);
    const publishableKey = (await createPublishableKey(t, owner.auth, { storeId: store.id })).id;
    // A bookable day ten days ahead (not the template's Tuesday), a chair for the colour, a hold and an appointment to release and move.
    const bookingDay = bookableDay();
    await insertShift(t, { staffMemberId: staffMember, storeId: store.id, date: bookingDay, start: `${bookingDay}T10:00:00+08:00`, end: `${bookingDay}T19:00:00+08:00` });
    expect((await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Chair 1', type: 'chair' })).status).toBe(201);
    const customer = await insertBareCustomer(t);
    const hold = await insertHold(t, {
      storeId: store.id,
      expiresAt: new Date(Date.now() + 86_400_000),
      segments: [{ variationId: shared.variation, staffMemberId: staffMember, start: `${bookingDay}T07:00:00+08:00`, blocks: { active: 120 } }],
    });
    const appointment = await insertAppointment(t, {
      storeId: store.id,
      customerId: customer,
      segments: [{ variationId: shared.variation, staffMemberId: staffMember, start: `${bookingDay}T13:00:00+08:00`, blocks: { active: 120 } }],
    });
    // Appointments to walk the life cycle, a day apart: two ahead, one that started an hour ago.
    const lifecycleAppointment = async (hoursFromNow: number) =>
      insertAppointment(t, {
        storeId: store.id,
        customerId: await insertBareCustomer(t),
        segments: [{ variationId: shared.variation, staffMemberId: staffMember, start: new Date(Date.now() + hoursFromNow * 3_600_000), blocks: { active: 30 } }],
      });
    const [appointmentToMove, appointmentToCancel, appointmentToNoShow] = [await lifecycleAppointment(48), await lifecycleAppointment(72), await lifecycleAppointment(-1)];
    // The waitlist: an entry waiting for the cut, one offered a held 12:30 (free between the colour and the appointment); a series from 16:00.
    const waiting = { storeId: store.id, customerId: customer, variationIds: [shared.cut], dateFrom: bookingDay, dateTo: bookingDay };
    const waitlistEntry = (await t.http.post('/v1/waitlist').set(owner.auth).send(waiting).expect(201)).body.id as string;
    const offeredEntry = (await t.http.post('/v1/waitlist').set(owner.auth).send(waiting).expect(201)).body.id as string;
    const offerEnds = new Date(Date.now() + 86_400_000);
    const offeredHold = await insertHold(t, {
      storeId: store.id,
      expiresAt: offerEnds,
      segments: [{ variationId: shared.cut, staffMemberId: staffMember, start: `${bookingDay}T12:30:00+08:00`, blocks: { active: 30 } }],
    });
    await t.sql(`UPDATE waitlist_entry SET status = 'offered', offer_hold_id = $2, offered_at = now(), offer_expires_at = $3 WHERE id = $1`, [
      offeredEntry,
      offeredHold,
      offerEnds,
    ]);
    const series = await t.http
      .post('/v1/appointments/recurring')
      .set(owner.auth)
      .send({
        storeId: store.id,
        startsAt: `${bookingDay}T16:00:00+08:00`,
        services: [{ variationId: shared.cut, staffMemberId: staffMember }],
        customerId: customer,
        channel: 'phone',
        everyWeeks: 1,
        occurrences: 2,
      });
    expect(series.status).toBe(201);
    // Transfers with a partner store of its own: requested and approved from the store; one shipped from the partner to it.
    const transferPartner = (await createStore(t)).id;
    const transfer = async (from: string, to: string) =>
      (
        await t.http
          .post('/v1/transfers')
          .set(owner.auth)
          .send({ fromStoreId: from, toStoreId: to, lines: [{ productId: shared.product, quantity: 1 }] })
          .expect(201)
      ).body.id as string;
    const transferToApprove = await transfer(store.id, transferPartner);
    const transferToShip = await transfer(store.id, transferPartner);
    await t.http.post(`/v1/transfers/${transferToShip}/approve`).set(owner.auth).expect(200);
    const ownerActor: Actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
    // Five bottles of the 250 ml product (stock counts millilitres in thousandths) at each end.
    for (const storeId of [store.id, transferPartner]) {
      await t.app
        .get(StockMovements)
        .bringIn(
          ownerActor,
          { type: 'system', id: null },
          { storeId, productId: shared.product, units: 5 * 250_000, kind: 'receipt', unitCostAmount: 1000, sourceKey: `reach:${storeId}` },
        );
    }
    const transferToReceive = await transfer(transferPartner, store.id);
    await t.http.post(`/v1/transfers/${transferToReceive}/approve`).set(owner.auth).expect(200);
    await t.http.post(`/v1/transfers/${transferToReceive}/ship`).set(owner.auth).expect(200);
    // Purchase orders of this store: drafts to edit and approve and to cancel, one approved to order, one ordered to receive.
    const purchaseOrder = async (...steps: string[]) => {
      const created = await t.http
        .post('/v1/purchase-orders')
        .set(owner.auth)
        .send({ storeId: store.id, supplierId: shared.supplier, lines: [{ productId: shared.product, quantity: 5, unitCost: cny(9800) }] })
        .expect(201);
      for (const step of steps) await t.http.post(`/v1/purchase-orders/${created.body.id}/${step}`).set(owner.auth).send({}).expect(200);
      return created.body as { id: string; lines: Array<{ id: string }> };
    };
    const [purchaseOrderDraft, purchaseOrderApproved, purchaseOrderOrdered, purchaseOrderToCancel] = [
      await purchaseOrder(),
      await purchaseOrder('approve'),
      await purchaseOrder('approve', 'order'),
      await purchaseOrder(),
    ];
    // A back-bar shortfall of the store (as a completed appointment's consumption leaves one), the manager's task.
    const [shortfall] = await t.sql<{ id: string }>(
      `INSERT INTO stock_shortfall (store_id, product_id, units_missing, source_key, document_type, document_id) VALUES ($1, $2, 1, $3, 'appointment', 'AP-20270210-0001') RETURNING id`,
      [store.id, shared.product, `appointment:${randomUUID()}:consume:${shared.product}`],
    );
    // Stocktakes of the store: one counting the products of the shared product's category, one submitted, one to cancel, each of a category
    // of its own (a product is in one open stocktake at a time); and a category of its own for the walk's opening.
    const categoryWithProduct = async () => {
      const category = `盘点 reach ${unique()}`;
      await t.http.post('/v1/products').set(owner.auth).send(productBody({ category })).expect(201);
      return category;
    };
    const stocktakeCategory = await categoryWithProduct();
    const stocktake = async (categories: string[], ...steps: string[]) => {
      const opened = await t.http.post('/v1/stocktakes').set(owner.auth).send({ storeId: store.id, categories }).expect(201);
      for (const step of steps) await t.http.post(`/v1/stocktakes/${opened.body.id}/${step}`).set(owner.auth).send({}).expect(200);
      return opened.body.id as string;
    };
    const stocktakeCounting = await stocktake(['hair care']);
    const stocktakeToApprove = await stocktake([await categoryWithProduct()], 'submit');
    const stocktakeToCancel = await stocktake([await categoryWithProduct()]);
    // Orders of the store, moved to the state each action starts from; ten more bottles for what their confirmations hold.
    await t.app
      .get(StockMovements)
      .bringIn(
        ownerActor,
        { type: 'system', id: null },
        { storeId: store.id, productId: shared.product, units: 10 * 250_000, kind: 'receipt', unitCostAmount: 1000, sourceKey: `reach:orders:${store.id}` },
      );
    const storeOrder = async (line: Record<string, unknown>, ...steps: string[]) => {
      const created = await t.http
        .post('/v1/orders')
        .set(owner.auth)
        .send({ storeId: store.id, channel: 'phone', customerId: customer, lines: [{ ...line, quantity: 1 }] })
        .expect(201);
      for (const step of steps) await t.http.post(`/v1/orders/${created.body.id}/${step}`).set(owner.auth).send({}).expect(200);
      return created.body.id as string;
    };
    const goods = { productId: shared.product };
    const [orderPending, orderConfirmed, orderInProgress, orderPicked, orderPacked, orderShipped, orderDelivered, orderToCancel] = [
      await storeOrder(goods),
      await storeOrder(goods, 'confirm'),
      await storeOrder(goods, 'confirm', 'start'),
      await storeOrder(goods, 'confirm', 'start', 'pick'),
      await storeOrder(goods, 'confirm', 'start', 'pick', 'pack'),
      await storeOrder(goods, 'confirm', 'start', 'pick', 'pack', 'ship'),
      await storeOrder(goods, 'confirm', 'start', 'pick', 'pack', 'ship', 'deliver'),
      await storeOrder(goods, 'confirm'),
    ];
    const serviceOrderInProgress = await storeOrder({ variationId: shared.cut }, 'confirm', 'start');
    const serviceOrderScheduled = await storeOrder({ variationId: shared.cut }, 'confirm', 'start');
    await t.http.post(`/v1/orders/${serviceOrderScheduled}/schedule`).set(owner.auth).send({ appointmentId: appointment }).expect(200);
    const appointmentToCheckOut = await insertAppointment(t, {
      storeId: store.id,
      customerId: customer,
      status: 'completed',
      segments: [{ variationId: shared.variation, staffMemberId: staffMember, start: new Date(Date.now() - 30 * 3_600_000), blocks: { active: 30 } }],
    });
    const payOrder = (body: Record<string, unknown>) =>
      t.http
        .post(`/v1/orders/${orderPending}/payments`)
        .set(owner.auth)
        .send(body)
        .expect(201)
        .then((res) => res.body.id as string);
    const codPayment = await payOrder({ method: 'cod', amount: cny(100) });
    const codToCancel = await payOrder({ method: 'cod', amount: cny(100) });
    const cashPayment = await payOrder({ method: 'cash', amount: cny(500) });
    // A WeChat Pay payment already settled (no provider here): a query answers it as it is.
    const [{ id: wechatPayment }] = await t.sql<{ id: string }>(
      `INSERT INTO order_payment (order_id, method, channel, amount, currency, status, provider_reference, created_by_type, settled_at)
       VALUES ($1, 'wechat_pay', 'counter', 100, 'CNY', 'succeeded', $2, 'system', now()) RETURNING id`,
      [orderPending, `4200${unique()}`],
    );
    // A refund of it WeChat Pay has paid out: a query answers it as it is.
    const [{ id: wechatRefund }] = await t.sql<{ id: string }>(
      `INSERT INTO order_refund (order_id, payment_id, amount, currency, status, out_refund_no, reason, created_by_type, settled_at)
       VALUES ($1, $2, 50, 'CNY', 'succeeded', $3, '退差价', 'system', now()) RETURNING id`,
      [orderPending, wechatPayment, `${wechatPayment.replace(/-/g, '')}R1`],
    );
    const orderToParcel = await storeOrder(goods, 'confirm', 'start', 'pick', 'pack');
    const [{ id: shipment }] = await t.sql<{ id: string }>('SELECT id FROM shipment WHERE order_id = $1', [orderShipped]);
    await t.http
      .post(`/v1/shipments/${shipment}/events`)
      .set(owner.auth)
      .send({ events: [{ status: 'exception', exceptionKind: 'delayed', occurredAt: '2027-05-11T08:00:00+08:00', description: '延误' }] })
      .expect(200);
    const [{ id: shipmentException }] = await t.sql<{ id: string }>('SELECT id FROM shipment_exception WHERE shipment_id = $1', [shipment]);
    // The shared ids first: a caller may pass another target's whole record, whose store-own ids these replace.
    return {
      ...shared,
      store: store.id,
      closure: closure.body.id,
      user: user.id,
      staffMember,
      template: template.body.id,
      shift,
      timeOffToApprove,
      timeOffToRefuse,
      timeOffToCancel,
      attendanceRecord,
      resource: resource.body.id,
      block: block.body.id,
      publishableKey,
      bookingDay,
      customer,
      hold,
      appointment,
      appointmentToMove,
      appointmentToCancel,
      appointmentToNoShow,
      waitlistEntry,
      offeredEntry,
      series: series.body.seriesId,
      transferPartner,
      transferToApprove,
      transferToShip,
      transferToReceive,
      purchaseOrderDraft: purchaseOrderDraft.id,
      purchaseOrderApproved: purchaseOrderApproved.id,
      purchaseOrderOrdered: purchaseOrderOrdered.id,
      purchaseOrderLine: purchaseOrderOrdered.lines[0].id,
      purchaseOrderToCancel: purchaseOrderToCancel.id,
      shortfall: shortfall.id,
      stocktakeCounting,
      stocktakeToApprove,
      stocktakeToCancel,
      stocktakeCategory,
      orderPending,
      orderConfirmed,
      orderInProgress,
      orderPicked,
      orderPacked,
      orderShipped,
      orderDelivered,
      orderToCancel,
      serviceOrderInProgress,
      serviceOrderScheduled,
      appointmentToCheckOut,
      codPayment,
      codToCancel,
      cashPayment,
      wechatPayment,
      wechatRefund,
      orderToParcel,
      shipment,
      shipmentException,
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    owner = await createUser(t, { role: 'owner' });
    storeA = await createStore(t);
    storeB = await createStore(t);
    const category = (
      await t.http
        .post('/v1/service-categories')
        .set(owner.auth)
        .send({ code: `c_${unique()}`, name: 'Scalp care' })
    ).body.id as string;
    const service = (
      await t.http
        .post('/v1/services')
        .set(owner.auth)
        .send(serviceBody(await categoryId(t, 'hair_colour')))
    ).body;
    const product = (await t.http.post('/v1/products').set(owner.auth).send(productBody())).body.id as string;
    const dye = (await t.http.post('/v1/products').set(owner.auth).send(dyeBody())).body.id as string;
    const apiKey = (await createApiKey(t, { scopes: ['catalog:read'] })).id;
    // A dead event delivery for owners to retry (its subscriber is not in this build, so it stays put once retried).
    const [{ id: deadDelivery }] = await t.sql<{ id: string }>(
      `WITH e AS (INSERT INTO event (name, payload) VALUES ('reach.test', '{}') RETURNING id)
       INSERT INTO event_delivery (event_id, subscriber, status, attempts, next_attempt_at) SELECT id, 'reach.nobody', 'dead', 3, NULL FROM e RETURNING id`,
    );
    // A webhook endpoint, and a failed message of it for owners to retry.
    const endpoint = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/reach', eventTypes: ['*'] });
    expect(endpoint.status).toBe(201);
    const webhookEndpoint = endpoint.body.id as string;
    const [{ id: webhookMessage }] = await t.sql<{ id: string }>(
      `INSERT INTO webhook_message (endpoint_id, type, body, occurred_at, status, attempts, next_attempt_at, finished_at)
       VALUES ($1, 'webhook.test', '{}', now(), 'failed', 9, NULL, now()) RETURNING id`,
      [webhookEndpoint],
    );
    const level = (await createLevel(t)).id;
    const cutService = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(
        serviceBody(await categoryId(t, 'hair_colour'), {
          name: `剪发 Cut ${unique()}`,
          timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
          variations: [{ name: '洗剪吹 Wash and cut', price: cny(12800), durationMinutes: 30 }],
        }),
      );
    expect(cutService.status).toBe(201);
    const supplier = (await t.http.post('/v1/suppliers').set(owner.auth).send({ name: '欧莱雅专业 Reach supplier' }).expect(201)).body.id as string;
    const shared = {
      cut: cutService.body.variations[0].id as string,
      supplier,
      category,
      service: service.id as string,
      variation: service.variations[1].id as string,
      product,
      dye,
      apiKey,
      deadDelivery,
      webhookEndpoint,
      webhookMessage,
      level,
    };
    a = await target(storeA, shared);
    b = await target(storeB, shared);
    // B has its own prices, which A's staff must not see or change.
    await t.http.put(`/v1/services/${service.id}/store-overrides/${storeB.id}`).set(owner.auth).send({ available: false }).expect(200);
    await t.http
      .put(`/v1/products/${product}/store-prices/${storeB.id}`)
      .set(owner.auth)
      .send({ salePrice: cny(19900) })
      .expect(200);
    // The targets' orders published events: let their deliveries settle, so the walks' fingerprints see only what the walks do.
    await waitFor(
      () => t.sql<{ n: number }>("SELECT count(*)::int AS n FROM event_delivery WHERE status = 'pending'"),
      (rows) => rows[0].n === 0,
    );
  });
  afterAll(() => t.close());

  async function send(name: string, call: Call, route: RouteInfo, to: Target, auth: Record<string, string>) {
    // A count entry is corrected by its own counter: the latest in force, which the caller counted just before (or none, when that was refused).
    const [latestCount] = route.path.includes(':countId')
      ? await t.sql<{ id: string }>(
          `SELECT id FROM stocktake_count c WHERE stocktake_id = $1 AND NOT EXISTS (SELECT 1 FROM stocktake_count r WHERE r.replaces_id = c.id)
            ORDER BY counted_at DESC, id DESC LIMIT 1`,
          [to.stocktakeCounting],
        )
      : [];
    const param = (param: string): string => {
      if (param === 'storeId') return to.store;
      if (param === 'closureId') return to.closure;
      if (param === 'variationId') return to.variation;
      if (param === 'productId') return to.product;
      const scheduling: Record<string, string> = {
        levelId: to.level,
        templateId: to.template,
        shiftId: to.shift,
        timeOffId: to.timeOffToCancel,
        recordId: to.attendanceRecord,
        blockId: to.block,
      };
      if (param in scheduling) return scheduling[param];
      if (route.path.startsWith('/v1/time-off-requests/')) return route.path.endsWith('/refuse') ? to.timeOffToRefuse : to.timeOffToApprove;
      if (param === 'seriesId') return to.series;
      if (param === 'countId') return latestCount?.id ?? '0f8fad5b-d9cb-469f-a165-70867728950e';
      // Stocktakes: the one in the state the action starts from.
      const stocktakes: Record<string, string> = { approve: to.stocktakeToApprove, cancel: to.stocktakeToCancel };
      if (route.path.startsWith('/v1/stocktakes/')) return stocktakes[route.path.split('/').pop()!] ?? to.stocktakeCounting;
      // A transfer to approve (then cancel), one approved to ship, one shipped to the store to receive.
      const transfers: Record<string, string> = { ship: to.transferToShip, receive: to.transferToReceive };
      if (route.path.startsWith('/v1/transfers/')) return transfers[route.path.split('/').pop()!] ?? to.transferToApprove;
      if (param === 'channel' && route.path.includes('/order-channels/')) return 'online';
      if (param === 'refundId') return to.wechatRefund;
      if (param === 'paymentId') return route.path.endsWith('/collect') ? to.codPayment : route.path.endsWith('/cancel') ? to.codToCancel : to.wechatPayment;
      // Orders: the one in the state the action starts from (the discount and the confirmation take the pending one).
      const customerOrders: Record<string, string> = {
        discount: to.orderPending,
        confirm: to.orderPending,
        start: to.orderConfirmed,
        pick: to.orderInProgress,
        pack: to.orderPicked,
        ship: to.orderPacked,
        deliver: to.orderShipped,
        complete: to.orderDelivered,
        cancel: to.orderToCancel,
        schedule: to.serviceOrderInProgress,
        serve: to.serviceOrderScheduled,
      };
      if (route.path.startsWith('/v1/orders/:id/payments') || route.path.startsWith('/v1/orders/:id/refunds')) return to.orderPending;
      if (route.path.startsWith('/v1/orders/')) return customerOrders[route.path.split('/').pop()!];
      // Purchase orders: the one in the state the action starts from.
      const orders: Record<string, string> = { order: to.purchaseOrderApproved, receipts: to.purchaseOrderOrdered, cancel: to.purchaseOrderToCancel };
      if (route.path.startsWith('/v1/purchase-orders/')) return orders[route.path.split('/').pop()!] ?? to.purchaseOrderDraft;
      // The life cycle's moves each take an appointment of their own; the reschedule the booked one.
      const moves: Record<string, string> = { cancel: to.appointmentToCancel, 'no-show': to.appointmentToNoShow, reschedule: to.appointment };
      if (route.path.startsWith('/v1/appointments/')) return moves[route.path.split('/').pop()!] ?? to.appointmentToMove;
      // Notification templates are named by key, channel and locale, the same for every store.
      const template: Record<string, string> = { key: 'notification.test', channel: 'email', locale: 'zh-CN' };
      if (route.path.startsWith('/v1/notification-templates/') && param in template) return template[param];
      const ids: Record<string, string> = {
        '/v1/stores/': to.store,
        '/v1/users/': to.user,
        '/v1/api-keys/': to.apiKey,
        '/v1/service-categories/': to.category,
        '/v1/services/': to.service,
        '/v1/products/': to.product,
        '/v1/admin/event-deliveries/': to.deadDelivery,
        '/v1/webhook-endpoints/': to.webhookEndpoint,
        '/v1/webhook-messages/': to.webhookMessage,
        '/v1/staff-levels/': to.level,
        '/v1/staff/': to.staffMember,
        '/v1/resources/': to.resource,
        '/v1/publishable-keys/': to.publishableKey,
        '/v1/appointment-holds/': to.hold,
        '/v1/appointments/': to.appointment,
        '/v1/waitlist/': route.path.endsWith('/accept') ? to.offeredEntry : to.waitlistEntry,
        '/v1/suppliers/': to.supplier,
        '/v1/inventory/shortfalls/': to.shortfall,
        '/v1/shipments/': to.shipment,
        '/v1/shipment-exceptions/': to.shipmentException,
      };
      const prefix = Object.keys(ids).find((candidate) => route.path.startsWith(candidate));
      if (!prefix) throw new Error(`${name}: no id for :${param}`);
      return ids[prefix];
    };
    const request = t.http[route.method.toLowerCase() as 'post' | 'patch' | 'put' | 'delete'](fillPath(route.path, param)).set(auth);
    if (call.ifMatch) request.set('if-match', '"1"');
    return call.body ? request.send(call.body(to)) : request;
  }

  /** A hash of each guarded table's rows (quoted: `order` is a keyword) (`except` those the caller itself touches, as a key's last use). */
  async function fingerprint(except: string[] = []): Promise<Record<string, string>> {
    const entries = await Promise.all(
      GUARDED.filter((table) => !except.includes(table)).map(async (table) => {
        const [row] = await t.sql<{ h: string }>(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${table}" x`);
        return [table, row.h] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  it('knows whose every write route is (a new route must be classified here)', () => {
    expect(
      writes()
        .map(key)
        .filter((name) => !(name in WRITES)),
    ).toEqual([]);
    expect(Object.keys(WRITES).filter((name) => !writes().some((route) => key(route) === name))).toEqual([]);
  });

  it("refuses staff of store A every change to store B's things and to what every store shares, and writes nothing", async () => {
    const before = await fingerprint();
    const wrong: string[] = [];
    for (const role of ['manager', 'receptionist', 'beautician'] as const) {
      const caller = await createUser(t, { role, storeIds: [storeA.id] });
      for (const { name, call, route } of walked('owner', 'store')) {
        const res = await send(name, call, route, b, caller.auth);
        // Owners' routes: the role may not. B's things: "not found" as if they did not exist (or the role may not, or B is unknown to them).
        const refused = call.reach === 'owner' ? [403] : [403, 404, 422];
        if (!refused.includes(res.status)) wrong.push(`${role} ${name} → ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
    // The users created above are the only change.
    const after = await fingerprint();
    expect(Object.keys(before).filter((table) => before[table] !== after[table])).toEqual(['staff_user', 'staff_user_store']);
  });

  it('refuses a key with read scopes every write', async () => {
    const reader = await createApiKey(t, { scopes: ['stores:read', 'catalog:read', 'customers:read', 'audit:read'] });
    const before = await fingerprint(['api_key']);
    const wrong: string[] = [];
    for (const { name, call, route } of walked('owner', 'store')) {
      const res = await send(name, call, route, b, reader.auth);
      if (res.status !== 403) wrong.push(`${name} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(['api_key'])).toEqual(before);
  });

  it("refuses a key limited to store A, with every write scope, every change to store B's things, as it refuses A's staff, and writes nothing", async () => {
    const limited = await createApiKey(t, { scopes: WRITE_SCOPES, storeIds: [storeA.id] });
    const before = await fingerprint(['api_key']);
    const wrong: string[] = [];
    for (const { name, call, route } of walked('store')) {
      const res = await send(name, call, route, b, limited.auth);
      // Staff-only routes (users, publishable keys) refuse every key (403); B's things are "not found", as for A's manager.
      // Scheduling's records answer in their own words (a staff member, a resource or a request "not found"), as for A's manager.
      const expected = staffOnly(route)
        ? [403, 'auth.staff_only']
        : name === 'POST /v1/staff'
          ? [422, 'reference.not_found']
          : route.path.startsWith('/v1/staff/')
            ? [404, 'staff_member.not_found']
            : route.path.startsWith('/v1/resources')
              ? [404, route.path === '/v1/resources' ? 'store.not_found' : 'resource.not_found']
              : route.path.startsWith('/v1/time-off-requests/')
                ? [404, 'time_off.not_found']
                : route.path.startsWith('/v1/transfers/')
                  ? [404, 'transfer.not_found']
                  : route.path.startsWith('/v1/orders/') || route.path === '/v1/shipments'
                    ? [404, 'order.not_found']
                    : route.path.startsWith('/v1/shipments/')
                      ? [404, 'shipment.not_found']
                      : route.path.startsWith('/v1/shipment-exceptions/')
                        ? [404, 'shipment.exception_not_found']
                        : route.path.startsWith('/v1/waitlist/')
                          ? [404, 'waitlist_entry.not_found']
                          : route.path.startsWith('/v1/purchase-orders/:')
                            ? [404, 'purchase_order.not_found']
                            : route.path.startsWith('/v1/inventory/shortfalls/')
                              ? [404, 'inventory.shortfall_not_found']
                              : route.path.startsWith('/v1/stocktakes/')
                                ? [404, 'stocktake.not_found']
                                : route.path.startsWith('/v1/appointments/series/')
                                  ? [404, 'appointment.series_not_found']
                                  : route.path.startsWith('/v1/appointment-holds/')
                                    ? [404, 'appointment_hold.not_found']
                                    : (route.path.startsWith('/v1/appointments/') && route.path !== '/v1/appointments/recurring') || route.path === '/v1/checkouts'
                                      ? [404, 'appointment.not_found']
                                      : [404, 'store.not_found'];
      if (res.status !== expected[0] || res.body?.code !== expected[1]) wrong.push(`${name} → ${res.status} ${res.body?.code ?? ''}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(['api_key'])).toEqual(before);
  });

  it('lets such a key make the same changes in its own store (so the refusals were about its stores)', async () => {
    // A store of its own, so that A stays as the manager's walk below expects it.
    const own = await createStore(t);
    const { store: _store, closure: _closure, user: _user, ...shared } = a;
    const mine = await target(own, shared);
    const limited = await createApiKey(t, { scopes: WRITE_SCOPES, storeIds: [own.id] });
    const wrong: string[] = [];
    for (const { name, call, route } of walked('store').filter(({ route }) => !staffOnly(route))) {
      const res = await send(name, call, route, mine, limited.auth);
      if (res.status >= 300) wrong.push(`${name} → ${res.status} ${res.body?.code ?? ''}`);
    }
    expect(wrong).toEqual([]);
  });

  it('does not show a key limited to store A store B, its prices, availability or menu', async () => {
    const limited = await createApiKey(t, { scopes: ['stores:read', 'catalog:read'], storeIds: [storeA.id] });
    for (const url of [
      `/v1/stores/${storeB.id}`,
      `/v1/stores/${storeB.id}/closures`,
      `/v1/stores/${storeB.id}/opening-hours?from=2027-02-01&to=2027-02-10`,
      `/v1/services?storeId=${storeB.id}`,
      `/v1/services/${b.service}?storeId=${storeB.id}`,
      `/v1/products/${b.product}?storeId=${storeB.id}`,
    ]) {
      const res = await t.http.get(url).set(limited.auth);
      expect([url, res.status, res.body.code]).toEqual([url, 404, 'store.not_found']);
    }
    const stores = await t.http.get('/v1/stores?limit=100').set(limited.auth);
    expect(stores.body.data.map((store: { id: string }) => store.id)).toEqual([storeA.id]);
    expect((await t.http.get(`/v1/services/${b.service}/store-overrides`).set(limited.auth)).body.data.map((o: { storeId: string }) => o.storeId)).not.toContain(storeB.id);
    expect((await t.http.get(`/v1/products/${b.product}/store-prices`).set(limited.auth)).body.data).toEqual([]);
    // The same key without the limit sees B: the answers above came from the limit.
    const unlimited = await createApiKey(t, { scopes: ['stores:read', 'catalog:read'] });
    expect((await t.http.get(`/v1/stores/${storeB.id}`).set(unlimited.auth)).status).toBe(200);
    expect((await t.http.get(`/v1/products/${b.product}/store-prices`).set(unlimited.auth)).body.data).toHaveLength(1);
  });

  it("does not show A's staff store B's prices, availability or menu", async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    const reads = [
      `/v1/services?storeId=${storeB.id}`,
      `/v1/services/${b.service}?storeId=${storeB.id}`,
      `/v1/services/${b.service}/variations?storeId=${storeB.id}`,
      `/v1/services/${b.service}/variations/${b.variation}?storeId=${storeB.id}`,
      `/v1/products?storeId=${storeB.id}`,
      `/v1/products/${b.product}?storeId=${storeB.id}`,
    ];
    for (const url of reads) {
      const res = await t.http.get(url).set(manager.auth);
      expect([url, res.status, res.body.code]).toEqual([url, 404, 'store.not_found']);
    }
    expect((await t.http.get(`/v1/services/${b.service}/store-overrides`).set(manager.auth)).body.data).toEqual([]);
    expect((await t.http.get(`/v1/products/${b.product}/store-prices`).set(manager.auth)).body.data).toEqual([]);
  });

  it("refuses customers' apps every route not opened to them: a publishable key and a customer session get 403, and write nothing", async () => {
    const appKey = await createPublishableKey(t, owner.auth, { storeId: storeA.id });
    const session = await signInCustomer(t, appKey);
    // Signing up made a customer, whose event is delivered (and sent to the webhook endpoint) in the background meanwhile.
    const background = ['event_delivery', 'webhook_endpoint'];
    const before = await fingerprint(background);
    const wrong: string[] = [];
    const opened: string[] = [];
    for (const route of routes) {
      const access = route.access;
      if (!access || access.public) continue;
      if (access.publishable || access.customers) {
        opened.push(key(route));
        continue;
      }
      const path = fillPath(route.path, () => '0f8fad5b-d9cb-469f-a165-70867728950e');
      for (const [who, auth, code] of [
        ['key', appKey.auth, 'auth.publishable_key_not_allowed'],
        ['customer', session.auth, 'auth.customer_not_allowed'],
      ] as const) {
        const res = await t.http[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](path).set(auth).send({});
        if (res.status !== 403 || res.body?.code !== code) wrong.push(`${who} ${key(route)} → ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(background)).toEqual(before);
    // What they may call: the menu, staff, availability and signing in (key or session), and the customer's own data (session only).
    expect(opened.sort()).toEqual(
      [
        'DELETE /v1/customer-auth/sessions/current',
        'DELETE /v1/me/appointment-holds/:id',
        'GET /v1/availability',
        'GET /v1/availability/nearest',
        'GET /v1/booking-menu',
        'GET /v1/booking-staff',
        'GET /v1/me',
        'GET /v1/me/appointments',
        'GET /v1/me/appointments/:id',
        'GET /v1/me/shipments',
        'PATCH /v1/me',
        'POST /v1/customer-auth/codes',
        'POST /v1/customer-auth/sessions',
        'POST /v1/me/appointment-holds',
        'POST /v1/me/appointments',
        'POST /v1/me/appointments/:id/cancel',
        'POST /v1/me/appointments/:id/reschedule',
        'POST /v1/me/shipments/:id/confirm-delivery',
      ].sort(),
    );
  });

  it("lets a manager make every store-level change in their own store (what the walk refused them in B's)", async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    const wrong: string[] = [];
    for (const { name, call, route } of walked('store')) {
      const res = await send(name, call, route, a, manager.auth);
      if (res.status >= 300) wrong.push(`${name} → ${res.status} ${res.body?.code ?? ''}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets the owner make every change the walk refused (so the refusals were about reach, not the requests)', async () => {
    const wrong: string[] = [];
    for (const { name, call, route } of walked('owner', 'store')) {
      const res = await send(name, call, route, b, owner.auth);
      if (res.status >= 300) wrong.push(`${name} → ${res.status} ${res.body?.code ?? ''}`);
    }
    expect(wrong).toEqual([]);
    const variation = await t.http.get(`/v1/services/${b.service}/variations/${b.variation}`).set(owner.auth);
    expect(variation.body.price).toEqual(cny(100));
  });
});

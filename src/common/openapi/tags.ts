/**
 * The OpenAPI document's tags, in the order a reader meets the system: signing in, who works here,
 * where, what the business sells, who its customers are, then the trails and the machinery. Every
 * operation's tag is declared here with a description (a test checks it): a module adding a tag
 * puts it where a reader would look for it, before `audit`.
 */
export const API_TAGS = [
  {
    name: 'auth',
    description:
      'Start here. Sign in with an e-mail or phone and a password for a short-lived access token (send it as `Authorization: Bearer …`) ' +
      'and a refresh token; refresh, log out, change your own password.',
  },
  {
    name: 'users',
    description:
      'Staff accounts, their role (owner, manager, receptionist, beautician) and the stores they work at. Owners manage everyone; ' +
      'managers manage the receptionists and beauticians of their own stores.',
  },
  {
    name: 'api-keys',
    description: 'Keys for partners and scripts, sent as `X-Api-Key`, each with scopes saying what it may read or change. Owners create and revoke them.',
  },
  {
    name: 'publishable-keys',
    description:
      "Keys that customers' own apps (a booking page, a mini-program) ship with, sent as `X-Publishable-Key`: not secrets, so they read only " +
      'the bookable menu, staff shown online and availability, and sign customers in. Each is limited to one store or the whole business and ' +
      'books as its channel (`online`, `app`, `mini_program`). Owners manage them; managers for their stores.',
  },
  {
    name: 'customer-auth',
    description:
      "Customers sign in to a customers' app by a one-time SMS code (with the app's publishable key): a customer session token (`cs_…`, " +
      "sent as `Authorization: Bearer`) that reaches only the customer's own profile and appointments (/v1/me…), the menu, staff and availability.",
  },
  {
    name: 'customer-me',
    description: "A signed-in customer's own profile basics and appointments (customer sessions only): book, reschedule and cancel within the store's rules.",
  },
  {
    name: 'booking-menu',
    description: "What a customers' app shows before booking: the services bookable online in a store, and the staff shown online (no contact data).",
  },
  {
    name: 'stores',
    description:
      "The business's locations: address, time zone, weekly hours, closures and special hours. Owners open and archive stores; managers change their own. " +
      "Staff see only the stores they work at: another store's id answers 404 as if it did not exist. Every store prices in the business's one currency.",
  },
  {
    name: 'staff',
    description:
      'The people who serve customers: name, the name customers see, level, skills (the `skill` strings services require), stores, calendar colour, ' +
      'whether clients may book them online. A staff member may have a sign-in (a user) or not (a trainee, a visiting specialist). Owners manage everyone, ' +
      "managers the staff of their stores; a beautician reads their own record. Also a customer's preferred staff.",
  },
  {
    name: 'staff-levels',
    description: 'The grades of staff (助理 assistant, 技师 technician, 高级技师 senior, 总监 director), configurable by owners; a service variation may be priced per level.',
  },
  {
    name: 'shifts',
    description:
      "Who works where and when, in the store's time zone: weekly templates (planned into shifts ahead of time), dated shifts with breaks, " +
      "the store's roster with the staff count per skill per hour, and each person's iCalendar feed. One person is never in two places: overlapping shifts answer 409.",
  },
  {
    name: 'time-off',
    description:
      'Time away (请假: annual, sick, training, other), requested by a beautician or entered by a manager, approved or refused by a manager; approved time off removes working time.',
  },
  {
    name: 'attendance',
    description:
      'Clocking in and out (考勤), by the staff member or the front desk; late arrivals, early leaves and hours worked against the planned shift; corrections by managers, kept as history.',
  },
  {
    name: 'resources',
    description: "A store's rooms, beds, chairs and machines (the `resourceType` services require), and when each is out of service for maintenance.",
  },
  {
    name: 'availability',
    description:
      'Free times to book: for one or more services in a store, each start with a proposal (who, which room or chair, when, at what price by level), ' +
      "respecting hours, closures, working time, appointments, holds, processing blocks, buffers, resources and the store's booking policy.",
  },
  {
    name: 'appointments',
    description:
      'Bookings: hold a slot for a few minutes, book it (or book directly at the desk, for a customer on file or found and registered by phone), ' +
      'move it, and follow it through its life (confirm, check in, start, complete, cancel, no-show) with its history. The database forbids double-booking: ' +
      'a taken time answers 409 `appointment.slot_taken` naming what is in the way and the nearest free times. A cancellation inside the store’s window is late ' +
      'and records its fee for checkout; an appointment never checked in becomes a no-show by itself after its end.',
  },
  {
    name: 'appointment-views',
    description:
      "Reading appointments: a store's list with filters, its appointment book (a day or a week, one column per staff member or resource), " +
      "a staff member's day, a customer's appointments and the front desk's arrivals, with the names a screen shows (phones masked for beauticians).",
  },
  {
    name: 'appointment-links',
    description:
      "The links in a customer's reminders: open one to see the appointment, confirm or cancel it without signing in. Each link is signed, good for one action " +
      'on one appointment, and expires when the appointment is over.',
  },
  {
    name: 'recurring-appointments',
    description:
      'A series of appointments at the same local time every N weeks (a monthly colour, a weekly treatment): each occurrence booked on its own, the ones that ' +
      'collide reported with the reason, the rest booked under one `seriesId`; the future ones cancelled together.',
  },
  {
    name: 'waitlist',
    description:
      'Customers waiting for a service at a store within dates (and a time of day, a staff member), in the order they asked. A freed slot (a cancel, a reschedule) ' +
      'is held for the first few and each is told; the first to accept books it, the others wait for the next one.',
  },
  {
    name: 'inventory',
    description:
      "Each store's stock of each product: levels (on hand, held for orders, available, value at cost; measured products also by what an opened piece " +
      'still holds), the append-only ledger of movements behind them, managers’ corrections and write-offs with a reason, and low stock alert levels with ' +
      'the alerts they raise. Batches are sold first-expiring-first and never once expired.',
  },
  {
    name: 'inventory-reports',
    description:
      'What a manager reads of stock, per store: stock on hand with its value, movement history, slow movers, batches expiring soon and stock turnover. ' +
      'Each report answers JSON pages and, at the same path with `.csv`, a CSV file of all its rows. Owners, managers and API keys with `inventory:read`, ' +
      'for their stores (cost values are not for receptionists or beauticians).',
  },
  {
    name: 'transfers',
    description:
      'Stock sent from one store to another: requested → approved (the source store’s managers) → shipped (stock leaves, in transit) → received (stock ' +
      'arrives at the cost it left with; differences recorded per line with their reason), or cancelled before shipping.',
  },
  {
    name: 'orders',
    description:
      'Orders from every channel (online shop, app, mini-program, partner marketplaces, phone, the counter), numbered `SO-YYYYMMDD-NNNN`: the customer ' +
      '(an existing one, or found or registered by phone), lines priced by the store’s catalog (or a partner’s agreed price), classified (service, product, ' +
      'mixed) and routed per store and channel to a responsible staff member and team; totals on the server. Pending confirmation → confirmed (stock ' +
      'reserved) → in progress → picked → packed → shipped (stock sold) → delivered, or scheduled → served for services; then completed. Cancelled, with ' +
      'a reason, before shipping or service (stock released).',
  },
  {
    name: 'shipments',
    description:
      'Parcels of an order’s goods (split shipments): carrier, tracking number and the pieces of each line they carry; each piece leaves once, and the ' +
      'parcel with the last goods ships the order. Tracking events from carriers (API keys with shipments:write) or Kuaidi100’s push, recorded once; ' +
      'exceptions (delayed, lost, damaged, returned, refused) become the store’s follow-up tasks and notify the customer; delivery by the carrier or the ' +
      'customer, the order delivered once every parcel is.',
  },
  {
    name: 'stocktakes',
    description:
      'Counting a store’s stock: a manager opens a count (the whole store or some categories), its staff count on their phones by product or barcode, blind ' +
      '(nobody sees what the books say while counting), a manager closes counting, reads the variances and their value, and approves: the corrections are posted. ' +
      'Sales and receipts during the count are no variance.',
  },
  {
    name: 'service-categories',
    description: 'How the service menu is grouped (hair cut, colouring, perm, … come seeded). Business-wide: every role reads them, owners change them.',
  },
  {
    name: 'services',
    description:
      'The service menu every store sells from: services and their variations (price, duration, time blocks), the back-bar products a variation uses, ' +
      "and each store's availability and own prices. Owners change the menu; managers set their own store's availability and prices (`store-overrides`). " +
      '`?storeId=` reads the menu as that store sells it.',
  },
  {
    name: 'products',
    description:
      "Retail and back-bar products (SKU, barcode, specification, use, shelf life, prices) and each store's own sale price. Owners change products; " +
      "managers set their own store's sale price. Cost prices are shown to owners, managers and API keys.",
  },
  {
    name: 'suppliers',
    description:
      'Whom the business buys products from (contact person, phone, e-mail, address). Business-wide: every role reads them, managers and owners keep them; ' +
      'archived ones stay readable but new purchase orders cannot name them.',
  },
  {
    name: 'purchase-orders',
    description:
      "A store's orders of products from a supplier: drafted, approved by a manager, ordered, then received in one or more receipts that bring the stock in " +
      "at the order's cost (batches and movements); cancelled until something arrived. Receptionists receive; every change is in the order's history.",
  },
  {
    name: 'customers',
    description:
      "The customer book. It is the business's, not a store's: staff of every store find and serve the same customers (people visit more than one store), " +
      'so store scoping does not apply here, privacy does: beauticians and keys without `customers:pii` see contact details masked.',
  },
  {
    name: 'segments',
    description:
      "Saved customer searches with a live count and members. Business-wide like the customers they select: a segment sees every store's customers unless its filter names a home store.",
  },
  {
    name: 'customer-imports',
    description: "CSV imports into the business's one customer book, run as jobs, with a report of the rows that were refused and why.",
  },
  {
    name: 'notifications',
    description:
      'Messages Bloom sent (or did not, and why) to customers and staff by e-mail, SMS, WeChat and in-app: the log with filters, resending a failed one, ' +
      "an owner's test message to check a provider, and the providers' delivery receipts.",
  },
  {
    name: 'notification-templates',
    description:
      'What Bloom tells customers and staff, per notification key, channel (e-mail, SMS, WeChat, in-app) and locale (zh-CN, en): the catalog of keys ' +
      "with the variables their templates may use, the templates in effect (shipped defaults or owners' edits, in Mustache), edits and resets by owners, and previews.",
  },
  {
    name: 'me',
    description:
      "The signed-in member of staff's own in-app messages (a new booking, an overdue order, an import that ended): the inbox with its unread count, " +
      'marking read, and a live Server-Sent Events stream for screens that show them as they come. Staff only; API keys have no inbox.',
  },
  {
    name: 'webhooks',
    description:
      'Signed events to partners (Standard Webhooks): owners register endpoints (URL, event types with `*` wildcards, stores), see each message and attempt, ' +
      'retry, replay a time range and send test events. The events and their payloads are listed at GET /v1/webhook-event-types and under `x-webhooks`.',
  },
  {
    name: 'audit',
    description: "Who changed what, when: every write with its actor, the record before and after, and the request id. Managers see their stores' entries.",
  },
  {
    name: 'admin',
    description: 'Operating Bloom (owners): the job queue dashboard, and the deliveries of durable events to the modules that react to them, with a retry for those that gave up.',
  },
  {
    name: 'health',
    description: 'For load balancers and monitoring: liveness, readiness (database, Redis, migrations) and Prometheus metrics. No staff credentials.',
  },
] as const satisfies ReadonlyArray<{ name: string; description: string }>;

export type ApiTagName = (typeof API_TAGS)[number]['name'];

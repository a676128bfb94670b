/**
 * Sends every request example of the OpenAPI document to a Bloom instance holding the demo data,
 * signed in as the demo owner, and expects each to succeed (2xx): an example a reader copies from
 * Swagger UI must work. `npm run examples` boots a fresh instance on a new database (migrated and
 * seeded, dropped afterwards); `npm run examples -- --base-url http://localhost:3000` uses a
 * running one (its create examples then need names not taken yet: run it once per database;
 * `--login` and `--password` when its owner is not the demo's).
 * test/openapi-examples.e2e-spec.ts runs the same sendExamples() in `npm test`.
 *
 * What an example cannot know is filled in here, as a reader would fill it in: ids in the path
 * (the resource the example's own create made, else the first one listed), ids in the body that
 * name other records (REFERENCES, from the demo data) and the refresh token of a sign-in.
 *
 * Routes only customers' apps may call are sent as such an app would: with a publishable key made for
 * the examples, and for a customer's own data, as a customer signed in through it (with `signInCode`).
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
  security?: Array<Record<string, string[]>>;
}

export interface ExampleOutcome {
  /** `POST /v1/customers (demo)` */
  example: string;
  status: number;
  ok: boolean;
  /** The answer's body when it failed. */
  answer?: unknown;
}

export interface SendExamplesOptions {
  baseUrl: string;
  /** The demo owner unless given. */
  login?: string;
  password?: string;
  document?: OpenApiDocument;
  /**
   * A live password-reset code for a login (the e2e test issues one through PasswordResetCodes). The
   * confirm example cannot work without one: left out, that example is not sent.
   */
  resetCode?: (login: string) => Promise<string>;
  /**
   * A live sign-in code for a customer's phone (the e2e test issues one through CustomerSignInCodes).
   * Left out, the examples of customer sign-in and of a customer's own data are not sent.
   */
  signInCode?: (phone: string) => Promise<string>;
  /**
   * The path of an example that cannot be found by listing (PRIVATE_PATHS: an appointment ahead to
   * cancel, one already started to mark a no-show, a reminder link's token), made by whoever can
   * (the e2e test, a fresh instance: appointment-example-paths.ts). Left out, those examples are not sent.
   */
  privatePath?: (method: string, template: string) => Promise<string>;
  /**
   * The body of an example that names a record no list can give (PRIVATE_BODIES: a completed appointment
   * to check out), made by whoever can (appointment-example-paths.ts). Left out, those examples are not sent.
   */
  privateBody?: (method: string, template: string) => Promise<unknown>;
}

/** Who sends an example: the demo owner, a customers' app (its publishable key), or a customer signed in through it. */
type Caller = 'staff' | 'app' | 'customer';

/** The customer the examples sign in (a phone no demo customer has). */
const EXAMPLE_CUSTOMER = { phone: '+8613900008888', name: '示例顾客 Example' };

/** Paths whose ids no list gives an example: an appointment in the right state, a link's signed token. */
export const PRIVATE_PATHS = [
  /^\/v1\/appointments\/\{id\}(\/(confirm|check-in|start|complete|cancel|no-show))?$/,
  /^\/v1\/appointment-links\//,
  // A shipped transfer to receive (transfer-example-paths.ts): shipping needs stock the demo data does not hold.
  /^\/v1\/transfers\/\{id\}\/receive$/,
  // A back-bar shortfall to resolve (shortfall-example-paths.ts): the demo data has none.
  /^\/v1\/inventory\/shortfalls\/\{id\}\/resolve$/,
  // An order in the state each action starts from, with stock for its goods (order-example-paths.ts).
  /^\/v1\/orders\/\{id\}\/[a-z]+$/,
  // A pending payment to call off: cash on delivery on a fresh order (order-example-paths.ts).
  /^\/v1\/orders\/\{id\}\/payments\/\{paymentId\}\/cancel$/,
  // A parcel gone wrong to resolve (shipment-example-paths.ts): no carrier reported one in the demo data.
  /^\/v1\/shipment-exceptions\/\{id\}\/resolve$/,
];

/** Examples whose body names a record in a state no list gives: a completed appointment not checked out yet. */
export const PRIVATE_BODIES = [/^\/v1\/checkouts$/];

interface Example {
  method: string;
  path: string;
  name: string;
  contentType: string;
  value: unknown;
  ifMatch: boolean;
  caller: Caller;
}

/** Staff when staff or keys may call it; else the app (publishable key) or the customer (session only). */
function callerOf(operation: OpenApiOperation): Caller {
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.length === 0 || schemes.includes('staff') || schemes.includes('apiKey')) return 'staff';
  return schemes.includes('publishableKey') ? 'app' : 'customer';
}

/** Sign-in examples run last, in this order (a refresh needs a sign-in; a password change ends sessions). */
const AUTH_ORDER = ['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/logout', '/v1/auth/password'];

/** Creates first (outer collections before inner), then actions on them, then replacements and edits. */
function rank(example: Example): number[] {
  const auth = AUTH_ORDER.indexOf(example.path);
  if (auth >= 0) return [9, auth];
  const params = (example.path.match(/\{/g) ?? []).length;
  const phase = { post: params ? 1 : 0, put: 2, patch: 3 }[example.method] ?? 4;
  return [phase, params];
}

function examplesOf(document: OpenApiDocument): Example[] {
  const examples: Example[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [contentType, media] of Object.entries(operation.requestBody?.content ?? {})) {
        for (const [name, { value }] of Object.entries(media.examples ?? {})) {
          const ifMatch = Boolean(operation.parameters?.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match' && p.required));
          examples.push({ method, path, name, contentType, value, ifMatch, caller: callerOf(operation) });
        }
      }
    }
  }
  const order = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1];
  return examples
    .map((example, index) => ({ example, index }))
    .sort((a, b) => order(rank(a.example), rank(b.example)) || a.index - b.index)
    .map(({ example }) => example);
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

class Session {
  private accessToken = '';
  /** Ids the examples created, by collection path: later examples on `{id}` use them. */
  readonly created = new Map<string, string>();
  /** The refresh token of the last sign-in or refresh an example made. */
  refreshToken = '';
  /** A customers' app's publishable key, and the session of a customer signed in through it (made when first needed). */
  private appKey = '';
  private customerToken = '';

  constructor(private readonly baseUrl: string) {}

  async send(method: string, path: string, init: { body?: unknown; contentType?: string; headers?: Record<string, string>; as?: Caller } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    const as = init.as ?? 'staff';
    if (as === 'staff' && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    if (as === 'app') headers['x-publishable-key'] = this.appKey;
    if (as === 'customer') headers.authorization = `Bearer ${this.customerToken}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['content-type'] = init.contentType ?? 'application/json';
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    }
    const response = await fetch(new URL(path, this.baseUrl), { method: method.toUpperCase(), headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a CSV export): kept as text.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  async signIn(login: string, password: string): Promise<{ refreshToken: string }> {
    this.accessToken = '';
    const answer = await this.send('post', '/v1/auth/login', { body: { login, password } });
    if (answer.status !== 200) throw new Error(`signing in as ${login} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const tokens = answer.body as { accessToken: string; refreshToken: string };
    this.accessToken = tokens.accessToken;
    return tokens;
  }

  /** Makes the examples' publishable key (as the owner), once. */
  async app(): Promise<void> {
    if (this.appKey) return;
    const answer = await this.send('post', '/v1/publishable-keys', { body: { name: 'Examples app', channel: 'mini_program' } });
    if (answer.status !== 201) throw new Error(`creating a publishable key answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    this.appKey = (answer.body as { key: string }).key;
  }

  /** Signs the examples' customer in through the app, once: false without a way to read the SMS code. */
  async customer(signInCode: SendExamplesOptions['signInCode']): Promise<boolean> {
    if (this.customerToken) return true;
    if (!signInCode) return false;
    await this.app();
    const body = { ...EXAMPLE_CUSTOMER, code: await signInCode(EXAMPLE_CUSTOMER.phone) };
    const answer = await this.send('post', '/v1/customer-auth/sessions', { body, as: 'app' });
    if (answer.status !== 201) throw new Error(`signing the examples' customer in answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    this.customerToken = (answer.body as { accessToken: string }).accessToken;
    return true;
  }

  async renew(refreshToken: string): Promise<{ refreshToken: string }> {
    const answer = await this.send('post', '/v1/auth/refresh', { body: { refreshToken } });
    if (answer.status !== 200) throw new Error(`refreshing answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const tokens = answer.body as { accessToken: string; refreshToken: string };
    this.accessToken = tokens.accessToken;
    return tokens;
  }

  /** The id a `{param}` after `collection` stands for: one an example created there, else the first listed. */
  async idIn(collection: string, query = '', as: Caller = 'staff'): Promise<string> {
    const created = this.created.get(collection);
    if (created && !query) return created;
    return (await this.listed(collection, query, as))[0];
  }

  async firstListed(collection: string): Promise<Record<string, unknown>> {
    const answer = await this.send('get', `${collection}?limit=1`);
    const [first] = (answer.body as { data?: Array<Record<string, unknown>> })?.data ?? [];
    if (answer.status !== 200 || !first) throw new Error(`GET ${collection} lists nothing to use in an example (${answer.status})`);
    return first;
  }

  private bookable?: Promise<{ storeId: string; variationId: string; starts: string[] }>;

  /**
   * A service the first store sells that someone can do, with free start times a few days ahead
   * (from the availability search, as a booking app finds them), spaced so one example's booking
   * never stands in another's way.
   */
  async bookableSlot(): Promise<{ storeId: string; variationId: string; startsAt: () => string }> {
    this.bookable ??= (async () => {
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      // A demo store (not one an example just opened, which has no staff yet).
      const created = this.created.get('/v1/stores');
      for (const storeId of (await this.listed('/v1/stores')).filter((id) => id !== created)) {
        const services = (await this.send('get', `/v1/services?limit=100&storeId=${storeId}`)).body as { data: Array<{ variations: Array<{ id: string }> }> };
        for (const variation of services.data.flatMap((service) => service.variations)) {
          const found = await this.send('get', `/v1/availability?storeId=${storeId}&variationIds=${variation.id}&from=${day(3)}&to=${day(9)}`);
          const slots = ((found.body as { slots?: Array<{ start: string }> }).slots ?? []).map((slot) => slot.start);
          const spaced = slots
            .filter((start, i) => i === 0 || Date.parse(start) - Date.parse(slots[0]) >= 0)
            .reduce<string[]>((kept, start) => {
              if (kept.length === 0 || Date.parse(start) - Date.parse(kept[kept.length - 1]) >= 4 * 3_600_000) kept.push(start);
              return kept;
            }, []);
          if (spaced.length >= 4) return { storeId, variationId: variation.id, starts: spaced };
        }
      }
      throw new Error('no service of the first demo store has free times a few days ahead');
    })();
    const bookable = await this.bookable;
    return { storeId: bookable.storeId, variationId: bookable.variationId, startsAt: () => bookable.starts.shift() ?? '' };
  }

  async listed(collection: string, query = '', as: Caller = 'staff'): Promise<string[]> {
    const answer = await this.send('get', `${collection}?limit=100${query}`, { as });
    const ids = ((answer.body as { data?: Array<{ id: string }> })?.data ?? []).map((item) => item.id);
    if (answer.status !== 200 || !ids.length) throw new Error(`GET ${collection} lists nothing to use in an example (${answer.status})`);
    return ids;
  }
}

/**
 * Body fields that name other records, which an example cannot know, and where the demo data has
 * one. Only fields a request needs: an optional reference (a customer's `referredById`,
 * `homeStoreId`) stays out of the examples, so "Try it out" works without editing them.
 */
const REFERENCES: Record<string, (session: Session, pathIds: Record<string, string>) => Promise<string>> = {
  storeIds: (session) => session.idIn('/v1/stores'),
  storeId: (session) => session.idIn('/v1/stores'),
  // A transfer: from one listed store to another.
  fromStoreId: async (session) => (await session.listed('/v1/stores'))[0],
  toStoreId: async (session) => (await session.listed('/v1/stores'))[1],
  categoryId: (session) => session.idIn('/v1/service-categories'),
  // Consumption takes back-bar products: a demo one (the example's own product becomes retail-only).
  productId: async (session) => (await session.listed('/v1/products', '&use=professional')).find((id) => id !== session.created.get('/v1/products'))!,
  variationId: (session, pathIds) => session.idIn(`/v1/services/${pathIds.id}/variations`),
  // A duplicate made for the merge: merging whichever customer is listed first would take one other examples use (the signed-in customer's).
  duplicateId: async (session) => {
    const phone = `+86136${String(Date.now() % 1e8).padStart(8, '0')}`;
    const answer = await session.send('post', '/v1/customers', { body: { name: '重复 Duplicate', phone } });
    if (answer.status !== 201) throw new Error(`creating a duplicate to merge answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return (answer.body as { id: string }).id;
  },
  refreshToken: async (session) => session.refreshToken,
  // An order scheduled as an appointment: the one a booking example made.
  appointmentId: (session) => session.idIn('/v1/appointments'),
  staffMemberIds: (session) => session.idIn('/v1/staff'),
  // Who confirms a store's orders from a channel.
  responsibleStaffMemberId: (session) => session.idIn('/v1/staff'),
  // Bookings: a customer, and a free time for a service someone can do (each example its own).
  customerId: (session) => session.idIn('/v1/customers'),
  // What a customer waits for: the first service's first variation.
  variationIds: (session) => firstVariation(session),
  // Purchase orders: a supplier (the example's own), and for a receipt the first line of the order in the path.
  supplierId: (session) => session.idIn('/v1/suppliers'),
  // Suggested purchase orders for some suppliers: one listed.
  supplierIds: (session) => session.idIn('/v1/suppliers'),
  // A refund comes from a payment of the order in the path (paid for the example).
  paymentId: async (session, pathIds) => {
    const answer = await session.send('get', `/v1/orders/${pathIds.id}/payments`);
    const [payment] = (answer.body as { data?: Array<{ id: string; status: string }> })?.data?.filter((p) => p.status === 'succeeded') ?? [];
    if (!payment) throw new Error(`order ${pathIds.id} has no payment to refund from (${answer.status})`);
    return payment.id;
  },
  // A parcel's order: the demo store's first retail product, a piece brought in for it, ordered, confirmed, started, picked and packed.
  orderId: async (session) => {
    const storeId = await session.idIn('/v1/stores');
    const productId = (await session.listed('/v1/products', '&use=retail&status=active'))[0];
    const adjusted = await session.send('post', '/v1/inventory/adjustments', { body: { storeId, productId, direction: 'in', pieces: 1, reason: '示例包裹 example parcel' } });
    if (adjusted.status >= 300) throw new Error(`stocking a piece for an example parcel answered ${adjusted.status}: ${JSON.stringify(adjusted.body)}`);
    const customerId = await session.idIn('/v1/customers');
    const created = await session.send('post', '/v1/orders', { body: { storeId, channel: 'online', customerId, lines: [{ productId, quantity: 1 }] } });
    if (created.status !== 201) throw new Error(`ordering for an example parcel answered ${created.status}: ${JSON.stringify(created.body)}`);
    const id = (created.body as { id: string }).id;
    for (const step of ['confirm', 'start', 'pick', 'pack']) {
      const moved = await session.send('post', `/v1/orders/${id}/${step}`, { body: {} });
      if (moved.status !== 200) throw new Error(`${step} of an order for an example parcel answered ${moved.status}: ${JSON.stringify(moved.body)}`);
    }
    return id;
  },
  lineId: async (session, pathIds) => {
    const answer = await session.send('get', `/v1/purchase-orders/${pathIds.id}`);
    const [line] = (answer.body as { lines?: Array<{ id: string }> })?.lines ?? [];
    if (!line) throw new Error(`purchase order ${pathIds.id} has no line to receive (${answer.status})`);
    return line.id;
  },
};

/** A private path, and the id it holds (a refund's payment is looked up on the order in its path). */
async function privateTarget(privatePath: (method: string, template: string) => Promise<string>, example: Example) {
  const path = await privatePath(example.method, example.path);
  const id = /^\/v1\/[a-z-]+\/([0-9a-f-]{36})/.exec(path)?.[1];
  return { path, pathIds: id ? { id } : ({} as Record<string, string>) };
}

/** What a purchase order goes through before each action's example: a draft of its own, approved and ordered as the action needs. */
const PURCHASE_ORDER_STEPS: Record<string, string[]> = { '': [], approve: [], order: ['approve'], cancel: [], receipts: ['approve', 'order'] };

/** `/v1/purchase-orders/{id}/…`: a purchase order made for the example, in the state its action needs (each action moves it on). */
async function purchaseOrderPath(template: string, session: Session): Promise<{ path: string; pathIds: Record<string, string> } | undefined> {
  const match = /^\/v1\/purchase-orders\/\{id\}(?:\/([a-z]+))?$/.exec(template);
  const steps = match ? PURCHASE_ORDER_STEPS[match[1] ?? ''] : undefined;
  if (!match || !steps) return undefined;
  const productId = await REFERENCES.productId(session, {});
  const body = {
    storeId: await session.idIn('/v1/stores'),
    supplierId: await session.idIn('/v1/suppliers'),
    lines: [{ productId, quantity: 24, unitCost: { amount: 9800, currency: 'CNY' } }],
  };
  const created = await session.send('post', '/v1/purchase-orders', { body });
  if (created.status !== 201) throw new Error(`drafting a purchase order for an example answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = (created.body as { id: string }).id;
  for (const step of steps) {
    const moved = await session.send('post', `/v1/purchase-orders/${id}/${step}`, { body: {} });
    if (moved.status !== 200) throw new Error(`${step} of a purchase order for an example answered ${moved.status}: ${JSON.stringify(moved.body)}`);
  }
  return { path: `/v1/purchase-orders/${id}${match[1] ? `/${match[1]}` : ''}`, pathIds: { id } };
}

/**
 * `/v1/stocktakes/{id}/…` actions with a body: a stocktake of the demo's colours and shampoos opened for the example (still counting,
 * whatever other examples did to theirs), with an entry of its own when the action corrects one.
 */
async function stocktakePath(template: string, session: Session): Promise<{ path: string; pathIds: Record<string, string> } | undefined> {
  const match = /^\/v1\/stocktakes\/\{id\}(\/counts|\/cancel|\/counts\/\{countId\}\/correct)$/.exec(template);
  if (!match) return undefined;
  const storeId = await session.idIn('/v1/stores');
  // A product is in one open stocktake of a store at a time: the examples before this one leave theirs open.
  const listed = await session.send('get', `/v1/stocktakes?storeId=${storeId}&limit=100`);
  for (const other of (listed.body as { data?: Array<{ id: string; status: string }> }).data ?? []) {
    if (other.status === 'counting' || other.status === 'submitted') await session.send('post', `/v1/stocktakes/${other.id}/cancel`, { body: {} });
  }
  const opened = await session.send('post', '/v1/stocktakes', { body: { storeId, categories: ['colour', 'shampoo'] } });
  if (opened.status !== 201) throw new Error(`opening a stocktake for an example answered ${opened.status}: ${JSON.stringify(opened.body)}`);
  const id = (opened.body as { id: string }).id;
  if (!match[1].endsWith('/correct')) return { path: `/v1/stocktakes/${id}${match[1]}`, pathIds: { id } };
  const productId = await REFERENCES.productId(session, {});
  const counted = await session.send('post', `/v1/stocktakes/${id}/counts`, { body: { lines: [{ productId, quantity: 6 }] } });
  if (counted.status !== 201) throw new Error(`counting for an example answered ${counted.status}: ${JSON.stringify(counted.body)}`);
  const countId = (counted.body as { data: Array<{ id: string }> }).data[0].id;
  return { path: `/v1/stocktakes/${id}/counts/${countId}/correct`, pathIds: { id, countId } };
}

async function firstVariation(session: Session): Promise<string> {
  const service = (await session.firstListed('/v1/services')) as { variations?: Array<{ id: string }> };
  return service.variations![0].id;
}

/**
 * An order's example: its store and customer filled in as references are; its lines name a product sold at retail (the
 * `productId` reference is a back-bar one, which orders refuse) and the first service's first variation.
 */
async function orderBody(value: unknown, session: Session): Promise<unknown> {
  const { lines, ...rest } = value as { lines: Array<Record<string, unknown>> };
  const filled = (await fillReferences(rest, session, {})) as Record<string, unknown>;
  const product = async () => (await session.listed('/v1/products', '&use=retail&status=active'))[0];
  filled.lines = await Promise.all(
    lines.map(async (line) => ({
      ...line,
      ...('productId' in line ? { productId: await product() } : {}),
      ...('variationId' in line ? { variationId: await firstVariation(session) } : {}),
    })),
  );
  return filled;
}

/** Fields whose example value is replaced whole (a list of objects that name other records). */
const REPLACED: Record<string, (session: Session) => Promise<unknown>> = {
  services: async (session) => [{ variationId: (await session.bookableSlot()).variationId }],
};

async function fillReferences(value: unknown, session: Session, pathIds: Record<string, string>): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => fillReferences(item, session, pathIds)));
  if (!value || typeof value !== 'object') return value;
  const filled: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (REPLACED[key]) {
      filled[key] = await REPLACED[key](session);
      continue;
    }
    const reference = REFERENCES[key];
    if (!reference) filled[key] = await fillReferences(field, session, pathIds);
    else filled[key] = Array.isArray(field) ? await Promise.all(field.map(() => reference(session, pathIds))) : await reference(session, pathIds);
  }
  // A booking (a hold, an appointment): the store, service and a free time found for it.
  if ('services' in filled && 'startsAt' in filled && 'storeId' in filled) {
    const bookable = await session.bookableSlot();
    Object.assign(filled, { storeId: bookable.storeId, startsAt: bookable.startsAt() });
  }
  return filled;
}

/**
 * `/v1/services/{id}/variations/{variationId}` with the ids of records that exist. A resource named
 * by several fields instead of an id (`/v1/notification-templates/{key}/{channel}/{locale}`): those
 * fields of the first item listed at the path before them.
 */
async function concretePath(template: string, session: Session, as: Caller = 'staff'): Promise<{ path: string; pathIds: Record<string, string> }> {
  const composite = /^([^{}]*)((?:\/\{[^}]+\}){2,})$/.exec(template);
  if (composite) {
    const names = [...composite[2].matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const item = await session.firstListed(composite[1]);
    if (names.every((name) => typeof item[name] === 'string')) {
      const pathIds = Object.fromEntries(names.map((name) => [name, item[name] as string]));
      return { path: `${composite[1]}/${names.map((name) => encodeURIComponent(pathIds[name])).join('/')}`, pathIds };
    }
  }
  const pathIds: Record<string, string> = {};
  let path = '';
  for (const segment of template.split('/').slice(1)) {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    // A store, or a staff level (a variation's price at a level), is named by id in a path of something else.
    // What a supplier sells is named by the catalog's product id (an active one: archived ones cannot be added).
    const collection = param === 'storeId' ? '/v1/stores' : param === 'levelId' ? '/v1/staff-levels' : param === 'productId' ? '/v1/products' : path;
    // An attendance record is made by clocking in (its collection is a report, not a list).
    const clockedIn = param === 'recordId' ? session.created.get(`${path}/clock-in`) : undefined;
    // Time off to cancel: one still live (the refuse example may have ended the one created).
    const query = param === 'timeOffId' ? '&status=approved' : param === 'productId' ? '&status=active' : '';
    // A store's order channel is named by the channel, not an id.
    const channel = param === 'channel' && path.endsWith('/order-channels') ? 'online' : undefined;
    if (param) pathIds[param] = channel ?? clockedIn ?? (await session.idIn(collection, query, as));
    path += `/${param ? pathIds[param] : segment}`;
  }
  return { path, pathIds };
}

export async function sendExamples(options: SendExamplesOptions): Promise<ExampleOutcome[]> {
  const session = new Session(options.baseUrl);
  const login = options.login ?? 'owner@bloom.example';
  const password = options.password ?? 'demo-owner-2026';
  const document = options.document ?? ((await session.send('get', '/docs/openapi.json')).body as OpenApiDocument);
  let main = await session.signIn(login, password);
  const outcomes: ExampleOutcome[] = [];
  for (const example of examplesOf(document)) {
    if (example.caller === 'app') await session.app();
    if (example.caller === 'customer' && !(await session.customer(options.signInCode))) continue;
    const isPrivate = PRIVATE_PATHS.some((pattern) => pattern.test(example.path));
    if (isPrivate && !options.privatePath) continue;
    const hasPrivateBody = PRIVATE_BODIES.some((pattern) => pattern.test(example.path));
    if (hasPrivateBody && !options.privateBody) continue;
    const { path, pathIds } = isPrivate
      ? await privateTarget(options.privatePath!, example)
      : ((await purchaseOrderPath(example.path, session)) ?? (await stocktakePath(example.path, session)) ?? (await concretePath(example.path, session, example.caller)));
    const headers: Record<string, string> = {};
    if (example.ifMatch) headers['if-match'] = (await session.send('get', path, { as: example.caller })).headers.get('etag') ?? '';
    const body = hasPrivateBody
      ? await options.privateBody!(example.method, example.path)
      : example.path === '/v1/orders'
        ? await orderBody(example.value, session)
        : await fillReferences(example.value, session, pathIds);
    // A reschedule moves the appointment an example booked to another free time.
    if (/^\/v1\/(me\/)?appointments\/\{id\}\/reschedule$/.test(example.path)) (body as { startsAt: string }).startsAt = (await session.bookableSlot()).startsAt();
    if (example.path === '/v1/auth/password-reset/confirm') {
      if (!options.resetCode) continue;
      const filled = body as { login: string; code: string };
      filled.code = await options.resetCode(filled.login);
    }
    if (example.path === '/v1/customer-auth/sessions') {
      if (!options.signInCode) continue;
      const filled = body as { phone: string; code: string };
      filled.code = await options.signInCode(filled.phone);
    }
    const answer = await session.send(example.method, path, { body, contentType: example.contentType, headers, as: example.caller });
    const ok = answer.status >= 200 && answer.status < 300;
    outcomes.push({ example: `${example.method.toUpperCase()} ${example.path} (${example.name})`, status: answer.status, ok, ...(ok ? {} : { answer: answer.body }) });
    if (!ok) continue;
    const id = (answer.body as { id?: unknown } | undefined)?.id;
    if (example.method === 'post' && typeof id === 'string') session.created.set(path, id);
    // A recurring booking answers its series, which the series' own actions then name.
    const seriesId = (answer.body as { seriesId?: unknown } | undefined)?.seriesId;
    if (typeof seriesId === 'string') session.created.set('/v1/appointments/series', seriesId);
    const refreshToken = (answer.body as { refreshToken?: unknown } | undefined)?.refreshToken;
    if (typeof refreshToken === 'string') session.refreshToken = refreshToken;
    if (example.path === '/v1/auth/password') {
      // The change ended every access token: renew this session's, then give the demo owner its password back.
      main = await session.renew(main.refreshToken);
      const { currentPassword, newPassword } = body as { currentPassword: string; newPassword: string };
      const restored = await session.send('post', '/v1/auth/password', { body: { currentPassword: newPassword, newPassword: currentPassword } });
      if (restored.status !== 204) throw new Error(`restoring the demo owner's password answered ${restored.status}`);
    }
  }
  return outcomes;
}

/** `npm run examples` without --base-url: a fresh database with the demo data, served on a free port. */
async function withFreshInstance<T>(
  work: (baseUrl: string, privatePath: SendExamplesOptions['privatePath'], privateBody: SendExamplesOptions['privateBody']) => Promise<T>,
): Promise<T> {
  const [{ loadConfig }, { createApp }, { runMigrations }, { seedDemoBusiness }, { withDatabase }, pg, { appointmentExamplePaths, appointmentExampleBodies }] = await Promise.all([
    import('../src/config/index.js'),
    import('../src/configure-app.js'),
    import('../src/cli/migrate.js'),
    import('../src/cli/seed.js'),
    import('../src/dev/infra.js'),
    import('pg'),
    import('./appointment-example-paths.js'),
  ]);
  const base = loadConfig({ ...process.env, BLOOM_ROLE: 'all', SWAGGER_ENABLED: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const database = `bloom_examples_${randomBytes(4).toString('hex')}`;
  const admin = new pg.default.Client({ connectionString: withDatabase(base.DATABASE_URL, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    const config = { ...base, DATABASE_URL: withDatabase(base.DATABASE_URL, database), REDIS_PREFIX: `${base.REDIS_PREFIX}:${database}` };
    await runMigrations(config, { quiet: true });
    const app = await createApp({ config });
    try {
      await app.init();
      await seedDemoBusiness(app);
      await app.listen(0, '127.0.0.1');
      return await work(await app.getUrl(), appointmentExamplePaths(app), appointmentExampleBodies(app));
    } finally {
      await app.close();
    }
  } finally {
    // The closed app's connections end a moment after close() returns: dropping under them logs errors.
    for (let tries = 0; tries < 50; tries++) {
      const [{ open }] = (await admin.query<{ open: number }>('SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = $1', [database])).rows;
      if (!open) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<number> {
  const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const run = (baseUrl: string, privatePath?: SendExamplesOptions['privatePath'], privateBody?: SendExamplesOptions['privateBody']) =>
    sendExamples({ baseUrl, login: flag('--login'), password: flag('--password'), privatePath, privateBody });
  const baseUrl = flag('--base-url');
  const outcomes = baseUrl ? await run(baseUrl) : await withFreshInstance(run);
  for (const outcome of outcomes) {
    console.log(`${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.status} ${outcome.example}${outcome.ok ? '' : `\n     ${JSON.stringify(outcome.answer)}`}`);
  }
  const failed = outcomes.filter((outcome) => !outcome.ok).length;
  console.log(`${outcomes.length - failed} of ${outcomes.length} examples succeeded`);
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * The paths of the appointment examples that no list can give (send-examples.ts `privatePath`): each
 * call books a fresh appointment in the demo data's first store, straight into the tables as booking
 * writes them, in the state its action needs (a cancel: one a week ahead; a no-show: one started half
 * an hour ago), and answers the example's path with its id, or with a reminder link's token for it.
 * Likewise the body of a checkout (send-examples.ts `privateBody`): a visit completed yesterday.
 */
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfigValues } from '../src/config/index.js';
import { signLinkToken, type LinkPurpose } from '../src/modules/appointments/links/appointment-link-tokens.js';
import { orderExamplePaths } from './order-example-paths.js';
import { shipmentExamplePaths } from './shipment-example-paths.js';
import { shortfallExamplePaths } from './shortfall-example-paths.js';
import { transferExamplePaths } from './transfer-example-paths.js';

const MINUTE = 60_000;
/** Appointments booked for examples so far (each an hour from the last). */
let booked = 0;

/** A booked 30-minute appointment starting `startInMinutes` from now, for a demo customer with a demo stylist; each one an hour further from now than the last, so none overlap. */
async function bookExample(dataSource: DataSource, startInMinutes: number): Promise<string> {
  const [demo] = await dataSource.query<Array<{ storeId: string; staffMemberId: string; variationId: string; customerId: string }>>(
    `SELECT s.id AS "storeId", m.staff_member_id AS "staffMemberId", v.id AS "variationId", c.id AS "customerId"
       FROM store s
       JOIN staff_member_store m ON m.store_id = s.id
       CROSS JOIN LATERAL (SELECT id FROM service_variation ORDER BY id LIMIT 1) v
       CROSS JOIN LATERAL (SELECT id FROM customer WHERE status = 'active' ORDER BY created_at, id LIMIT 1) c
      ORDER BY s.created_at, s.id, m.staff_member_id LIMIT 1`,
  );
  if (!demo) throw new Error('the demo data has no store with staff, service and customer to book an example appointment');
  // Ahead ones an hour later each, started ones an hour earlier each.
  const start = new Date(Date.now() + (startInMinutes + Math.sign(startInMinutes) * 60 * booked++) * MINUTE);
  const end = new Date(start.getTime() + 30 * MINUTE);
  const [row] = await dataSource.query<Array<{ id: string }>>(
    `INSERT INTO appointment (number, store_id, customer_id, channel, starts_at, ends_at, booked_by_type)
     VALUES ($1, $2, $3, 'phone', $4, $5, 'system') RETURNING id`,
    [`AP-EXAMPLE-${Date.now().toString(36)}-${booked}`, demo.storeId, demo.customerId, start, end],
  );
  await dataSource.query(
    `INSERT INTO booking_segment (appointment_id, position, store_id, variation_id, staff_member_id, starts_at, ends_at, staff_busy, price_amount, currency)
     VALUES ($1, 0, $2, $3, $4, $5, $6, tstzmultirange(tstzrange($5, $6)), 12800, 'CNY')`,
    [row.id, demo.storeId, demo.variationId, demo.staffMemberId, start, end],
  );
  return row.id;
}

export function appointmentExamplePaths(app: INestApplication): (method: string, template: string) => Promise<string> {
  const dataSource = app.get(DataSource);
  const config = app.get<AppConfigValues>(APP_CONFIG);

  const book = (startInMinutes: number) => bookExample(dataSource, startInMinutes);

  const link = async (purpose: LinkPurpose) =>
    signLinkToken(config.JWT_SECRET, { appointmentId: await book(7 * 24 * 60), purpose, expiresAt: new Date(Date.now() + 8 * 24 * 60 * MINUTE) });

  const transferPath = transferExamplePaths(app);
  const shortfallPath = shortfallExamplePaths(app);
  const orderPath = orderExamplePaths(app);
  const shipmentPath = shipmentExamplePaths(app);
  return async (method, template) => {
    if (template.startsWith('/v1/orders/')) return orderPath(method, template);
    if (template.startsWith('/v1/transfers/')) return transferPath(method, template);
    if (template.startsWith('/v1/inventory/shortfalls/')) return shortfallPath(method, template);
    if (template.startsWith('/v1/shipment-exceptions/')) return shipmentPath(method, template);
    const linkPath = /^\/v1\/appointment-links\/\{token\}(\/.*)?$/.exec(template);
    if (linkPath) return `/v1/appointment-links/${await link(linkPath[1] === '/confirm' ? 'confirm' : 'cancel')}${linkPath[1] ?? ''}`;
    const action = /^\/v1\/appointments\/\{id\}(\/.*)?$/.exec(template);
    if (!action) throw new Error(`no example path for ${method.toUpperCase()} ${template}`);
    const id = await book(action[1] === '/no-show' ? -30 : 7 * 24 * 60);
    return `/v1/appointments/${id}${action[1] ?? ''}`;
  };
}

/** Bodies of examples that name a record no list gives: `POST /v1/checkouts` checks out a visit of the demo data completed yesterday. */
export function appointmentExampleBodies(app: INestApplication): (method: string, template: string) => Promise<unknown> {
  const dataSource = app.get(DataSource);
  return async (method, template) => {
    if (template !== '/v1/checkouts') throw new Error(`no example body for ${method.toUpperCase()} ${template}`);
    const appointmentId = await bookExample(dataSource, -24 * 60);
    await dataSource.query(`UPDATE appointment SET status = 'completed', checked_in_at = starts_at, completed_at = ends_at WHERE id = $1`, [appointmentId]);
    return { appointmentId };
  };
}

/**
 * The webhook event types of customers (declared at import time, as the module's durable events are):
 * each follows the durable event of the same name and loads the customer as `GET /v1/customers/{id}`
 * answers it, in full for endpoints allowed personal data (as `customers:pii` for keys) and masked as
 * an API key without it sees it for the others. Loaded when the event is delivered, so a partner gets
 * the customer as it is then.
 */
import { Db } from '../../../common/database/index.js';
import type { JsonObject } from '../../../common/events/index.js';
import { defineWebhookEvent, type WebhookData } from '../../webhooks/index.js';
import { toCustomerResponse, CustomerResponseDto } from '../dto/customer-response.dto.js';
import { AnonymizedCustomerWebhookDto, MergedCustomerWebhookDto } from '../dto/customer-webhook.dto.js';
import { partnerPrivacy } from '../privacy/customer-privacy.js';
import { CUSTOMER_COLUMNS } from '../profile/customer-sql.js';
import type { Customer } from '../profile/customer.entity.js';
import { CUSTOMER_ANONYMIZED, CUSTOMER_CREATED, CUSTOMER_MERGED, CUSTOMER_UPDATED } from '../customers.events.js';

const FULL = partnerPrivacy(true);
const MASKED = partnerPrivacy(false);

/** The response as it goes over the wire (dates as ISO strings). */
const asJson = (value: object): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

/** The customer's row (the webhooks' delivery runs it on its own transaction, when it has one); undefined when no customer has the id. */
async function customerRow(id: string): Promise<Customer | undefined> {
  const [row] = await Db.instance().rows<Customer>(`SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE id = $1`, [id]);
  return row;
}

/** A customer as the API answers it, in full and masked, with the store it belongs to. */
export async function customerWebhookData(id: string, extra: JsonObject = {}): Promise<WebhookData | undefined> {
  const row = await customerRow(id);
  if (!row) return undefined;
  return {
    data: asJson({ ...toCustomerResponse(row, FULL), ...extra }),
    masked: asJson({ ...toCustomerResponse(row, MASKED), ...extra }),
    storeIds: row.homeStoreId ? [row.homeStoreId] : [],
  };
}

defineWebhookEvent({
  type: 'customer.created',
  description: 'A customer was registered, through the API or a customer import.',
  event: CUSTOMER_CREATED,
  schema: CustomerResponseDto,
  load: (event) => customerWebhookData(event.payload.customerId),
});

defineWebhookEvent({
  type: 'customer.updated',
  description:
    'A customer changed: profile, consents, tags, contact preferences, status (blocked, unblocked), a merge it survived, or a customer import. Not sent for figures (visits, spend).',
  event: CUSTOMER_UPDATED,
  schema: CustomerResponseDto,
  load: (event) => customerWebhookData(event.payload.customerId),
});

defineWebhookEvent({
  type: 'customer.merged',
  description:
    'A duplicate record (`mergedId`) was merged into this customer: references to `mergedId` should move here. The merged record stays, with status `merged` and `mergedIntoId`.',
  event: CUSTOMER_MERGED,
  schema: MergedCustomerWebhookDto,
  load: (event) => customerWebhookData(event.payload.survivorId, { mergedId: event.payload.mergedId }),
});

defineWebhookEvent({
  type: 'customer.anonymized',
  description: 'The personal data of a customer (and of the records merged into it) was erased: erase any copy of it you hold.',
  event: CUSTOMER_ANONYMIZED,
  schema: AnonymizedCustomerWebhookDto,
  load: async (event) => {
    const row = await customerRow(event.payload.customerId);
    if (!row) return undefined;
    const data: AnonymizedCustomerWebhookDto = { id: row.id, status: row.status };
    return { data: asJson(data), storeIds: row.homeStoreId ? [row.homeStoreId] : [] };
  },
});

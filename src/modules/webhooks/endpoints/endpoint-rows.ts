import { columnList } from '../../../common/database/index.js';
import type { WebhookEndpointResponseDto } from './dto/webhook-endpoint.dto.js';
import type { DisabledReason, EndpointStatus } from './webhook-endpoint.entity.js';

/** An endpoint as the services read it (never its secrets), with its stores (null: every store). */
export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  storeIds: string[] | null;
  includePii: boolean;
  status: EndpointStatus;
  disabledReason: DisabledReason | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  previousSecretExpiresAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The SELECT list of an EndpointRow from `webhook_endpoint e`. */
export const ENDPOINT_COLUMNS = columnList<EndpointRow>(
  {
    id: 'id',
    url: 'url',
    description: 'description',
    eventTypes: 'event_types',
    storeIds: '(SELECT array_agg(s.store_id ORDER BY s.store_id) FROM webhook_endpoint_store s WHERE s.endpoint_id = e.id)',
    includePii: 'include_pii',
    status: 'status',
    disabledReason: 'disabled_reason',
    disabledAt: 'disabled_at',
    failingSince: 'failing_since',
    previousSecretExpiresAt: 'previous_secret_expires_at',
    version: 'version',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
  },
  'e',
);

/**
 * Which endpoints a caller limited to `storeIds` may see: those limited to some of its stores (an
 * endpoint hearing about other stores, or every store, would tell it about them). `$n` is the array.
 */
export function visibleToStores(param: string): string {
  return `(EXISTS (SELECT 1 FROM webhook_endpoint_store s WHERE s.endpoint_id = e.id)
    AND NOT EXISTS (SELECT 1 FROM webhook_endpoint_store s WHERE s.endpoint_id = e.id AND NOT (s.store_id = ANY(${param}::uuid[]))))`;
}

export function toEndpointResponse(row: EndpointRow, now = new Date()): WebhookEndpointResponseDto {
  const rotating = row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt : null;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    storeIds: row.storeIds,
    includePii: row.includePii,
    status: row.status,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    failingSince: row.failingSince,
    previousSecretValidUntil: rotating,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

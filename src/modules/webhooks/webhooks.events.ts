/**
 * Durable events of the webhooks module (DESIGN §5).
 *
 * - `webhook_endpoint.disabled`: an endpoint was disabled because it failed without a success for
 *   WEBHOOK_DISABLE_AFTER (`reason: 'failing'`; `failingSince` is its first failure of the streak,
 *   ISO 8601). Notifications subscribes to it by name to tell the owners.
 */
declare module '../../common/events/event-map.js' {
  interface DurableEventMap {
    'webhook_endpoint.disabled': { endpointId: string; url: string; reason: 'failing'; failingSince: string };
  }
}

export const WEBHOOK_ENDPOINT_DISABLED = 'webhook_endpoint.disabled';

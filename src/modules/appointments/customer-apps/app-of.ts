import type { Actor, AppChannel } from '../../../common/http/request-context.js';

/** The customers' app a request comes through: its publishable key's id, store limit and channel. */
export interface CustomerApp {
  keyId: string;
  storeIds: string[] | 'all';
  channel: AppChannel;
}

/**
 * The app behind a publishable key or a customer session. Routes that call it admit only those two
 * (`@Allow({ publishable: true })`); anything else reaching it is a wiring bug, said loudly.
 */
export function appOf(actor: Actor): CustomerApp {
  if (actor.kind === 'publishable_key') return { keyId: actor.id, storeIds: actor.storeIds, channel: actor.channel };
  if (actor.kind === 'customer') return { keyId: actor.keyId, storeIds: actor.storeIds, channel: actor.channel };
  throw new Error(`a customers' app route admitted a ${actor.kind}`);
}

export type CustomerActor = Extract<Actor, { kind: 'customer' }>;

/** The signed-in customer of a `@Allow({ customers: true })` route. */
export function customerOf(actor: Actor): CustomerActor {
  if (actor.kind !== 'customer') throw new Error(`a customer route admitted a ${actor.kind}`);
  return actor;
}

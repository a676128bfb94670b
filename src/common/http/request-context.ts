import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is calling: a staff user (JWT), a partner/script (API key), a customer's app (publishable key:
 * reads the bookable menu, staff and availability only) or a customer signed in through such an app
 * (customer session: their own profile and appointments only).
 */
export type Actor =
  | {
      kind: 'user';
      id: string;
      role: StaffRole;
      storeIds: string[] | 'all';
      name?: string;
      sessionId?: string;
      /** When the access token was issued (ms): credentials derived from it (the dashboard cookie) carry it on. */
      issuedAtMs?: number;
    }
  /** `storeIds`: the stores the key is limited to, like a staff member's; `all` when it is not limited. */
  | { kind: 'api_key'; id: string; scopes: string[]; storeIds: string[] | 'all'; name?: string }
  /** `storeIds`: the key's store, or `all` for a key of the whole business; `channel`: what its app books as. */
  | { kind: 'publishable_key'; id: string; storeIds: string[] | 'all'; channel: AppChannel; name?: string }
  /** `id`: the customer; `keyId`, `storeIds` and `channel` come from the publishable key they signed in through. */
  | { kind: 'customer'; id: string; storeIds: string[] | 'all'; keyId: string; channel: AppChannel; sessionId: string; name?: string };

/** The channels customers' own apps book as (an appointment's `channel`). */
export type AppChannel = 'online' | 'app' | 'mini_program';
export const APP_CHANNELS: readonly AppChannel[] = ['online', 'app', 'mini_program'];

export type StaffRole = 'owner' | 'manager' | 'receptionist' | 'beautician';

export interface RequestContext {
  requestId: string;
  actor?: Actor;
  ip?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const RequestContexts = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  actor(): Actor | undefined {
    return storage.getStore()?.actor;
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
};

import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is calling: a staff user (JWT) or a partner/script (API key). */
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
  | { kind: 'api_key'; id: string; scopes: string[]; storeIds: string[] | 'all'; name?: string };

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

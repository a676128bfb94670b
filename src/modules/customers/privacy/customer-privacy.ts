/**
 * Who sees what of a customer (PIPL, GDPR; DESIGN §4). Decided once per request from the actor:
 * - owners, managers and receptionists see everything;
 * - beauticians see a masked phone and e-mail, no birthday and no addresses, but the care notes
 *   (allergies, skin type) they need to serve the customer safely;
 * - API keys see full data only with `customers:pii`, and each such read is audited; without it
 *   they see what a beautician sees minus the care notes (health data).
 */
import type { Scope } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';

export interface CustomerPrivacy {
  /** Full phone, e-mail, birthday and addresses; otherwise masked or left out. */
  fullContact: boolean;
  careNotes: boolean;
  /** Full reads by this actor are written to the audit log (API keys with `customers:pii`). */
  auditReads: boolean;
}

export const PII_SCOPE = 'customers:pii' satisfies Scope;

export function privacyFor(actor: Actor): CustomerPrivacy {
  if (actor.kind === 'api_key') return partnerPrivacy(actor.scopes.includes(PII_SCOPE));
  // A customer sees their own contact data in full (it is theirs), not the salon's care notes; a
  // publishable key reaches no customer data at all (its routes refuse it before it gets here).
  if (actor.kind === 'customer') return { fullContact: true, careNotes: false, auditReads: false };
  if (actor.kind === 'publishable_key') return partnerPrivacy(false);
  if (actor.role === 'beautician') return { fullContact: false, careNotes: true, auditReads: false };
  return { fullContact: true, careNotes: true, auditReads: false };
}

/** What a partner sees: everything with `customers:pii` (audited), else masked contact data and no care notes (health data). */
export function partnerPrivacy(pii: boolean): CustomerPrivacy {
  return { fullContact: pii, careNotes: pii, auditReads: pii };
}

/** `oUpF8uMuAJO_M2pxb1Q9zNjWeS6o` → `oUpF****eS6o`: tells that the customer uses the mini-program, not who they are there. */
export function maskOpenId(openId: string): string {
  return openId.length <= 8 ? '****' : `${openId.slice(0, 4)}****${openId.slice(-4)}`;
}

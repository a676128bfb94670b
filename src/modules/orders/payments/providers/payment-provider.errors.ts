import { DomainError } from '../../../../common/errors/index.js';
import type { PaymentProviderName } from './payment-provider.js';

/**
 * What can go wrong talking to a payment provider, as problems the caller can throw on as they are.
 * `kind` lets orders tell them apart without parsing codes: a notification that is `bad_signature`,
 * `stale`, `undecryptable` or `malformed` is refused and changes nothing; `unavailable` on a charge means
 * its outcome is unknown (query it), never that it failed.
 */
export type PaymentProviderErrorKind = 'not_configured' | 'invalid_request' | 'declined' | 'unavailable' | 'bad_signature' | 'stale' | 'undecryptable' | 'malformed';

const STATUS: Record<PaymentProviderErrorKind, { code: string; status: number }> = {
  not_configured: { code: 'payment.provider_not_configured', status: 503 },
  invalid_request: { code: 'payment.provider_invalid_request', status: 422 },
  declined: { code: 'payment.provider_declined', status: 422 },
  unavailable: { code: 'payment.provider_unavailable', status: 502 },
  bad_signature: { code: 'payment_notification.bad_signature', status: 401 },
  stale: { code: 'payment_notification.stale', status: 401 },
  undecryptable: { code: 'payment_notification.undecryptable', status: 400 },
  malformed: { code: 'payment_notification.malformed', status: 400 },
};

export class PaymentProviderError extends DomainError {
  constructor(
    readonly provider: PaymentProviderName,
    readonly kind: PaymentProviderErrorKind,
    detail: string,
    /** The provider's own error code (`AUTHCODEEXPIRE`, `ACQ.TRADE_NOT_EXIST`), when it answered one. */
    readonly providerCode?: string,
  ) {
    super(STATUS[kind].code, STATUS[kind].status, detail, providerCode ? { extensions: { provider, providerCode } } : { extensions: { provider } });
    this.name = 'PaymentProviderError';
  }
}

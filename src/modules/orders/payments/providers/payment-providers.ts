import { Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfigValues } from '../../../../config/index.js';
import { AlipayProvider } from './alipay/alipay.provider.js';
import type { PaymentProvider, PaymentProviderName } from './payment-provider.js';
import { WechatPayProvider } from './wechat-pay/wechat-pay.provider.js';

export const PAYMENT_PROVIDER_NAMES: readonly PaymentProviderName[] = ['wechat_pay', 'alipay'];

export function isPaymentProviderName(value: unknown): value is PaymentProviderName {
  return typeof value === 'string' && (PAYMENT_PROVIDER_NAMES as readonly string[]).includes(value);
}

/**
 * Both providers, built once from the configuration. A provider without its settings still answers
 * `get`; each call then throws `not_configured` naming the missing variables, so the caller's error
 * path is the same whether a merchant account is missing or a gateway is down.
 */
@Injectable()
export class PaymentProviders {
  private readonly providers: Record<PaymentProviderName, PaymentProvider & { readonly configured: boolean }>;

  constructor(@InjectConfig() config: AppConfigValues) {
    this.providers = { wechat_pay: new WechatPayProvider(config), alipay: new AlipayProvider(config) };
  }

  get(name: PaymentProviderName): PaymentProvider {
    return this.providers[name];
  }

  /** The providers whose settings are complete (for a front end choosing payment methods). */
  configured(): PaymentProviderName[] {
    return PAYMENT_PROVIDER_NAMES.filter((name) => this.providers[name].configured);
  }
}

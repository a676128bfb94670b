export * from './payment-provider.js';
export { PaymentProviderError, type PaymentProviderErrorKind } from './payment-provider.errors.js';
export { PaymentProviders, PAYMENT_PROVIDER_NAMES, isPaymentProviderName } from './payment-providers.js';
export { WechatPayProvider } from './wechat-pay/wechat-pay.provider.js';
export { AlipayProvider } from './alipay/alipay.provider.js';
export { fenToYuan, yuanToFen } from './amounts.js';

export * from './payment-provider.js';
export { PaymentProviderError, type PaymentProviderErrorKind } from './payment-provider.errors.js';
export { WechatPayProvider } from './wechat-pay/wechat-pay.provider.js';
export { fenToYuan, yuanToFen } from './amounts.js';

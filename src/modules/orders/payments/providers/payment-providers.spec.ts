import { loadConfig } from '../../../../config/index.js';
import { alipayTestKeys } from '../../../../../test/support/fake-alipay.js';
import { PaymentProviders, isPaymentProviderName } from './payment-providers.js';

describe('PaymentProviders', () => {
  it('lists as configured only the providers whose settings are complete', () => {
    expect(new PaymentProviders(loadConfig({})).configured()).toEqual([]);
    const providers = new PaymentProviders(loadConfig(alipayTestKeys().env));
    expect(providers.configured()).toEqual(['alipay']);
    expect(providers.get('alipay').notificationAck).toEqual({ status: 200, contentType: 'text/plain', body: 'success' });
    expect(() => providers.get('wechat_pay').parseNotification({}, '{}')).toThrow(/WeChat Pay is not configured: set WECHAT_PAY_MCH_ID/);
  });

  it('tells provider names from anything else', () => {
    expect(['wechat_pay', 'alipay', 'cash', 'ALIPAY', undefined].map(isPaymentProviderName)).toEqual([true, true, false, false, false]);
  });
});

import type { CustomerContact, NotificationKeyDefinition } from '../notification-contracts.js';
import { chooseCustomerChannel } from './channel-choice.js';

const key = (kind: NotificationKeyDefinition['kind'], channels: NotificationKeyDefinition['channels'] = ['sms', 'email', 'wechat']): NotificationKeyDefinition => ({
  key: `testing.${kind}`,
  kind,
  category: kind === 'marketing' ? 'promotions' : 'reminders',
  description: '',
  variables: {},
  channels,
  defaults: {},
});

const customer = (overrides: Partial<CustomerContact> = {}): CustomerContact => ({
  customerId: 'c1',
  name: '王小红',
  phone: '+8613812345678',
  email: 'x@example.com',
  wechatOpenId: 'o6_openid',
  locale: 'zh-CN',
  preferredChannel: null,
  marketingConsent: { sms: false, email: false, wechat: false },
  optedOut: [],
  homeStoreId: null,
  reachable: true,
  ...overrides,
});

const ALL = ['sms', 'email', 'wechat'] as const;

describe('chooseCustomerChannel', () => {
  it("takes the preferred channel, else the key's order; service messages need no consent", () => {
    expect(chooseCustomerChannel(key('service'), customer(), ALL)).toEqual({ send: true, channel: 'sms', recipient: '+8613812345678' });
    expect(chooseCustomerChannel(key('service'), customer({ preferredChannel: 'wechat' }), ALL)).toEqual({ send: true, channel: 'wechat', recipient: 'o6_openid' });
  });

  it('ignores a preferred channel the key does not go out on', () => {
    expect(chooseCustomerChannel(key('service', ['email']), customer({ preferredChannel: 'sms' }), ALL)).toMatchObject({ send: true, channel: 'email' });
  });

  it('sends marketing on the first channel with consent, and says why when there is none', () => {
    expect(chooseCustomerChannel(key('marketing'), customer({ marketingConsent: { sms: false, email: false, wechat: true } }), ALL)).toMatchObject({
      send: true,
      channel: 'wechat',
    });
    expect(chooseCustomerChannel(key('marketing'), customer(), ALL)).toEqual({
      send: false,
      channel: 'sms',
      reason: 'no_consent',
      detail: 'sms: no_consent; email: no_consent; wechat: no_consent',
    });
  });

  it('passes over channels without an address or not configured', () => {
    expect(chooseCustomerChannel(key('service'), customer({ phone: null }), ALL)).toMatchObject({ send: true, channel: 'email' });
    expect(chooseCustomerChannel(key('service'), customer(), ['email'])).toMatchObject({ send: true, channel: 'email' });
    expect(chooseCustomerChannel(key('service'), customer({ phone: null, email: null, wechatOpenId: null }), ALL)).toMatchObject({ send: false, reason: 'no_address' });
  });

  it('sends nothing to an opted-out category or an unreachable customer, whatever the channel', () => {
    expect(chooseCustomerChannel(key('service'), customer({ optedOut: ['reminders'] }), ALL)).toMatchObject({ send: false, reason: 'opted_out' });
    expect(chooseCustomerChannel(key('service'), customer({ reachable: false }), ALL)).toMatchObject({ send: false, reason: 'unreachable' });
    expect(chooseCustomerChannel(key('service'), undefined, ALL)).toMatchObject({ send: false, reason: 'unreachable' });
  });

  it('keeps to the channel the caller names', () => {
    expect(chooseCustomerChannel(key('service'), customer(), ALL, 'email')).toMatchObject({ send: true, channel: 'email' });
    expect(chooseCustomerChannel(key('service'), customer({ email: null }), ALL, 'email')).toEqual({
      send: false,
      channel: 'email',
      reason: 'no_address',
      detail: 'email: no_address',
    });
  });
});

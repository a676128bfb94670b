import { createVerify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../../../config/index.js';
import { startFakeWechatPay, wechatNotification, wechatPayTestKeys, wechatTransaction, type FakeWechatPay } from '../../../../../../test/support/fake-wechat-pay.js';
import { PaymentProviderError } from '../payment-provider.errors.js';
import { WechatPayProvider } from './wechat-pay.provider.js';

const keys = wechatPayTestKeys();
let gateway: FakeWechatPay;
let provider: WechatPayProvider;

beforeAll(async () => {
  gateway = await startFakeWechatPay(keys);
  provider = new WechatPayProvider(loadConfig({ ...keys.env, WECHAT_PAY_API_BASE: gateway.url, PUBLIC_BASE_URL: 'https://bloom.example.com' }));
});
afterAll(() => gateway.close());

/** The error a call throws, so a test can assert its kind and message. */
async function failure(call: () => unknown): Promise<PaymentProviderError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof PaymentProviderError) return error;
    throw error;
  }
  throw new Error('expected a PaymentProviderError');
}

describe('WeChat Pay notifications', () => {
  it('parses a notification signed and encrypted as WeChat Pay sends it', async () => {
    const transaction = wechatTransaction(keys, 'SO-20261207-0001-P1', 12800);
    const { headers, body } = wechatNotification(keys, transaction, { id: 'EV-1' });
    expect(provider.parseNotification(headers, Buffer.from(body))).toEqual({
      notificationId: 'EV-1',
      providerReference: transaction.transaction_id,
      outTradeNo: 'SO-20261207-0001-P1',
      amount: 12800,
      currency: 'CNY',
      status: 'paid',
      paidAt: new Date('2026-12-07T02:34:56Z'),
      raw: transaction,
    });
  });

  it('refuses a changed body, a changed signature, another key and a missing header as bad_signature', async () => {
    const { headers, body } = wechatNotification(keys, wechatTransaction(keys, 'SO-2', 100));
    const changed = body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ');
    expect((await failure(() => provider.parseNotification(headers, changed))).kind).toBe('bad_signature');
    const signature = Buffer.from(headers['wechatpay-signature'], 'base64');
    signature[10] ^= 1;
    expect((await failure(() => provider.parseNotification({ ...headers, 'wechatpay-signature': signature.toString('base64') }, body))).kind).toBe('bad_signature');
    const other = wechatNotification(wechatPayTestKeys(), wechatTransaction(keys, 'SO-2', 100));
    expect((await failure(() => provider.parseNotification({ ...other.headers, 'wechatpay-serial': keys.platformKeyId }, other.body))).kind).toBe('bad_signature');
    const { 'wechatpay-signature': _dropped, ...unsigned } = headers;
    const error = await failure(() => provider.parseNotification(unsigned, body));
    expect([error.kind, error.status, error.code]).toEqual(['bad_signature', 401, 'payment_notification.bad_signature']);
  });

  it('refuses a notification signed more than 5 minutes ago (a replay) as stale', async () => {
    const { headers, body } = wechatNotification(keys, wechatTransaction(keys, 'SO-3', 100), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const error = await failure(() => provider.parseNotification(headers, body));
    expect([error.kind, error.detail]).toEqual(['stale', expect.stringMatching(/more than 5 minutes/)]);
  });

  it('refuses a signed notification whose resource does not decrypt with our APIv3 key', async () => {
    const stranger = { ...keys, apiV3Key: 'y'.repeat(32) };
    const { headers, body } = wechatNotification(stranger, wechatTransaction(keys, 'SO-4', 100));
    expect((await failure(() => provider.parseNotification(headers, body))).kind).toBe('undecryptable');
  });

  it('refuses a notification for another merchant id', async () => {
    const { headers, body } = wechatNotification(keys, wechatTransaction(keys, 'SO-5', 100, { mchid: '1900000999' }));
    expect((await failure(() => provider.parseNotification(headers, body))).kind).toBe('malformed');
  });
});

describe('WeChat Pay gateway calls (a local gateway that checks our signature and signs its answers)', () => {
  it('charges a scanned payment code, signed, in fen', async () => {
    const payment = await provider.payByCode({
      outTradeNo: 'SO-10-P1',
      amount: 12850,
      currency: 'CNY',
      description: '面部护理',
      authCode: '134567890123456789',
      storeId: 'store-1',
    });
    expect(payment).toMatchObject({ outTradeNo: 'SO-10-P1', status: 'paid', amount: 12850, currency: 'CNY', providerReference: expect.stringMatching(/^42000/) });
    expect(gateway.requests.at(-1)).toMatchObject({
      path: '/v3/pay/transactions/codepay',
      body: {
        mchid: keys.mchId,
        appid: keys.appId,
        payer: { auth_code: '134567890123456789' },
        amount: { total: 12850, currency: 'CNY' },
        scene_info: { store_info: { out_id: 'store-1' } },
      },
    });
  });

  it('answers pending while the customer confirms on the phone, and query settles it', async () => {
    gateway.codeOutcomes.set('134567890000000001', 'userpaying');
    const payment = await provider.payByCode({ outTradeNo: 'SO-11-P1', amount: 500, currency: 'CNY', description: '洗发水', authCode: '134567890000000001' });
    expect(payment).toMatchObject({ status: 'pending', providerReference: null });
    expect(await provider.query('SO-11-P1')).toMatchObject({ outTradeNo: 'SO-11-P1', status: 'pending', amount: 500 });
  });

  it('says what WeChat Pay declined, with its code', async () => {
    gateway.codeOutcomes.set('134567890000000002', 'AUTH_CODE_INVALID');
    const error = await failure(() => provider.payByCode({ outTradeNo: 'SO-12-P1', amount: 500, currency: 'CNY', description: 'x', authCode: '134567890000000002' }));
    expect([error.kind, error.providerCode, error.status]).toEqual(['declined', 'AUTH_CODE_INVALID', 422]);
  });

  it('prepays a mini-program order and signs wx.requestPayment as WeChat checks it', async () => {
    const { clientParams } = await provider.prepay({
      outTradeNo: 'SO-13-P1',
      amount: 9900,
      currency: 'CNY',
      description: '会员卡',
      channel: 'mini_program',
      payerId: 'oUpF8u-openid',
      expiresAt: new Date('2026-12-07T12:00:00Z'),
    });
    expect(gateway.requests.at(-1)).toMatchObject({
      path: '/v3/pay/transactions/jsapi',
      body: {
        payer: { openid: 'oUpF8u-openid' },
        notify_url: 'https://bloom.example.com/v1/payment-notifications/wechat-pay',
        amount: { total: 9900 },
        time_expire: '2026-12-07T12:00:00+00:00',
      },
    });
    expect(clientParams).toMatchObject({ appId: keys.appId, package: expect.stringMatching(/^prepay_id=wx/), signType: 'RSA' });
    const message = `${keys.appId}\n${clientParams.timeStamp}\n${clientParams.nonceStr}\n${clientParams.package}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(keys.merchantPublicKey, clientParams.paySign, 'base64')).toBe(true);
    expect(await provider.query('SO-13-P1')).toMatchObject({ status: 'pending', paidAt: null });
  });

  it('prepays an app order with the APP PayReq fields signed', async () => {
    const { clientParams } = await provider.prepay({ outTradeNo: 'SO-14-P1', amount: 100, currency: 'CNY', description: '预约定金', channel: 'app' });
    expect(gateway.requests.at(-1)?.path).toBe('/v3/pay/transactions/app');
    expect(clientParams).toMatchObject({ appid: keys.appId, partnerid: keys.mchId, package: 'Sign=WXPay' });
    const message = `${keys.appId}\n${clientParams.timestamp}\n${clientParams.noncestr}\n${clientParams.prepayid}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(keys.merchantPublicKey, clientParams.sign, 'base64')).toBe(true);
  });

  it('refuses a mini-program prepay without the payer’s openid, before calling WeChat Pay', async () => {
    const before = gateway.requests.length;
    expect((await failure(() => provider.prepay({ outTradeNo: 'SO-15', amount: 100, currency: 'CNY', description: 'x', channel: 'mini_program' }))).kind).toBe('invalid_request');
    expect(gateway.requests).toHaveLength(before);
  });

  it('queries a payment by our reference, and says when WeChat Pay has none', async () => {
    expect(await provider.query('SO-10-P1')).toMatchObject({ status: 'paid', amount: 12850, paidAt: new Date('2026-12-07T02:34:56Z') });
    expect(gateway.requests.at(-1)?.path).toBe(`/v3/pay/transactions/out-trade-no/SO-10-P1?mchid=${keys.mchId}`);
    expect(await failure(() => provider.query('SO-unknown'))).toMatchObject({ kind: 'declined', providerCode: 'ORDER_NOT_EXIST' });
  });

  it('refunds part of a payment, giving the original amount as WeChat Pay requires', async () => {
    const refund = await provider.refund({ outTradeNo: 'SO-10-P1', outRefundNo: 'RF-1', amount: 2850, paymentAmount: 12850, currency: 'CNY', reason: '退货' });
    expect(refund).toMatchObject({ outRefundNo: 'RF-1', status: 'processing', amount: 2850, providerReference: expect.stringMatching(/^50000/) });
    expect(gateway.requests.at(-1)).toMatchObject({
      path: '/v3/refund/domestic/refunds',
      body: { out_refund_no: 'RF-1', amount: { refund: 2850, total: 12850, currency: 'CNY' } },
    });
  });

  it('cancels (reverses) a payment-code charge left pending, so it cannot succeed later; one WeChat Pay never saw is already cancelled', async () => {
    gateway.codeOutcomes.set('134567890000000005', 'userpaying');
    await provider.payByCode({ outTradeNo: 'SO-19-P1', amount: 700, currency: 'CNY', description: 'x', authCode: '134567890000000005' });
    await provider.cancel('SO-19-P1');
    expect(gateway.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v3/pay/transactions/out-trade-no/SO-19-P1/reverse', body: { mchid: keys.mchId, appid: keys.appId } });
    expect(await provider.query('SO-19-P1')).toMatchObject({ status: 'closed' });
    await expect(provider.cancel('SO-never-sent')).resolves.toBeUndefined();
  });

  it('trusts no answer it cannot verify: the outcome is unknown (unavailable), not paid', async () => {
    gateway.forgeAnswers = true;
    try {
      const error = await failure(() => provider.payByCode({ outTradeNo: 'SO-16-P1', amount: 100, currency: 'CNY', description: 'x', authCode: '134567890000000003' }));
      expect([error.kind, error.status]).toEqual(['unavailable', 502]);
    } finally {
      gateway.forgeAnswers = false;
    }
  });

  it('gives up on a gateway that does not answer in PAYMENT_PROVIDER_TIMEOUT: unavailable, the outcome unknown', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const slow = new WechatPayProvider(loadConfig({ ...keys.env, WECHAT_PAY_API_BASE: url, PAYMENT_PROVIDER_TIMEOUT: '500ms' }));
      const error = await failure(() => slow.payByCode({ outTradeNo: 'SO-18-P1', amount: 100, currency: 'CNY', description: 'x', authCode: '134567890000000004' }));
      expect([error.kind, error.detail]).toEqual(['unavailable', 'WeChat Pay could not be reached: no answer within 500 ms.']);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('is refused by the gateway when signing with a key WeChat Pay does not know', async () => {
    const stranger = wechatPayTestKeys();
    const impostor = new WechatPayProvider(loadConfig({ ...keys.env, WECHAT_PAY_MCH_PRIVATE_KEY: stranger.env.WECHAT_PAY_MCH_PRIVATE_KEY, WECHAT_PAY_API_BASE: gateway.url }));
    const refusedBefore = gateway.refused;
    expect(await failure(() => impostor.query('SO-10-P1'))).toMatchObject({ kind: 'declined', providerCode: 'SIGN_ERROR' });
    expect(gateway.refused).toBe(refusedBefore + 1);
  });

  it('says which settings are missing when not configured, and takes CNY only', async () => {
    const bare = new WechatPayProvider(loadConfig({ WECHAT_PAY_MCH_ID: '1900000001' }));
    expect(bare.configured).toBe(false);
    const error = await failure(() => bare.query('SO-1'));
    expect([error.kind, error.status]).toEqual(['not_configured', 503]);
    expect(error.detail).toMatch(/WECHAT_PAY_APP_ID, WECHAT_PAY_MCH_SERIAL_NO, WECHAT_PAY_MCH_PRIVATE_KEY, WECHAT_PAY_API_V3_KEY, WECHAT_PAY_PUBLIC_KEY_ID, WECHAT_PAY_PUBLIC_KEY/);
    expect((await failure(() => bare.parseNotification({}, '{}'))).kind).toBe('not_configured');
    expect((await failure(() => provider.payByCode({ outTradeNo: 'SO-17', amount: 100, currency: 'USD', description: 'x', authCode: '1' }))).kind).toBe('invalid_request');
  });
});

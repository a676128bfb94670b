import { loadConfig } from '../../../../../config/index.js';
import { alipayNotification, alipayTestKeys, startFakeAlipay, type FakeAlipay } from '../../../../../../test/support/fake-alipay.js';
import { PaymentProviderError } from '../payment-provider.errors.js';
import { rsa2Verify, requestSignContent } from './alipay.crypto.js';
import { AlipayProvider } from './alipay.provider.js';

const keys = alipayTestKeys();
let gateway: FakeAlipay;
let provider: AlipayProvider;

beforeAll(async () => {
  gateway = await startFakeAlipay(keys);
  provider = new AlipayProvider(loadConfig({ ...keys.env, ALIPAY_GATEWAY: gateway.url, PUBLIC_BASE_URL: 'https://bloom.example.com' }));
});
afterAll(() => gateway.close());

async function failure(call: () => unknown): Promise<PaymentProviderError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof PaymentProviderError) return error;
    throw error;
  }
  throw new Error('expected a PaymentProviderError');
}

describe('Alipay notifications', () => {
  it('parses a notification signed as Alipay signs it, yuan to fen exactly', () => {
    const body = alipayNotification(keys, { out_trade_no: 'SO-20261207-0001-P1', total_amount: '0.30', notify_id: 'N-1', trade_no: '2026120722001400001' });
    expect(provider.parseNotification({ 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from(body))).toMatchObject({
      notificationId: 'N-1',
      providerReference: '2026120722001400001',
      outTradeNo: 'SO-20261207-0001-P1',
      amount: 30,
      currency: 'CNY',
      status: 'paid',
      paidAt: new Date('2026-12-07T10:34:56Z'),
      raw: expect.objectContaining({ subject: '面部护理 & 精华（套餐）', trade_status: 'TRADE_SUCCESS' }),
    });
  });

  it('maps trade_status: waiting is pending, closed is closed', () => {
    expect(provider.parseNotification({}, alipayNotification(keys, { out_trade_no: 'SO-2', total_amount: '1.00', trade_status: 'WAIT_BUYER_PAY' })).status).toBe('pending');
    expect(provider.parseNotification({}, alipayNotification(keys, { out_trade_no: 'SO-2', total_amount: '1.00', trade_status: 'TRADE_CLOSED' })).status).toBe('closed');
    expect(provider.parseNotification({}, alipayNotification(keys, { out_trade_no: 'SO-2', total_amount: '1.00', trade_status: 'TRADE_FINISHED' })).status).toBe('paid');
  });

  it('refuses a changed amount, a changed signature, another signer or no signature as bad_signature', async () => {
    const body = alipayNotification(keys, { out_trade_no: 'SO-3', total_amount: '128.00' });
    expect((await failure(() => provider.parseNotification({}, body.replace('total_amount=128.00', 'total_amount=1.00')))).kind).toBe('bad_signature');
    const form = new URLSearchParams(body);
    const signature = Buffer.from(form.get('sign')!, 'base64');
    signature[0] ^= 1;
    form.set('sign', signature.toString('base64'));
    expect((await failure(() => provider.parseNotification({}, form.toString()))).kind).toBe('bad_signature');
    const stranger = alipayTestKeys();
    expect((await failure(() => provider.parseNotification({}, alipayNotification({ ...stranger, appId: keys.appId }, { out_trade_no: 'SO-3', total_amount: '1.00' })))).kind).toBe(
      'bad_signature',
    );
    form.delete('sign');
    const error = await failure(() => provider.parseNotification({}, form.toString()));
    expect([error.kind, error.status, error.code]).toEqual(['bad_signature', 401, 'payment_notification.bad_signature']);
  });

  it('refuses a signed notification for another app, or with an amount that is not yuan', async () => {
    expect(await failure(() => provider.parseNotification({}, alipayNotification(keys, { app_id: '2021999999999999', out_trade_no: 'SO-4', total_amount: '1.00' })))).toMatchObject(
      { kind: 'malformed' },
    );
    expect(await failure(() => provider.parseNotification({}, alipayNotification(keys, { out_trade_no: 'SO-4', total_amount: '1.005' })))).toMatchObject({ kind: 'malformed' });
  });
});

describe('Alipay gateway calls (a local gateway that checks our RSA2 signature and signs its answers)', () => {
  it('charges a scanned payment code (bar_code), amounts in yuan on the wire and fen back', async () => {
    const payment = await provider.payByCode({
      outTradeNo: 'SO-10-P1',
      amount: 12850,
      currency: 'CNY',
      description: '面部护理',
      authCode: '287654321012345678',
      storeId: 'store-1',
    });
    expect(payment).toMatchObject({
      outTradeNo: 'SO-10-P1',
      status: 'paid',
      amount: 12850,
      currency: 'CNY',
      providerReference: expect.stringMatching(/^2026/),
      paidAt: new Date('2026-12-07T10:34:56Z'),
    });
    const sent = gateway.requests.at(-1)!;
    expect(sent.method).toBe('alipay.trade.pay');
    expect(sent.biz).toMatchObject({ scene: 'bar_code', auth_code: '287654321012345678', total_amount: '128.50', store_id: 'store-1' });
    expect(sent.params).toMatchObject({ app_id: keys.appId, sign_type: 'RSA2', charset: 'utf-8', notify_url: 'https://bloom.example.com/v1/payment-notifications/alipay' });
  });

  it('answers pending while the customer confirms (10003), and query settles it', async () => {
    gateway.codeOutcomes.set('287654321000000001', 'userpaying');
    expect(await provider.payByCode({ outTradeNo: 'SO-11-P1', amount: 500, currency: 'CNY', description: '洗发水', authCode: '287654321000000001' })).toMatchObject({
      status: 'pending',
      paidAt: null,
    });
    expect(await provider.query('SO-11-P1')).toMatchObject({ status: 'pending', amount: 500 });
  });

  it('says what Alipay declined, with its sub_code', async () => {
    gateway.codeOutcomes.set('287654321000000002', 'ACQ.PAYMENT_AUTH_CODE_INVALID');
    const error = await failure(() => provider.payByCode({ outTradeNo: 'SO-12-P1', amount: 500, currency: 'CNY', description: 'x', authCode: '287654321000000002' }));
    expect([error.kind, error.providerCode, error.status]).toEqual(['declined', 'ACQ.PAYMENT_AUTH_CODE_INVALID', 422]);
  });

  it('prepays an app order as a signed order string the app SDK sends as it is', async () => {
    const before = gateway.requests.length;
    const { clientParams } = await provider.prepay({
      outTradeNo: 'SO-13-P1',
      amount: 9900,
      currency: 'CNY',
      description: '会员卡',
      channel: 'app',
      expiresAt: new Date('2026-12-07T12:00:00Z'),
    });
    expect(gateway.requests).toHaveLength(before);
    const params = Object.fromEntries(new URLSearchParams(clientParams.orderStr));
    expect(params).toMatchObject({ app_id: keys.appId, method: 'alipay.trade.app.pay', sign_type: 'RSA2' });
    expect(JSON.parse(params.biz_content)).toEqual({
      out_trade_no: 'SO-13-P1',
      total_amount: '99.00',
      subject: '会员卡',
      time_expire: '2026-12-07 20:00:00',
      product_code: 'QUICK_MSECURITY_PAY',
    });
    // As Alipay checks it, with the app's public key.
    expect(rsa2Verify(keys.appPublicKey, requestSignContent(params), params.sign)).toBe(true);
  });

  it('prepays a mini-program order with alipay.trade.create for the payer, answering its tradeNO', async () => {
    const { clientParams } = await provider.prepay({
      outTradeNo: 'SO-14-P1',
      amount: 100,
      currency: 'CNY',
      description: '预约定金',
      channel: 'mini_program',
      payerId: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5',
    });
    expect(gateway.requests.at(-1)).toMatchObject({
      method: 'alipay.trade.create',
      biz: { buyer_open_id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5', product_code: 'JSAPI_PAY', total_amount: '1.00' },
    });
    expect(clientParams).toEqual({ tradeNO: expect.stringMatching(/^2026/) });
    expect((await failure(() => provider.prepay({ outTradeNo: 'SO-15', amount: 100, currency: 'CNY', description: 'x', channel: 'mini_program' }))).kind).toBe('invalid_request');
  });

  it('queries a trade by our reference, and says when Alipay has none', async () => {
    expect(await provider.query('SO-10-P1')).toMatchObject({ status: 'paid', amount: 12850, paidAt: new Date('2026-12-07T10:34:56Z') });
    expect(gateway.requests.at(-1)).toMatchObject({ method: 'alipay.trade.query', biz: { out_trade_no: 'SO-10-P1' } });
    expect(await failure(() => provider.query('SO-unknown'))).toMatchObject({ kind: 'declined', providerCode: 'ACQ.TRADE_NOT_EXIST' });
  });

  it('refunds part of a trade in yuan, once per out_request_no', async () => {
    const refund = await provider.refund({ outTradeNo: 'SO-10-P1', outRefundNo: 'RF-1', amount: 2850, paymentAmount: 12850, currency: 'CNY', reason: '退货' });
    expect(refund).toMatchObject({ outRefundNo: 'RF-1', status: 'succeeded', amount: 2850 });
    expect(gateway.requests.at(-1)).toMatchObject({ method: 'alipay.trade.refund', biz: { out_request_no: 'RF-1', refund_amount: '28.50', refund_reason: '退货' } });
  });

  it('cancels a payment-code charge left pending, so it cannot succeed later; one Alipay never saw is already cancelled', async () => {
    gateway.codeOutcomes.set('287654321000000005', 'userpaying');
    await provider.payByCode({ outTradeNo: 'SO-19-P1', amount: 700, currency: 'CNY', description: 'x', authCode: '287654321000000005' });
    await provider.cancel('SO-19-P1');
    expect(gateway.requests.at(-1)).toMatchObject({ method: 'alipay.trade.cancel', biz: { out_trade_no: 'SO-19-P1' } });
    expect(await provider.query('SO-19-P1')).toMatchObject({ status: 'closed' });
    await expect(provider.cancel('SO-never-sent')).resolves.toBeUndefined();
  });

  it('trusts no answer it cannot verify: the outcome is unknown (unavailable), not paid', async () => {
    gateway.forgeAnswers = true;
    try {
      const error = await failure(() => provider.payByCode({ outTradeNo: 'SO-16-P1', amount: 100, currency: 'CNY', description: 'x', authCode: '287654321000000003' }));
      expect([error.kind, error.status]).toEqual(['unavailable', 502]);
    } finally {
      gateway.forgeAnswers = false;
    }
  });

  it('is refused by the gateway when signing with a key Alipay does not know', async () => {
    const stranger = alipayTestKeys();
    const impostor = new AlipayProvider(loadConfig({ ...keys.env, ALIPAY_APP_PRIVATE_KEY: stranger.env.ALIPAY_APP_PRIVATE_KEY, ALIPAY_GATEWAY: gateway.url }));
    const refusedBefore = gateway.refused;
    expect(await failure(() => impostor.query('SO-10-P1'))).toMatchObject({ kind: 'declined', providerCode: 'isv.invalid-signature' });
    expect(gateway.refused).toBe(refusedBefore + 1);
  });

  it('says which settings are missing when not configured, and takes CNY only', async () => {
    const bare = new AlipayProvider(loadConfig({ ALIPAY_APP_ID: keys.appId }));
    expect(bare.configured).toBe(false);
    const error = await failure(() => bare.prepay({ outTradeNo: 'SO-1', amount: 100, currency: 'CNY', description: 'x', channel: 'app' }));
    expect([error.kind, error.status, error.detail]).toEqual(['not_configured', 503, 'Alipay is not configured: set ALIPAY_APP_PRIVATE_KEY, ALIPAY_PUBLIC_KEY.']);
    expect((await failure(() => provider.refund({ outTradeNo: 'SO-1', outRefundNo: 'RF', amount: 100, paymentAmount: 100, currency: 'HKD' }))).kind).toBe('invalid_request');
  });
});

/**
 * WeChat Pay as the tests' counterpart: keys generated per test run, notifications signed and encrypted
 * as WeChat Pay does (AEAD_AES_256_GCM with the APIv3 key, SHA256withRSA with its private key), and a
 * local gateway that checks each request's merchant signature and answers signed, as the real one does.
 */
import { createCipheriv, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newNonce, parseAuthorization, rsaSign, rsaVerify } from '../../src/modules/orders/payments/providers/wechat-pay/wechat-pay.crypto.js';

export interface WechatPayTestKeys {
  mchId: string;
  appId: string;
  merchantSerial: string;
  merchantPublicKey: KeyObject;
  platformKeyId: string;
  platformPrivateKey: KeyObject;
  apiV3Key: string;
  /** The configuration Bloom needs to talk to this WeChat Pay (add WECHAT_PAY_API_BASE for the gateway). */
  env: Record<string, string>;
}

export function wechatPayTestKeys(): WechatPayTestKeys {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = {
    mchId: '1900000001',
    appId: 'wxd678efh567hg6787',
    merchantSerial: randomBytes(20).toString('hex').toUpperCase(),
    merchantPublicKey: merchant.publicKey,
    platformKeyId: `PUB_KEY_ID_${randomBytes(8).toString('hex')}`,
    platformPrivateKey: platform.privateKey,
    apiV3Key: randomBytes(16).toString('hex'),
  };
  return {
    ...keys,
    env: {
      WECHAT_PAY_MCH_ID: keys.mchId,
      WECHAT_PAY_APP_ID: keys.appId,
      WECHAT_PAY_MCH_SERIAL_NO: keys.merchantSerial,
      // As an env file holds it: one line, newlines escaped.
      WECHAT_PAY_MCH_PRIVATE_KEY: (merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string).replace(/\n/g, '\\n'),
      WECHAT_PAY_API_V3_KEY: keys.apiV3Key,
      WECHAT_PAY_PUBLIC_KEY_ID: keys.platformKeyId,
      WECHAT_PAY_PUBLIC_KEY: platform.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    },
  };
}

/** A `resource` as WeChat Pay encrypts it. */
export function encryptResource(apiV3Key: string, plaintext: string, associatedData = 'transaction') {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associatedData, nonce };
}

/** The Wechatpay-* headers WeChat Pay puts on an answer or a notification. */
export function wechatpayHeaders(keys: WechatPayTestKeys, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const nonce = newNonce();
  return {
    'wechatpay-timestamp': String(timestamp),
    'wechatpay-nonce': nonce,
    'wechatpay-serial': keys.platformKeyId,
    'wechatpay-signature': rsaSign(keys.platformPrivateKey, [String(timestamp), nonce, body]),
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/** A paid transaction as WeChat Pay describes it (amounts in fen). */
export function wechatTransaction(keys: WechatPayTestKeys, outTradeNo: string, total: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mchid: keys.mchId,
    appid: keys.appId,
    out_trade_no: outTradeNo,
    transaction_id: `42000${randomBytes(11).toString('hex').slice(0, 23)}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: '2026-12-07T10:34:56+08:00',
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' },
    ...overrides,
  };
}

/** A TRANSACTION.SUCCESS notification, signed and encrypted as WeChat Pay sends it. */
export function wechatNotification(keys: WechatPayTestKeys, transaction: Record<string, unknown>, options: { timestamp?: number; id?: string } = {}) {
  const body = JSON.stringify({
    id: options.id ?? `EV-${randomBytes(8).toString('hex')}`,
    create_time: '2026-12-07T10:34:57+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encryptResource(keys.apiV3Key, JSON.stringify(transaction)),
  });
  return { headers: wechatpayHeaders(keys, body, options.timestamp), body };
}

/** A REFUND.* notification (SUCCESS, ABNORMAL or CLOSED), signed and encrypted as WeChat Pay sends it to the refund's notify_url. */
export function wechatRefundNotification(
  keys: WechatPayTestKeys,
  refund: { outTradeNo: string; outRefundNo: string; total: number; refund: number; status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED' },
  options: { id?: string } = {},
) {
  const resource = {
    mchid: keys.mchId,
    out_trade_no: refund.outTradeNo,
    transaction_id: `42000${randomBytes(11).toString('hex').slice(0, 23)}`,
    out_refund_no: refund.outRefundNo,
    refund_id: `50000${randomBytes(10).toString('hex')}`,
    refund_status: refund.status,
    ...(refund.status === 'SUCCESS' ? { success_time: '2026-12-07T12:00:00+08:00' } : {}),
    user_received_account: '招商银行信用卡0403',
    amount: { total: refund.total, refund: refund.refund, payer_total: refund.total, payer_refund: refund.refund },
  };
  const body = JSON.stringify({
    id: options.id ?? `EV-${randomBytes(8).toString('hex')}`,
    create_time: '2026-12-07T12:00:01+08:00',
    resource_type: 'encrypt-resource',
    event_type: `REFUND.${refund.status}`,
    summary: refund.status === 'SUCCESS' ? '退款成功' : '退款异常',
    resource: { ...encryptResource(keys.apiV3Key, JSON.stringify(resource), 'refund'), original_type: 'refund' },
  });
  return { headers: wechatpayHeaders(keys, body), body };
}

export interface FakeWechatPay {
  url: string;
  /** Requests whose merchant signature verified, in order. */
  requests: { method: string; path: string; body: Record<string, unknown> }[];
  /** Requests refused for a bad merchant signature. */
  refused: number;
  /** What a payment code does when scanned: `paid` (default), `userpaying`, or the error code to answer. */
  codeOutcomes: Map<string, string>;
  /** Sign answers with another key (an impostor in the middle). */
  forgeAnswers: boolean;
  /** The buyer pays a trade in their app (a prepay, or a code they were confirming): WeChat Pay now has the money. */
  buyerPays(outTradeNo: string): void;
  /** A refund (PROCESSING when made) ends: `SUCCESS`, or `ABNORMAL` / `CLOSED` (not paid out). */
  refundEnds(outRefundNo: string, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'): void;
  close(): Promise<void>;
}

export async function startFakeWechatPay(keys: WechatPayTestKeys): Promise<FakeWechatPay> {
  const trades = new Map<string, Record<string, unknown>>();
  const refunds = new Map<string, Record<string, unknown>>();
  const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const fake: FakeWechatPay = {
    url: '',
    requests: [],
    refused: 0,
    codeOutcomes: new Map(),
    forgeAnswers: false,
    buyerPays: (outTradeNo) => {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`fake WeChat Pay has no trade ${outTradeNo}`);
      trades.set(outTradeNo, wechatTransaction(keys, outTradeNo, (trade.amount as { total: number }).total, { trade_type: trade.trade_type }));
    },
    refundEnds: (outRefundNo, status) => {
      const refund = refunds.get(outRefundNo);
      if (!refund) throw new Error(`fake WeChat Pay has no refund ${outRefundNo}`);
      Object.assign(refund, { status, ...(status === 'SUCCESS' ? { success_time: '2026-12-07T12:00:00+08:00' } : {}) });
    },
    close: async () => undefined,
  };

  const answer = (response: ServerResponse, status: number, payload: unknown) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers = wechatpayHeaders(fake.forgeAnswers ? { ...keys, platformPrivateKey: impostor } : keys, body);
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  };

  const route = (method: string, path: string, body: Record<string, unknown>, response: ServerResponse) => {
    const outTradeNo = body.out_trade_no as string;
    const amount = body.amount as { total: number; currency: string } | undefined;
    if (method === 'POST' && path === '/v3/pay/transactions/codepay') {
      const authCode = (body.payer as { auth_code: string }).auth_code;
      const outcome = fake.codeOutcomes.get(authCode) ?? 'paid';
      if (outcome !== 'paid' && outcome !== 'userpaying') return answer(response, 400, { code: outcome, message: '付款码无效，请重新扫码' });
      const trade = wechatTransaction(keys, outTradeNo, amount!.total, { trade_type: 'MICROPAY', ...(outcome === 'userpaying' ? { trade_state: 'USERPAYING' } : {}) });
      trades.set(outTradeNo, trade);
      return outcome === 'paid' ? answer(response, 200, trade) : answer(response, 202, { code: 'USERPAYING', message: '需要用户输入支付密码' });
    }
    if (method === 'POST' && (path === '/v3/pay/transactions/jsapi' || path === '/v3/pay/transactions/app')) {
      trades.set(outTradeNo, wechatTransaction(keys, outTradeNo, amount!.total, { trade_state: 'NOTPAY', transaction_id: undefined, success_time: undefined }));
      return answer(response, 200, { prepay_id: `wx${randomBytes(14).toString('hex')}` });
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^?]+)\?mchid=(\d+)$/.exec(path);
    if (method === 'GET' && query) {
      const trade = trades.get(decodeURIComponent(query[1]));
      return trade ? answer(response, 200, trade) : answer(response, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    }
    const reverse = /^\/v3\/pay\/transactions\/out-trade-no\/([^/?]+)\/reverse$/.exec(path);
    if (method === 'POST' && reverse) {
      const trade = trades.get(decodeURIComponent(reverse[1]));
      if (!trade) return answer(response, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      // Revoked: closed, and the money returned if it had been taken.
      trade.trade_state = 'REVOKED';
      return answer(response, 204, undefined);
    }
    const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/?]+)\/close$/.exec(path);
    if (method === 'POST' && close) {
      const trade = trades.get(decodeURIComponent(close[1]));
      if (!trade) return answer(response, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      if (trade.trade_state === 'SUCCESS') return answer(response, 400, { code: 'ORDER_PAID', message: '订单已支付' });
      trade.trade_state = 'CLOSED';
      return answer(response, 204, undefined);
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') {
      const trade = trades.get(outTradeNo);
      const refund = body.amount as { refund: number; total: number };
      if (trade?.trade_state !== 'SUCCESS') return answer(response, 404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
      if (refund.total !== (trade.amount as { total: number }).total) return answer(response, 400, { code: 'PARAM_ERROR', message: '订单金额与原订单不一致' });
      const made = {
        refund_id: `50000${randomBytes(10).toString('hex')}`,
        out_refund_no: body.out_refund_no,
        transaction_id: trade.transaction_id,
        out_trade_no: outTradeNo,
        status: 'PROCESSING',
        user_received_account: '招商银行信用卡0403',
        amount: { refund: refund.refund, total: refund.total, currency: 'CNY', payer_refund: refund.refund, payer_total: refund.total },
      };
      refunds.set(body.out_refund_no as string, made);
      return answer(response, 200, made);
    }
    const refundQuery = /^\/v3\/refund\/domestic\/refunds\/([^/?]+)$/.exec(path);
    if (method === 'GET' && refundQuery) {
      const refund = refunds.get(decodeURIComponent(refundQuery[1]));
      return refund ? answer(response, 200, refund) : answer(response, 404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
    }
    answer(response, 404, { code: 'NOT_FOUND', message: `no route ${method} ${path}` });
  };

  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const auth = parseAuthorization(request.headers.authorization ?? '');
      const signed =
        auth?.mchid === keys.mchId &&
        auth.serial_no === keys.merchantSerial &&
        rsaVerify(keys.merchantPublicKey, [request.method!, request.url!, auth.timestamp, auth.nonce_str, text], auth.signature);
      if (!signed) {
        fake.refused += 1;
        return answer(response, 401, { code: 'SIGN_ERROR', message: '签名错误' });
      }
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      fake.requests.push({ method: request.method!, path: request.url!, body });
      route(request.method!, request.url!, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

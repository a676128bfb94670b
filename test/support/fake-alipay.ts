/**
 * Alipay as the tests' counterpart: keys generated per test run, asynchronous notifications signed as
 * Alipay signs them (RSA2 over the sorted fields without sign and sign_type), and a local gateway that
 * checks each request's RSA2 signature with the app's public key and signs its answers with its own.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notificationSignContent, requestSignContent, responseNode, rsa2Sign, rsa2Verify } from '../../src/modules/orders/payments/providers/alipay/alipay.crypto.js';

export interface AlipayTestKeys {
  appId: string;
  appPublicKey: KeyObject;
  alipayPrivateKey: KeyObject;
  /** The configuration Bloom needs to talk to this Alipay (add ALIPAY_GATEWAY for the gateway). */
  env: Record<string, string>;
}

export function alipayTestKeys(): AlipayTestKeys {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appId = `2021${randomBytes(6).toString('hex').replace(/\D/g, '7').slice(0, 12)}`;
  return {
    appId,
    appPublicKey: app.publicKey,
    alipayPrivateKey: alipay.privateKey,
    env: {
      ALIPAY_APP_ID: appId,
      // As Alipay's key tool prints them: bare base64 bodies (PKCS#1 private key for non-Java, SPKI public key).
      ALIPAY_APP_PRIVATE_KEY: (app.privateKey.export({ type: 'pkcs1', format: 'der' }) as Buffer).toString('base64'),
      ALIPAY_PUBLIC_KEY: (alipay.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    },
  };
}

/** A trade_status_sync notification body, form-encoded and signed as Alipay posts it. */
export function alipayNotification(keys: AlipayTestKeys, fields: Record<string, string>): string {
  const form = new URLSearchParams({
    notify_time: '2026-12-07 18:34:57',
    notify_type: 'trade_status_sync',
    notify_id: `ac05099524730693a8b330c5ecf72da${randomBytes(4).toString('hex')}`,
    app_id: keys.appId,
    charset: 'utf-8',
    version: '1.0',
    trade_no: `2026120722001${randomBytes(8).toString('hex').replace(/\D/g, '3')}`,
    trade_status: 'TRADE_SUCCESS',
    gmt_create: '2026-12-07 18:34:50',
    gmt_payment: '2026-12-07 18:34:56',
    subject: '面部护理 & 精华（套餐）',
    buyer_logon_id: '159****5620',
    ...fields,
  });
  form.set('sign_type', 'RSA2');
  form.set('sign', rsa2Sign(keys.alipayPrivateKey, notificationSignContent(form)));
  return form.toString();
}

export interface FakeAlipay {
  /** The gateway URL for ALIPAY_GATEWAY. */
  url: string;
  /** Requests whose signature verified: the method and its biz_content. */
  requests: { method: string; params: Record<string, string>; biz: Record<string, string> }[];
  refused: number;
  /** What a payment code does: `paid` (default), `userpaying`, or the sub_code to answer (40004). */
  codeOutcomes: Map<string, string>;
  /** Sign answers with another key (an impostor in the middle). */
  forgeAnswers: boolean;
  /** The buyer pays a trade in their app: Alipay now has the money. */
  buyerPays(outTradeNo: string): void;
  /** Refunds Alipay accepts without moving money yet (fund_change N), by out_request_no prefix of the trade: until `refundPaidOut`. */
  holdRefunds: boolean;
  /** A held refund is paid out (refund query then answers REFUND_SUCCESS). */
  refundPaidOut(outRequestNo: string): void;
  close(): Promise<void>;
}

export async function startFakeAlipay(keys: AlipayTestKeys): Promise<FakeAlipay> {
  const trades = new Map<string, Record<string, string>>();
  const refunds = new Map<string, { out_trade_no: string; trade_no: string; refund_amount: string; paid: boolean }>();
  const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const fake: FakeAlipay = {
    url: '',
    requests: [],
    refused: 0,
    codeOutcomes: new Map(),
    forgeAnswers: false,
    buyerPays: (outTradeNo) => {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`fake Alipay has no trade ${outTradeNo}`);
      trade.trade_status = 'TRADE_SUCCESS';
      trade.send_pay_date = '2026-12-07 18:34:56';
    },
    holdRefunds: false,
    refundPaidOut: (outRequestNo) => {
      const refund = refunds.get(outRequestNo);
      if (!refund) throw new Error(`fake Alipay has no refund ${outRequestNo}`);
      refund.paid = true;
    },
    close: async () => undefined,
  };
  const ok = { code: '10000', msg: 'Success' };
  const failed = (subCode: string, subMsg: string) => ({ code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg });

  const answerFor = (method: string, biz: Record<string, string>): Record<string, unknown> => {
    const trade = trades.get(biz.out_trade_no);
    switch (method) {
      case 'alipay.trade.pay': {
        const outcome = fake.codeOutcomes.get(biz.auth_code) ?? 'paid';
        if (outcome !== 'paid' && outcome !== 'userpaying') return failed(outcome, '支付失败，付款码无效');
        const created = { trade_no: `2026120722001${trades.size + 100000}`, out_trade_no: biz.out_trade_no, total_amount: biz.total_amount };
        trades.set(biz.out_trade_no, { ...created, trade_status: outcome === 'paid' ? 'TRADE_SUCCESS' : 'WAIT_BUYER_PAY', send_pay_date: '2026-12-07 18:34:56' });
        if (outcome === 'userpaying') return { code: '10003', msg: ' order success pay inprocess', ...created };
        // Nested objects and braces inside strings: the signature covers this exact text.
        return {
          ...ok,
          ...created,
          buyer_logon_id: '159****5620',
          gmt_payment: '2026-12-07 18:34:56',
          fund_bill_list: [{ fund_channel: 'ALIPAYACCOUNT', amount: biz.total_amount }],
          store_name: '花漾 {旗舰} 店 "1"',
        };
      }
      case 'alipay.trade.create':
        trades.set(biz.out_trade_no, {
          trade_no: `2026120722002${trades.size + 100000}`,
          out_trade_no: biz.out_trade_no,
          total_amount: biz.total_amount,
          trade_status: 'WAIT_BUYER_PAY',
        });
        return { ...ok, out_trade_no: biz.out_trade_no, trade_no: trades.get(biz.out_trade_no)!.trade_no };
      case 'alipay.trade.query':
        return trade ? { ...ok, ...trade, buyer_pay_amount: trade.total_amount } : failed('ACQ.TRADE_NOT_EXIST', '交易不存在');
      case 'alipay.trade.refund':
        if (trade?.trade_status !== 'TRADE_SUCCESS') return failed('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
        refunds.set(biz.out_request_no, { out_trade_no: trade.out_trade_no, trade_no: trade.trade_no, refund_amount: biz.refund_amount, paid: !fake.holdRefunds });
        return { ...ok, trade_no: trade.trade_no, out_trade_no: trade.out_trade_no, refund_fee: biz.refund_amount, fund_change: fake.holdRefunds ? 'N' : 'Y' };
      case 'alipay.trade.fastpay.refund.query': {
        // Not found: Alipay answers success with no refund data (the refund did not happen).
        const refund = refunds.get(biz.out_request_no);
        if (!refund || refund.out_trade_no !== biz.out_trade_no) return { ...ok, out_trade_no: biz.out_trade_no, out_request_no: biz.out_request_no };
        return {
          ...ok,
          ...refund,
          paid: undefined,
          out_request_no: biz.out_request_no,
          total_amount: trade?.total_amount,
          ...(refund.paid ? { refund_status: 'REFUND_SUCCESS' } : {}),
        };
      }
      case 'alipay.trade.cancel': {
        if (!trade) return failed('ACQ.TRADE_NOT_EXIST', '交易不存在');
        const action = trade.trade_status === 'TRADE_SUCCESS' ? 'refund' : 'close';
        trade.trade_status = 'TRADE_CLOSED';
        return { ...ok, trade_no: trade.trade_no, out_trade_no: trade.out_trade_no, retry_flag: 'N', action };
      }
      case 'alipay.trade.close':
        if (!trade) return failed('ACQ.TRADE_NOT_EXIST', '交易不存在');
        if (trade.trade_status !== 'WAIT_BUYER_PAY') return failed('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
        trade.trade_status = 'TRADE_CLOSED';
        return { ...ok, trade_no: trade.trade_no, out_trade_no: trade.out_trade_no };
      default:
        return { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method', sub_msg: `no method ${method}` };
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const send = (node: string, payload: Record<string, unknown>) => {
        const text = JSON.stringify(payload);
        const sign = rsa2Sign(fake.forgeAnswers ? impostor : keys.alipayPrivateKey, text);
        response.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }).end(`{"${node}":${text},"sign":"${sign}"}`);
      };
      if (params.app_id !== keys.appId || params.sign_type !== 'RSA2' || !rsa2Verify(keys.appPublicKey, requestSignContent(params), params.sign ?? '')) {
        fake.refused += 1;
        return send(responseNode(params.method ?? 'unknown'), { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错' });
      }
      const biz = JSON.parse(params.biz_content) as Record<string, string>;
      fake.requests.push({ method: params.method, params, biz });
      send(responseNode(params.method), answerFor(params.method, biz));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.do`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

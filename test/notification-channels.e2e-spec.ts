/**
 * The channel senders and receipt parsers against local servers playing SMTP, Aliyun, Twilio and
 * WeChat (test/support/fake-providers.ts): each checks what the real provider checks.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DomainError } from '../src/common/errors/index.js';
import { REDIS } from '../src/common/redis/redis.module.js';
import { loadConfig } from '../src/config/index.js';
import { NotificationSenders } from '../src/modules/notifications/channels/notification-senders.js';
import { ReceiptParsers } from '../src/modules/notifications/channels/receipt-parsers.js';
import { WeChatAccessTokens } from '../src/modules/notifications/channels/wechat/wechat-access-tokens.js';
import { PermanentSendError, type ChannelSendRequest, type ReceiptRequest } from '../src/modules/notifications/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import {
  decodeWords,
  parseMail,
  startFakeAliyun,
  startFakeSmtp,
  startFakeTwilio,
  startFakeWeChat,
  twilioSignature,
  wechatSignature,
  type FakeAliyun,
  type FakeSmtp,
  type FakeTwilio,
  type FakeWeChat,
} from './support/fake-providers.js';
import { ENV, requiredEnv } from './support/infrastructure.js';

const ALIYUN = { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'aliyun-secret-for-tests' };
const TWILIO = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'twilio-auth-token-for-tests' };
const WECHAT = { appId: 'wx0123456789abcdef', secret: 'wechat-app-secret-for-tests' };
const ALIYUN_RECEIPT_TOKEN = 'aliyun-receipt-token-0123456789';
const WECHAT_MESSAGE_TOKEN = 'wechat-message-token';
const PUBLIC_BASE_URL = 'https://api.bloom.example';

let smtp: FakeSmtp;
let aliyun: FakeAliyun;
let twilioServer: FakeTwilio;
let wechat: FakeWeChat;
let t: TestApp;
let senders: NotificationSenders;
let parsers: ReceiptParsers;

function request(overrides: Partial<ChannelSendRequest> & Pick<ChannelSendRequest, 'channel' | 'to' | 'message'>): ChannelSendRequest {
  return { notificationId: randomUUID(), attempt: 1, locale: 'zh-CN', ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

/** A configuration with the test's servers, as the app reads it. */
function configWith(env: Record<string, string>) {
  return loadConfig({ NODE_ENV: 'test', REDIS_URL: requiredEnv(ENV.redis), REDIS_PREFIX: t.config.REDIS_PREFIX, ...env });
}

beforeAll(async () => {
  [smtp, aliyun, twilioServer, wechat] = await Promise.all([startFakeSmtp(), startFakeAliyun(ALIYUN), startFakeTwilio(TWILIO), startFakeWeChat(WECHAT)]);
  t = await startTestApp({
    captureLogs: true,
    env: {
      SMTP_URL: smtp.url,
      EMAIL_FROM: '"Bloom 美业" <no-reply@bloom.example>',
      SMS_PROVIDER: 'aliyun',
      ALIYUN_ACCESS_KEY_ID: ALIYUN.accessKeyId,
      ALIYUN_ACCESS_KEY_SECRET: ALIYUN.accessKeySecret,
      ALIYUN_SMS_SIGN_NAME: '美业',
      ALIYUN_SMS_ENDPOINT: aliyun.url,
      ALIYUN_SMS_RECEIPT_TOKEN: ALIYUN_RECEIPT_TOKEN,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      WECHAT_APP_ID: WECHAT.appId,
      WECHAT_APP_SECRET: WECHAT.secret,
      WECHAT_API_BASE: wechat.url,
      WECHAT_MINIPROGRAM_STATE: 'trial',
      WECHAT_MESSAGE_TOKEN,
      PUBLIC_BASE_URL,
    },
  });
  senders = t.app.get(NotificationSenders);
  parsers = t.app.get(ReceiptParsers);
});

afterAll(async () => {
  // Whatever the senders did, the app's log holds none of the providers' secrets nor a recipient's number.
  const logged = JSON.stringify(t?.logs ?? []);
  for (const secret of [ALIYUN.accessKeySecret, TWILIO.authToken, WECHAT.secret, ALIYUN_RECEIPT_TOKEN, WECHAT_MESSAGE_TOKEN, 'TOKEN-', '13800138000']) {
    expect(logged).not.toContain(secret);
  }
  await t?.close();
  await Promise.all([smtp?.close(), aliyun?.close(), twilioServer?.close(), wechat?.close()]);
});

describe('the registry of senders', () => {
  it('offers the configured channels, never in_app, and names the settings of a channel that is not configured', () => {
    expect(senders.available().sort()).toEqual(['email', 'sms', 'wechat']);
    expect(['email', 'sms', 'wechat'].map((channel) => senders.get(channel as 'email').provider)).toEqual(['smtp', 'aliyun', 'wechat']);

    const bare = new NotificationSenders(configWith({}), t.app.get(REDIS));
    expect(bare.available().sort()).toEqual(['email', 'sms']);
    expect([bare.get('email').provider, bare.get('sms').provider]).toEqual(['log', 'log']);
    const error = thrown(() => bare.get('wechat'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'notification_channel.not_configured', status: 422 });
    expect(error.message).toContain('WECHAT_APP_ID');
    expect(thrown(() => senders.get('in_app'))).toMatchObject({ code: 'notification_channel.not_configured' });
  });

  it('refuses to start with a provider whose credentials are missing', () => {
    expect(thrown(() => new NotificationSenders(configWith({ SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'x' }), t.app.get(REDIS))).message).toBe(
      'SMS_PROVIDER=aliyun needs ALIYUN_ACCESS_KEY_SECRET, ALIYUN_SMS_SIGN_NAME.',
    );
    expect(thrown(() => new NotificationSenders(configWith({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: TWILIO.accountSid }), t.app.get(REDIS))).message).toBe(
      'SMS_PROVIDER=twilio needs TWILIO_AUTH_TOKEN, TWILIO_FROM.',
    );
  });

  it('the log provider answers an id without writing the address or the text', async () => {
    const bare = new NotificationSenders(configWith({}), t.app.get(REDIS));
    const notificationId = randomUUID();
    const sent = await bare.get('sms').send(request({ notificationId, channel: 'sms', to: { phone: '+8613800138000' }, message: { text: '您的预约已确认' } }));
    expect(sent).toEqual({ provider: 'log', providerMessageId: `log-${notificationId}` });
    const line = t.logs.find((log) => log.notificationId === notificationId);
    expect(line).toMatchObject({ channel: 'sms', provider: 'log', length: 7 });
    expect(JSON.stringify(line)).not.toMatch(/13800138000|预约/);
  });
});

describe('e-mail over SMTP', () => {
  it('delivers a Chinese multipart message intact, its Message-ID derived from the notification id', async () => {
    const notificationId = randomUUID();
    const sent = await senders.get('email').send(
      request({
        notificationId,
        channel: 'email',
        to: { email: 'Wang.Xiaoming@Example.com' },
        message: {
          subject: '预约提醒：明天 10:00 面部护理',
          text: '王小明您好，\n您预约了明天 10:00 的面部护理。',
          html: '<p>王小明您好，</p><p>您预约了<b>明天 10:00</b>的面部护理。</p>',
        },
      }),
    );
    expect(sent).toEqual({ provider: 'smtp', providerMessageId: `<${notificationId}@bloom.example>` });
    const received = smtp.received.at(-1)!;
    expect(received.to).toEqual(['Wang.Xiaoming@example.com']);
    const mail = parseMail(received.raw);
    expect(mail.subject).toBe('预约提醒：明天 10:00 面部护理');
    expect(mail.headers.get('subject')).toMatch(/^=\?UTF-8\?/i);
    expect(mail.headers.get('message-id')).toBe(`<${notificationId}@bloom.example>`);
    expect(mail.headers.get('content-language')).toBe('zh-CN');
    expect(decodeWords(mail.headers.get('from') ?? '')).toBe('Bloom 美业 <no-reply@bloom.example>');
    expect(mail.contentType).toMatch(/^multipart\/alternative/);
    expect(mail.parts.map((part) => [part.contentType, part.charset])).toEqual([
      ['text/plain', 'utf-8'],
      ['text/html', 'utf-8'],
    ]);
    expect(mail.parts[0].text).toBe('王小明您好，\n您预约了明天 10:00 的面部护理。');
    expect(mail.parts[1].text).toBe('<p>王小明您好，</p><p>您预约了<b>明天 10:00</b>的面部护理。</p>');
  });

  it('sends the text as escaped HTML paragraphs when the template has no HTML part', async () => {
    await senders.get('email').send(request({ channel: 'email', to: { email: 'li@example.com' }, message: { subject: '通知', text: '第一段 <b>不是标签</b>\n\n第二段\n第二行' } }));
    const html = parseMail(smtp.received.at(-1)!.raw).parts[1].text;
    expect(html).toContain('<p>第一段 &lt;b&gt;不是标签&lt;/b&gt;</p>\n<p>第二段<br>第二行</p>');
  });

  it('fails a recipient the server refuses with 5xx for good, and retries a 4xx or an unreachable server', async () => {
    smtp.rejectRecipient('gone@example.com', 550, '5.1.1 <gone@example.com>: Recipient address rejected');
    smtp.rejectRecipient('busy@example.com', 450, 'Mailbox busy');
    const count = smtp.received.length;
    const gone = await failure(senders.get('email').send(request({ channel: 'email', to: { email: 'gone@example.com' }, message: { subject: 'x', text: 'x' } })));
    expect(gone).toBeInstanceOf(PermanentSendError);
    expect(gone).toMatchObject({ providerCode: '550' });
    // The error becomes the notification's last error, and may be logged: no address in it.
    expect(gone.message).toContain('Recipient address rejected');
    expect(gone.message).not.toContain('gone@example.com');
    const busy = await failure(senders.get('email').send(request({ channel: 'email', to: { email: 'busy@example.com' }, message: { subject: 'x', text: 'x' } })));
    expect(busy).not.toBeInstanceOf(PermanentSendError);
    expect(busy.message).toContain('450');
    expect(smtp.received).toHaveLength(count);

    const closedPort = new NotificationSenders(configWith({ SMTP_URL: 'smtp://127.0.0.1:1', NOTIFICATION_PROVIDER_TIMEOUT: '2s' }), t.app.get(REDIS));
    const down = await failure(closedPort.get('email').send(request({ channel: 'email', to: { email: 'li@example.com' }, message: { text: 'x' } })));
    expect(down).not.toBeInstanceOf(PermanentSendError);
    closedPort.onModuleDestroy();

    expect(await failure(senders.get('email').send(request({ channel: 'email', to: {}, message: { text: 'x' } })))).toBeInstanceOf(PermanentSendError);
  });
});

describe('SMS through Aliyun', () => {
  it('sends SendSms signed with the AccessKey secret: number without +86, sign name, template code and parameters, notification id as OutId', async () => {
    const notificationId = randomUUID();
    const sent = await senders.get('sms').send(
      request({
        notificationId,
        channel: 'sms',
        to: { phone: '+8613800138000' },
        message: { text: '王小明您好，您的预约已确认', provider: { id: 'SMS_462300001', fields: { name: '王小明', time: '12月8日 10:00' } } },
      }),
    );
    const received = aliyun.requests.at(-1)!;
    expect(received).toMatchObject({ action: 'SendSms', version: '2017-05-25', signatureValid: true });
    expect(received.params).toEqual({
      PhoneNumbers: '13800138000',
      SignName: '美业',
      TemplateCode: 'SMS_462300001',
      TemplateParam: JSON.stringify({ name: '王小明', time: '12月8日 10:00' }),
      OutId: notificationId,
    });
    expect(sent).toEqual({ provider: 'aliyun', providerMessageId: expect.stringMatching(/\^0$/) as string });

    await senders.get('sms').send(request({ channel: 'sms', to: { phone: '+852 9123 4567' }, message: { text: 'hi', provider: { id: 'SMS_1', fields: {} } } }));
    expect(aliyun.requests.at(-1)!.params.PhoneNumbers).toBe('85291234567');
  });

  it('fails number, template and sign refusals for good and retries throttling and system errors', async () => {
    const send = () => senders.get('sms').send(request({ channel: 'sms', to: { phone: '13800138000' }, message: { text: 'x', provider: { id: 'SMS_1', fields: {} } } }));
    for (const code of ['isv.MOBILE_NUMBER_ILLEGAL', 'isv.SMS_TEMPLATE_ILLEGAL', 'isv.SMS_SIGNATURE_ILLEGAL']) {
      aliyun.answerNext({ Code: code });
      const error = await failure(send());
      expect(error).toBeInstanceOf(PermanentSendError);
      expect(error).toMatchObject({ providerCode: code });
    }
    for (const code of ['isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR']) {
      aliyun.answerNext({ Code: code });
      const error = await failure(send());
      expect(error).not.toBeInstanceOf(PermanentSendError);
      expect(error.message).toContain(code);
    }
  });

  it('is refused by Aliyun when signed with another secret (the fake recomputes the signature), and retries then', async () => {
    const wrong = new NotificationSenders(
      configWith({
        SMS_PROVIDER: 'aliyun',
        ALIYUN_ACCESS_KEY_ID: ALIYUN.accessKeyId,
        ALIYUN_ACCESS_KEY_SECRET: 'not-the-secret',
        ALIYUN_SMS_SIGN_NAME: '美业',
        ALIYUN_SMS_ENDPOINT: aliyun.url,
      }),
      t.app.get(REDIS),
    );
    const error = await failure(wrong.get('sms').send(request({ channel: 'sms', to: { phone: '13800138000' }, message: { text: 'x', provider: { id: 'SMS_1', fields: {} } } })));
    expect(error).not.toBeInstanceOf(PermanentSendError);
    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(aliyun.requests.at(-1)).toMatchObject({ signatureValid: false, signatureProblem: 'SignatureDoesNotMatch' });
  });

  it('refuses without a request what Aliyun cannot send: no template code, no or an impossible number', async () => {
    const before = aliyun.requests.length;
    for (const to of [{ phone: '13800138000' }, {}, { phone: '+86 123' }]) {
      const message = 'phone' in to && to.phone === '13800138000' ? { text: 'no template' } : { text: 'x', provider: { id: 'SMS_1', fields: {} } };
      expect(await failure(senders.get('sms').send(request({ channel: 'sms', to, message })))).toBeInstanceOf(PermanentSendError);
    }
    expect(aliyun.requests).toHaveLength(before);
  });
});

describe('SMS through Twilio', () => {
  let twilioSenders: NotificationSenders;
  beforeAll(() => {
    twilioSenders = new NotificationSenders(
      configWith({
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TWILIO.authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE: twilioServer.url,
        PUBLIC_BASE_URL,
      }),
      t.app.get(REDIS),
    );
  });

  it('creates the message with basic auth, the E.164 number, the text and the status callback', async () => {
    const sent = await twilioSenders.get('sms').send(request({ channel: 'sms', to: { phone: '138 0013 8000' }, message: { text: '王小明您好，您的预约已确认' } }));
    const received = twilioServer.requests.at(-1)!;
    expect(received).toMatchObject({ authorized: true, path: `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json` });
    expect(received.form).toEqual({
      To: '+8613800138000',
      From: '+15005550006',
      Body: '王小明您好，您的预约已确认',
      StatusCallback: `${PUBLIC_BASE_URL}/v1/notification-receipts/twilio`,
    });
    expect(sent).toEqual({ provider: 'twilio', providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) as string });
  });

  it('sends from a messaging service when one is configured', async () => {
    const viaService = new NotificationSenders(
      configWith({
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TWILIO.authToken,
        TWILIO_MESSAGING_SERVICE_SID: 'MG123',
        TWILIO_API_BASE: twilioServer.url,
      }),
      t.app.get(REDIS),
    );
    await viaService.get('sms').send(request({ channel: 'sms', to: { phone: '+14155550123' }, message: { text: 'Hello' } }));
    expect(twilioServer.requests.at(-1)!.form).toEqual({ To: '+14155550123', MessagingServiceSid: 'MG123', Body: 'Hello' });
  });

  it('fails invalid, unreachable and opted-out numbers for good and retries Twilio’s own failures', async () => {
    const send = () => twilioSenders.get('sms').send(request({ channel: 'sms', to: { phone: '+8613800138000' }, message: { text: 'x' } }));
    for (const code of [21211, 21614, 21610]) {
      twilioServer.failNext({ status: 400, code, message: `The 'To' number +8613800138000 is not valid (${code})` });
      const error = await failure(send());
      expect(error).toBeInstanceOf(PermanentSendError);
      expect(error).toMatchObject({ providerCode: String(code) });
      expect(error.message).not.toContain('13800138000');
    }
    twilioServer.failNext({ status: 429, code: 20429, message: 'Too Many Requests' });
    expect(await failure(send())).not.toBeInstanceOf(PermanentSendError);
    twilioServer.failNext({ status: 500, code: 20500, message: 'Internal Server Error' });
    expect(await failure(send())).not.toBeInstanceOf(PermanentSendError);
  });
});

describe('WeChat subscription messages', () => {
  const wechatMessage = { text: '预约提醒', provider: { id: 'TPL_reminder', fields: { thing1: '面部护理', time2: '2026-12-08 10:00', page: 'pages/appointments/detail?id=42' } } };

  it('fetches the access token once for two sends and sends template, openid, fields and page', async () => {
    const tokensBefore = wechat.tokenRequests.length;
    const first = await senders.get('wechat').send(request({ channel: 'wechat', to: { wechatOpenId: 'o7esq5OI1Ss6' }, message: wechatMessage }));
    const second = await senders.get('wechat').send(request({ channel: 'wechat', locale: 'en', to: { wechatOpenId: 'o7esq5OI1Ss7' }, message: wechatMessage }));
    expect(wechat.tokenRequests.length - tokensBefore).toBe(1);
    const [a, b] = wechat.sends.slice(-2);
    expect(a.accessToken).toBe(b.accessToken);
    expect(a.body).toEqual({
      touser: 'o7esq5OI1Ss6',
      template_id: 'TPL_reminder',
      page: 'pages/appointments/detail?id=42',
      data: { thing1: { value: '面部护理' }, time2: { value: '2026-12-08 10:00' } },
      miniprogram_state: 'trial',
      lang: 'zh_CN',
    });
    expect(b.body.lang).toBe('en_US');
    // 64-bit message ids survive exactly (JSON.parse would round them).
    expect(first.providerMessageId).toMatch(/^18643237264612556\d\d$/);
    expect(BigInt(second.providerMessageId!) - BigInt(first.providerMessageId!)).toBe(1n);
  });

  it('refreshes an expired token once and sends again once', async () => {
    await senders.get('wechat').send(request({ channel: 'wechat', to: { wechatOpenId: 'o7esq5OI1Ss6' }, message: wechatMessage }));
    wechat.expireCurrentToken();
    const [tokens, sends] = [wechat.tokenRequests.length, wechat.sends.length];
    const sent = await senders.get('wechat').send(request({ channel: 'wechat', to: { wechatOpenId: 'o7esq5OI1Ss6' }, message: wechatMessage }));
    expect(sent.providerMessageId).toBeDefined();
    expect(wechat.tokenRequests.length - tokens).toBe(1);
    expect(wechat.sends.length - sends).toBe(2);
    const [refused, resent] = wechat.sends.slice(-2);
    expect(resent.accessToken).not.toBe(refused.accessToken);
    // The new token is shared: the next send fetches nothing.
    await senders.get('wechat').send(request({ channel: 'wechat', to: { wechatOpenId: 'o7esq5OI1Ss6' }, message: wechatMessage }));
    expect(wechat.tokenRequests.length - tokens).toBe(1);
  });

  it('fails refused subscriptions and unknown openids for good, retries WeChat’s system errors', async () => {
    const send = (to: { wechatOpenId?: string } = { wechatOpenId: 'o7esq5OI1Ss6' }) => senders.get('wechat').send(request({ channel: 'wechat', to, message: wechatMessage }));
    for (const errcode of [43101, 40003]) {
      wechat.answerNext(errcode);
      const error = await failure(send());
      expect(error).toBeInstanceOf(PermanentSendError);
      expect(error).toMatchObject({ providerCode: String(errcode) });
    }
    wechat.answerNext(-1);
    expect(await failure(send())).not.toBeInstanceOf(PermanentSendError);
    const sends = wechat.sends.length;
    expect(await failure(send({}))).toBeInstanceOf(PermanentSendError);
    expect(wechat.sends).toHaveLength(sends);
  });

  it('shares one token fetch between processes asking at once', async () => {
    const config = configWith({ WECHAT_APP_ID: WECHAT.appId, WECHAT_APP_SECRET: WECHAT.secret, WECHAT_API_BASE: wechat.url });
    const connections = [new Redis(config.REDIS_URL), new Redis(config.REDIS_URL), new Redis(config.REDIS_URL)];
    try {
      await connections[0].del(`${config.REDIS_PREFIX}:wechat:${WECHAT.appId}:access-token`);
      wechat.expireCurrentToken();
      const tokensBefore = wechat.tokenRequests.length;
      const processes = connections.map((redis) => new WeChatAccessTokens(redis, config));
      const tokens = await Promise.all(processes.flatMap((tokens) => [tokens.get(), tokens.get()]));
      expect(new Set(tokens).size).toBe(1);
      expect(wechat.tokenRequests.length - tokensBefore).toBe(1);
    } finally {
      await Promise.all(connections.map((redis) => redis.quit()));
    }
  });
});

describe('delivery receipts', () => {
  const receipt = (url: string, body: string | object, headers: ReceiptRequest['headers'] = {}): ReceiptRequest => ({
    url,
    headers,
    rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'),
  });

  it('reads Twilio status callbacks signed with the auth token and refuses forged ones', () => {
    const url = `${PUBLIC_BASE_URL}/v1/notification-receipts/twilio`;
    const twilio = parsers.get('twilio');
    const post = (params: Record<string, string>, signature = twilioSignature(TWILIO.authToken, url, params)) =>
      twilio.parse(receipt(url, new URLSearchParams(params).toString(), { 'x-twilio-signature': signature, 'content-type': 'application/x-www-form-urlencoded' }));
    const delivered = { MessageSid: 'SM0123', MessageStatus: 'delivered', AccountSid: TWILIO.accountSid, To: '+8613800138000' };
    expect(post(delivered)).toEqual([{ providerMessageId: 'SM0123', status: 'delivered' }]);
    expect(post({ ...delivered, MessageStatus: 'undelivered', ErrorCode: '30003' })).toEqual([
      { providerMessageId: 'SM0123', status: 'failed', error: 'Twilio undelivered (30003)' },
    ]);
    expect(post({ ...delivered, MessageStatus: 'sent' })).toEqual([]);

    const forged = thrown(() => post(delivered, twilioSignature('another-token', url, delivered)));
    expect(forged).toMatchObject({ code: 'notification_receipt.bad_signature', status: 401 });
    // A genuine signature over other parameters does not cover a changed status.
    const signedAsSent = twilioSignature(TWILIO.authToken, url, { ...delivered, MessageStatus: 'sent' });
    expect(thrown(() => post(delivered, signedAsSent))).toMatchObject({ code: 'notification_receipt.bad_signature' });
    expect(thrown(() => twilio.parse(receipt(url, new URLSearchParams(delivered).toString())))).toMatchObject({ status: 401 });
    const noSid = { MessageStatus: 'delivered' };
    expect(thrown(() => post(noSid))).toMatchObject({ code: 'notification_receipt.unreadable', status: 400 });
  });

  it('reads Aliyun report pushes carrying the configured token, and answers as Aliyun expects', () => {
    const aliyunParser = parsers.get('aliyun');
    const url = `${PUBLIC_BASE_URL}/v1/notification-receipts/aliyun?token=${ALIYUN_RECEIPT_TOKEN}`;
    const reports = [
      {
        phone_number: '13800138000',
        send_time: '2026-12-07 10:00:00',
        report_time: '2026-12-07 10:00:05',
        success: true,
        err_code: 'DELIVERED',
        err_msg: '用户接收成功',
        sms_size: '1',
        biz_id: '900619746936498440^0',
        out_id: 'n1',
      },
      {
        phone_number: '13800138001',
        send_time: '2026-12-07 10:00:00',
        report_time: '2026-12-07 10:00:09',
        success: false,
        err_code: 'MK:0001',
        err_msg: '用户关机',
        sms_size: '1',
        biz_id: '900619746936498441^0',
        out_id: 'n2',
      },
    ];
    expect(aliyunParser.parse(receipt(url, reports))).toEqual([
      { providerMessageId: '900619746936498440^0', status: 'delivered', at: new Date('2026-12-07T02:00:05Z') },
      { providerMessageId: '900619746936498441^0', status: 'failed', error: 'Aliyun MK:0001: 用户关机', at: new Date('2026-12-07T02:00:09Z') },
    ]);
    expect(aliyunParser.answer).toEqual({ contentType: 'application/json; charset=utf-8', body: '{"code":0,"msg":"成功"}' });

    for (const forged of [`${PUBLIC_BASE_URL}/v1/notification-receipts/aliyun`, `${PUBLIC_BASE_URL}/v1/notification-receipts/aliyun?token=${ALIYUN_RECEIPT_TOKEN}x`]) {
      expect(thrown(() => aliyunParser.parse(receipt(forged, reports)))).toMatchObject({ code: 'notification_receipt.bad_signature', status: 401 });
    }
    expect(thrown(() => aliyunParser.parse(receipt(url, '[{"biz_id"')))).toMatchObject({ code: 'notification_receipt.unreadable', status: 400 });
    const missing = thrown(() => aliyunParser.parse(receipt(url, [{ success: true }])));
    expect(missing).toMatchObject({ status: 400, options: { errors: [{ field: '[0].biz_id', message: 'is missing' }] } });
  });

  it('reads WeChat subscribe_msg_sent_event pushes with a valid signature and refuses others', () => {
    const wechatParser = parsers.get('wechat');
    const [timestamp, nonce] = ['1733540000', '1405170417'];
    const signature = wechatSignature(WECHAT_MESSAGE_TOKEN, timestamp, nonce);
    const url = (sig: string) => `${PUBLIC_BASE_URL}/v1/notification-receipts/wechat?signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`;
    const event = `{"ToUserName":"gh_123456789abc","FromUserName":"o7esq5OI1Ss6","CreateTime":"1733540000","MsgType":"event","Event":"subscribe_msg_sent_event","SubscribeMsgSentEvent":{"List":[{"TemplateId":"TPL_reminder","MsgID":1864323726461255681,"ErrorCode":"0","ErrorStatus":"success"},{"TemplateId":"TPL_reminder","MsgID":"1864323726461255682","ErrorCode":"10005","ErrorStatus":"fail"}]}}`;
    expect(wechatParser.parse(receipt(url(signature), event))).toEqual([
      { providerMessageId: '1864323726461255681', status: 'delivered', at: new Date(1733540000 * 1000) },
      { providerMessageId: '1864323726461255682', status: 'failed', error: 'WeChat 10005: fail', at: new Date(1733540000 * 1000) },
    ]);
    expect(thrown(() => wechatParser.parse(receipt(url(wechatSignature('other-token', timestamp, nonce)), event)))).toMatchObject({
      code: 'notification_receipt.bad_signature',
      status: 401,
    });
    expect(thrown(() => wechatParser.parse(receipt(url(signature), 'not json')))).toMatchObject({ status: 400 });
    expect(wechatParser.parse(receipt(url(signature), { Event: 'subscribe_msg_popup_event' }))).toEqual([]);
  });

  it('knows no other provider, and refuses receipts it cannot check', () => {
    expect(thrown(() => parsers.get('smtp'))).toMatchObject({ code: 'notification_receipt.unknown_provider', status: 404 });
    const bare = new ReceiptParsers(configWith({}));
    const error = thrown(() => bare.get('aliyun'));
    expect(error).toMatchObject({ code: 'notification_receipt.unknown_provider', status: 404 });
    expect(error.message).toContain('ALIYUN_SMS_RECEIPT_TOKEN');
  });
});

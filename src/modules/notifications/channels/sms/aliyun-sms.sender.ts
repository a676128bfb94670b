import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { Config } from '@alicloud/openapi-client';
import type { AppConfigValues } from '../../../../config/index.js';
import { PermanentSendError, type ChannelSendRequest, type ChannelSendResult, type ChannelSender } from '../../notification-contracts.js';
import { aliyunPhoneNumber, recipientPhone } from './phone-numbers.js';
import { redact } from '../redact.js';

/**
 * Aliyun's answer codes that another attempt cannot fix: the number, the template, the sign name or
 * the parameters are wrong (https://help.aliyun.com/document_detail/101346.html). Throttling
 * (`isv.BUSINESS_LIMIT_CONTROL`, `isv.DAY_LIMIT_CONTROL`), `isp.SYSTEM_ERROR`, an empty balance or a
 * credential problem are retried: they pass, or an operator fixes them, while the outbox retries.
 */
const PERMANENT_CODES = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.MOBILE_COUNT_OVER_LIMIT',
  'isv.DOMESTIC_NUMBER_NOT_SUPPORTED',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.TEMPLATE_PARAMS_ILLEGAL',
  'isv.INVALID_JSON_PARAM',
  'isv.INVALID_PARAMETERS',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.PARAM_NOT_SUPPORT_URL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.SMS_SIGN_ILLEGAL',
  'isv.SIGN_NAME_ILLEGAL',
  'isv.SMS_SIGNATURE_SCENE_ILLEGAL',
  'isv.SMS_CONTENT_ILLEGAL',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'isv.EXTEND_CODE_ERROR',
  'isv.SMS_TEST_NUMBER_LIMIT',
  'isv.SMS_TEST_SIGN_TEMPLATE_LIMIT',
  'isv.SMS_TEST_TEMPLATE_PARAMS_ILLEGAL',
]);

/**
 * SMS through Aliyun SendSms, with its official SDK (`@alicloud/dysmsapi20170525`, which signs each
 * request with ACS3-HMAC-SHA256). Aliyun sends only templates approved in its console, so the message
 * must carry the template code and its fields (`message.provider`); the text itself is not sent.
 */
export class AliyunSmsSender implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly provider = 'aliyun';
  private readonly client: InstanceType<typeof Dysmsapi.default>;
  private readonly signName: string;

  constructor(config: AppConfigValues) {
    const endpoint = new URL(config.ALIYUN_SMS_ENDPOINT);
    this.signName = config.ALIYUN_SMS_SIGN_NAME;
    this.client = new Dysmsapi.default(
      new Config({
        accessKeyId: config.ALIYUN_ACCESS_KEY_ID,
        accessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET,
        endpoint: endpoint.host,
        protocol: endpoint.protocol.slice(0, -1),
        connectTimeout: Math.min(config.NOTIFICATION_PROVIDER_TIMEOUT, 5000),
        readTimeout: config.NOTIFICATION_PROVIDER_TIMEOUT,
      }),
    );
  }

  async send({ notificationId, to, message }: ChannelSendRequest): Promise<ChannelSendResult> {
    const phone = aliyunPhoneNumber(recipientPhone(to.phone));
    if (!message.provider?.id) {
      throw new PermanentSendError('Aliyun SMS sends approved templates only: this message has no template code (set the template’s provider id).', 'no_template');
    }
    let answer: { code?: string; message?: string; bizId?: string } | undefined;
    try {
      const response = await this.client.sendSms(
        new SendSmsRequest({
          phoneNumbers: phone,
          signName: this.signName,
          templateCode: message.provider.id,
          templateParam: JSON.stringify(message.provider.fields),
          // Aliyun echoes OutId in receipts and its console: the notification can be found from either side.
          outId: notificationId,
        }),
      );
      answer = response.body;
    } catch (error) {
      // Transport failures, throttling (HTTP 4xx/5xx with a Throttling code), credentials: retried.
      const code = (error as { code?: unknown }).code;
      throw new Error(redact(`Aliyun SendSms failed${typeof code === 'string' ? ` (${code})` : ''}: ${(error as Error).message}`), { cause: error });
    }
    const code = answer?.code ?? 'no answer code';
    if (code === 'OK' && answer?.bizId) return { provider: this.provider, providerMessageId: answer.bizId };
    const detail = redact(`Aliyun SendSms answered ${code}${answer?.message ? `: ${answer.message}` : ''}`);
    if (PERMANENT_CODES.has(code)) throw new PermanentSendError(detail, code);
    throw new Error(detail);
  }
}

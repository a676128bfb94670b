import type { AppConfigValues } from '../../../../config/index.js';
import { PermanentSendError, type ChannelSendRequest, type ChannelSendResult, type ChannelSender } from '../../notification-contracts.js';
import type { WeChatAccessTokens } from './wechat-access-tokens.js';
import { postWeChat } from './wechat-api.js';
import { redact } from '../redact.js';

/** WeChat refused the access token: expired (42001), invalid (40001) or not a token (40014). Fetch another and send again once. */
const TOKEN_REFUSED = new Set([40001, 42001, 40014]);
/**
 * Refusals another attempt cannot fix: the user refused or used up the subscription (43101), the
 * openid is not one of this mini-program (40003), the template id (40037), its data (47003) or the
 * page (41030) is wrong.
 */
const PERMANENT = new Set([43101, 40003, 40037, 47003, 41030]);

/**
 * The field of `message.provider.fields` naming the mini-program page the message opens. WeChat's data
 * keys are a word and a number (`thing1`, `time2`), so it cannot clash with one.
 */
export const WECHAT_PAGE_FIELD = 'page';

/** WeChat mini-program subscription messages (subscribeMessage.send), over the documented HTTP API. */
export class WeChatSubscribeSender implements ChannelSender {
  readonly channel = 'wechat' as const;
  readonly provider = 'wechat';

  constructor(
    private readonly config: AppConfigValues,
    private readonly tokens: WeChatAccessTokens,
  ) {}

  async send({ to, locale, message }: ChannelSendRequest): Promise<ChannelSendResult> {
    if (!to.wechatOpenId) throw new PermanentSendError('The recipient has no WeChat openid (they have not used the mini-program).', 'no_address');
    if (!message.provider?.id) {
      throw new PermanentSendError('WeChat sends approved templates only: this message has no template id (set the template’s provider id).', 'no_template');
    }
    const { [WECHAT_PAGE_FIELD]: page, ...fields } = message.provider.fields;
    const body = {
      touser: to.wechatOpenId,
      template_id: message.provider.id,
      ...(page ? { page } : {}),
      data: Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, { value }])),
      miniprogram_state: this.config.WECHAT_MINIPROGRAM_STATE,
      lang: locale === 'en' ? 'en_US' : 'zh_CN',
    };
    let token = await this.tokens.get();
    let answer = await this.post(token, body);
    if (TOKEN_REFUSED.has(answer.errcode)) {
      token = await this.tokens.refresh(token);
      answer = await this.post(token, body);
    }
    if (answer.errcode === 0) return { provider: this.provider, providerMessageId: answer.msgid };
    const detail = redact(`WeChat refused the subscription message (errcode ${answer.errcode}: ${answer.errmsg})`);
    if (PERMANENT.has(answer.errcode)) throw new PermanentSendError(detail, String(answer.errcode));
    throw new Error(detail);
  }

  private async post(token: string, body: object): Promise<{ errcode: number; errmsg: string; msgid?: string }> {
    const url = new URL('/cgi-bin/message/subscribe/send', this.config.WECHAT_API_BASE);
    url.searchParams.set('access_token', token);
    const { answer, raw } = await postWeChat(url.href, body, this.config.NOTIFICATION_PROVIDER_TIMEOUT);
    // The msgid is a 64-bit number: read its digits from the text, not from the parsed (rounded) JSON.
    const msgid = /"msgid"\s*:\s*"?(\d+)"?/.exec(raw)?.[1];
    return { errcode: Number(answer.errcode ?? 0), errmsg: String(answer.errmsg ?? ''), ...(msgid ? { msgid } : {}) };
  }
}

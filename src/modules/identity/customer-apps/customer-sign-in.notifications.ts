import { defineNotificationKey } from '../../notifications/index.js';

/**
 * The code a customer asked for to sign in to a customers' app (a booking page, the mini-program). A
 * service message: it goes to the phone asked for, customer yet or not, at once (they are waiting).
 */
export const CUSTOMER_SIGN_IN_CODE = defineNotificationKey({
  key: 'customer_auth.sign_in_code',
  kind: 'service',
  category: 'system',
  description: "The 6-digit code a customer asked for to sign in to the business's booking app (POST /v1/customer-auth/codes)",
  variables: {
    code: { description: 'The 6-digit code', example: '482913' },
    minutes: { description: 'Minutes the code works (CUSTOMER_SIGN_IN_CODE_TTL)', example: 5 },
  },
  channels: ['sms'],
  // The code is live for CUSTOMER_SIGN_IN_CODE_TTL: it leaves the notification log's table once sent.
  secretVariables: ['code'],
  defaults: {
    sms: {
      // Aliyun sends only templates approved in its console: an owner sets the id of a verification-code
      // template whose variable is `code` (Twilio and the log send the text).
      'zh-CN': { body: '您的预约登录验证码 {{code}}，{{minutes}} 分钟内有效。如非本人操作，请忽略。', provider: { id: '', fields: { code: '{{code}}' } } },
      en: { body: 'Your booking sign-in code: {{code}}, valid for {{minutes}} minutes. Not you? Ignore this message.', provider: { id: '', fields: { code: '{{code}}' } } },
    },
  },
});

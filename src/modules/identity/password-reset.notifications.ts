import { defineNotificationKey } from '../notifications/index.js';

/**
 * The code of a password reset, to the member of staff who asked for it: by e-mail when they have
 * one, else by SMS; urgent (quiet hours do not hold it back: they are waiting for it).
 */
export const PASSWORD_RESET_CODE = defineNotificationKey({
  key: 'auth.password_reset_code',
  kind: 'staff',
  category: 'staff',
  description: 'The 6-digit code a member of staff who forgot their password asked for (POST /v1/auth/password-reset)',
  variables: {
    code: { description: 'The 6-digit code', example: '482913' },
    minutes: { description: 'Minutes the code works (PASSWORD_RESET_CODE_TTL)', example: 15 },
    name: { description: 'The name of the member of staff', example: '王丽 Wang Li' },
  },
  channels: ['email', 'sms'],
  // The code is live for PASSWORD_RESET_CODE_TTL: it leaves the notification log's table once sent.
  secretVariables: ['code'],
  defaults: {
    email: {
      'zh-CN': {
        subject: 'Bloom 密码重置验证码：{{code}}',
        body: '{{name}}，您好：\n\n您的密码重置验证码是 {{code}}，{{minutes}} 分钟内有效，只能使用一次。\n\n如果不是您本人申请，请忽略这封邮件，您的密码不会改变。',
      },
      en: {
        subject: 'Your Bloom password reset code: {{code}}',
        body: 'Hello {{name}},\n\nYour password reset code is {{code}}. It works once, for {{minutes}} minutes.\n\nIf you did not ask for it, ignore this e-mail: your password stays as it is.',
      },
    },
    sms: {
      // Aliyun sends only templates approved in its console: an owner sets the id of a verification-code
      // template whose variable is `code` (Twilio and the log send the text).
      'zh-CN': { body: 'Bloom 密码重置验证码 {{code}}，{{minutes}} 分钟内有效。如非本人操作，请忽略。', provider: { id: '', fields: { code: '{{code}}' } } },
      en: { body: 'Bloom password reset code: {{code}}, valid for {{minutes}} minutes. Not you? Ignore this message.', provider: { id: '', fields: { code: '{{code}}' } } },
    },
  },
});

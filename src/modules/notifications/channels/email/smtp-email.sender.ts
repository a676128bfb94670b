import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { normaliseEmail } from '../../../../common/validation/phone.js';
import type { AppConfigValues } from '../../../../config/index.js';
import { PermanentSendError, type ChannelSendRequest, type ChannelSendResult, type ChannelSender } from '../../notification-contracts.js';
import { redact } from '../redact.js';

/** SMTP commands whose 5xx answer is about this message or its recipient: sending it again is refused again. */
const PERMANENT_COMMANDS = ['RCPT TO', 'DATA'];

/**
 * E-mail over SMTP (nodemailer): multipart text and HTML in UTF-8 (nodemailer encodes a Chinese
 * subject as RFC 2047 words). The Message-ID is derived from the notification id, so a message sent
 * twice (the outbox is at least once) reads as one to receivers that de-duplicate by it.
 */
export class SmtpEmailSender implements ChannelSender {
  readonly channel = 'email' as const;
  readonly provider = 'smtp';
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly from: string;
  private readonly messageIdDomain: string;

  constructor(config: AppConfigValues) {
    this.transport = nodemailer.createTransport(smtpOptions(config.SMTP_URL, config.NOTIFICATION_PROVIDER_TIMEOUT));
    this.from = config.EMAIL_FROM;
    this.messageIdDomain = /@([^\s@<>]+)>?\s*$/.exec(config.EMAIL_FROM)?.[1] ?? 'bloom.invalid';
  }

  async send({ notificationId, to, locale, message }: ChannelSendRequest): Promise<ChannelSendResult> {
    if (!to.email) throw new PermanentSendError('The recipient has no e-mail address.', 'no_address');
    // Checked, but sent as written: the part before @ may be case-sensitive on the receiving server.
    const email = to.email.trim();
    if (!normaliseEmail(email)) throw new PermanentSendError('The recipient e-mail address is not valid.', 'invalid_address');
    const messageId = `<${notificationId}@${this.messageIdDomain}>`;
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: email,
        subject: message.subject ?? '',
        text: message.text,
        html: message.html ?? textToHtml(message.text),
        messageId,
        headers: {
          'Content-Language': locale,
          // RFC 3834: out-of-office and other auto-replies must not answer it.
          'Auto-Submitted': 'auto-generated',
        },
      });
      return { provider: this.provider, providerMessageId: info.messageId || messageId };
    } catch (error) {
      const { responseCode, command, code } = error as { responseCode?: number; command?: string; code?: string };
      const detail = redact(`SMTP ${responseCode ?? code ?? 'error'}${command ? ` at ${command}` : ''}: ${(error as Error).message}`);
      if (responseCode !== undefined && responseCode >= 500 && responseCode < 600 && command && PERMANENT_COMMANDS.includes(command)) {
        throw new PermanentSendError(detail, String(responseCode));
      }
      // 4xx (greylisting, mailbox busy), connection and authentication failures: the next attempt may pass.
      throw new Error(detail, { cause: error });
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** Transport options from `smtp://user:password@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start). */
export function smtpOptions(smtpUrl: string, timeoutMs: number): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text part as HTML paragraphs (escaped), for templates without an HTML part. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
  const paragraphs = escaped
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${paragraph.replace(/\r?\n/g, '<br>')}</p>`);
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>${paragraphs.join('\n')}</body></html>`;
}

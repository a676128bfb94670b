import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + base64 of 24 random bytes (Svix's and Standard Webhooks' form). */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

/** `msg_` + the message's UUID without dashes: the stable `webhook-id` of every attempt. */
export function webhookId(messageId: string): string {
  return `msg_${messageId.replace(/-/g, '')}`;
}

/**
 * The `webhook-signature` header (Standard Webhooks): `v1,<base64 HMAC-SHA256>` of
 * `<id>.<timestamp>.<body>`, keyed with the base64-decoded part of each secret after `whsec_`;
 * several secrets (during a rotation) give several signatures separated by spaces.
 */
export function signWebhook(secrets: readonly string[], id: string, timestampSeconds: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
      return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.`).update(body, 'utf8').digest('base64')}`;
    })
    .join(' ');
}

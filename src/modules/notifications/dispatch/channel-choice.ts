import type { CustomerContact, NotificationChannel, NotificationKeyDefinition } from '../notification-contracts.js';
import type { NotificationReason } from './notification.entity.js';

export type CustomerChannel = Exclude<NotificationChannel, 'in_app'>;

export type ChannelChoice = { send: true; channel: CustomerChannel; recipient: string } | { send: false; channel: NotificationChannel; reason: NotificationReason; detail: string };

const ADDRESS: Record<CustomerChannel, keyof Pick<CustomerContact, 'phone' | 'email' | 'wechatOpenId'>> = { sms: 'phone', email: 'email', wechat: 'wechatOpenId' };

/**
 * Which channel a customer message goes out on, or why none (pure). The channel the caller names,
 * else the customer's preferred one, then the key's order; a channel is passed over when the customer
 * has no address for it, it is not configured, or (marketing keys only) the customer gave no marketing
 * consent on it. Service keys need no consent; an opted-out category sends nothing at all.
 * When none is left the first candidate's reason is the answer (what the front desk would fix first),
 * and `detail` lists every candidate's.
 */
export function chooseCustomerChannel(
  definition: NotificationKeyDefinition,
  contact: CustomerContact | undefined,
  available: readonly NotificationChannel[],
  requested?: NotificationChannel,
): ChannelChoice {
  const keyChannels = definition.channels.filter((channel): channel is CustomerChannel => channel !== 'in_app');
  const preferred = contact?.preferredChannel && keyChannels.includes(contact.preferredChannel) ? [contact.preferredChannel] : [];
  const candidates: NotificationChannel[] = requested ? [requested] : [...new Set([...preferred, ...keyChannels])];
  const first = candidates[0] ?? definition.channels[0];
  if (!contact || !contact.reachable) return { send: false, channel: first, reason: 'unreachable', detail: 'the customer is anonymized, merged away or unknown' };
  if (contact.optedOut.includes(definition.category)) {
    return { send: false, channel: first, reason: 'opted_out', detail: `the customer opted out of ${definition.category}` };
  }
  const refusals: Array<{ channel: NotificationChannel; reason: NotificationReason }> = [];
  for (const channel of candidates) {
    if (channel === 'in_app') {
      refusals.push({ channel, reason: 'no_address' });
      continue;
    }
    const recipient = contact[ADDRESS[channel]];
    if (!recipient) refusals.push({ channel, reason: 'no_address' });
    else if (!available.includes(channel)) refusals.push({ channel, reason: 'channel_unavailable' });
    else if (definition.kind === 'marketing' && !contact.marketingConsent[channel]) refusals.push({ channel, reason: 'no_consent' });
    else return { send: true, channel, recipient };
  }
  const [head] = refusals;
  if (!head) return { send: false, channel: first, reason: 'no_address', detail: `${definition.key} goes out on no customer channel` };
  return { send: false, channel: head.channel, reason: head.reason, detail: refusals.map((r) => `${r.channel}: ${r.reason}`).join('; ') };
}

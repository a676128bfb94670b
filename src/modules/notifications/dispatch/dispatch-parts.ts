import type { ChannelSender, NotificationChannel, NotificationLocale, ReceiptParser, RenderedMessage } from '../notification-contracts.js';

/**
 * What dispatch uses of its sibling parts (templates, channels, inbox), as DI tokens with exactly the
 * agreed signatures. NotificationDispatchModule binds each to the part's own provider
 * (`useExisting`), so dispatch depends on four methods, not on how the parts are built.
 */
export abstract class MessageTemplates {
  /** `NotificationTemplates.render`: the owner's edit or the shipped default; throws when the key has no template for the channel. */
  abstract render(key: string, channel: NotificationChannel, locale: NotificationLocale, variables: Record<string, string | number>): Promise<RenderedMessage>;
}

export abstract class MessageSenders {
  /** `NotificationSenders.get`: throws when the channel is not configured. */
  abstract get(channel: NotificationChannel): ChannelSender;
  /** The channels configured in this deployment. */
  abstract available(): NotificationChannel[];
}

export abstract class MessageReceiptParsers {
  /** `ReceiptParsers.get`: the parser of a provider; undefined or a throw for one it does not know. */
  abstract get(provider: string): ReceiptParser | undefined;
}

export interface StaffInboxItem {
  userId: string;
  notificationId?: string;
  key: string;
  category: string;
  title: string;
  body: string;
  link?: string;
  storeId?: string;
}

export abstract class StaffMessages {
  /** `StaffInbox.add`: writes in the caller's transaction, pushes them live after commit. */
  abstract add(items: StaffInboxItem[]): Promise<string[]>;
}

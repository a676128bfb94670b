/**
 * Every registered key's every default, rendered with the key's examples: a module that adds a key
 * with a broken default fails here (and at import, where defineNotificationKey checks it).
 */
import { NOTIFICATION_LOCALES, type NotificationChannel, type TemplateContent } from '../notification-contracts.js';
import { notificationKeys } from '../notification-keys.js';
import { renderContent, templateProblems } from './template-rendering.js';
import { channelProblems } from './template-rules.js';

// The whole app's import graph, so every module's keys are registered, as at boot.
await import('../../../app.module.js');

const defaults = notificationKeys().flatMap((definition) =>
  (Object.entries(definition.defaults) as Array<[NotificationChannel, Record<string, TemplateContent>]>).flatMap(([channel, byLocale]) =>
    Object.entries(byLocale).map(([locale, content]) => ({ definition, channel, locale, content })),
  ),
);

describe('the default templates of every notification key', () => {
  it("include notifications' own keys", () => {
    expect(notificationKeys().map((definition) => definition.key)).toEqual(
      expect.arrayContaining(['notification.test', 'notification.sms_budget_warning', 'webhook.endpoint_disabled']),
    );
  });

  it.each(defaults.map((entry) => [`${entry.definition.key} ${entry.channel} ${entry.locale}`, entry] as const))(
    '%s uses only its variables and leaves no tag unrendered',
    (_name, { definition, channel, locale, content }) => {
      expect(templateProblems(content, definition)).toEqual([]);
      expect(channelProblems(channel, content, { shipped: true })).toEqual([]);
      const examples = Object.fromEntries(Object.entries(definition.variables).map(([name, variable]) => [name, variable.example]));
      const message = renderContent(content, examples, channel, locale as (typeof NOTIFICATION_LOCALES)[number]);
      const rendered = [message.subject, message.text, message.html, ...Object.values(message.provider?.fields ?? {})].join('\n');
      expect(message.text.trim()).not.toBe('');
      expect(rendered).not.toMatch(/\{\{|\}\}/);
    },
  );

  it("gives notifications' own keys a Chinese and an English default on each of their channels", () => {
    for (const definition of notificationKeys().filter((key) => ['notification.test', 'notification.sms_budget_warning', 'webhook.endpoint_disabled'].includes(key.key))) {
      for (const channel of definition.channels) expect(Object.keys(definition.defaults[channel] ?? {}).sort()).toEqual([...NOTIFICATION_LOCALES].sort());
    }
  });
});

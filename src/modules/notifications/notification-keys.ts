import type { NotificationKeyDefinition } from './notification-contracts.js';

const KEY_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const definitions = new Map<string, NotificationKeyDefinition>();

/**
 * Declares a kind of message, at import time, in the module that sends it (next to its code, like its
 * durable events). A key declared twice, or a default template that uses a variable the key does not
 * declare, fails at boot (templates.spec checks every default).
 */
export function defineNotificationKey(definition: NotificationKeyDefinition): NotificationKeyDefinition {
  if (!KEY_PATTERN.test(definition.key)) throw new Error(`notification key ${JSON.stringify(definition.key)} must look like area.event`);
  if (definitions.has(definition.key)) throw new Error(`notification key ${definition.key} is defined twice`);
  definitions.set(definition.key, definition);
  return definition;
}

export function notificationKey(key: string): NotificationKeyDefinition | undefined {
  return definitions.get(key);
}

export function notificationKeys(): NotificationKeyDefinition[] {
  return [...definitions.values()].sort((a, b) => a.key.localeCompare(b.key));
}

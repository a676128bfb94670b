import type { NotificationKeyDefinition } from './notification-contracts.js';
import { definitionProblems } from './templates/template-rules.js';

const KEY_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const definitions = new Map<string, NotificationKeyDefinition>();

/**
 * Declares a kind of message, at import time, in the module that sends it (next to its code, like its
 * durable events). A key declared twice, a default template that uses a variable the key does not
 * declare or does not parse, or a channel without a default, fails at import, so before boot
 * (notification-key-defaults.spec renders every default too).
 */
export function defineNotificationKey(definition: NotificationKeyDefinition): NotificationKeyDefinition {
  if (!KEY_PATTERN.test(definition.key)) throw new Error(`notification key ${JSON.stringify(definition.key)} must look like area.event`);
  if (definitions.has(definition.key)) throw new Error(`notification key ${definition.key} is defined twice`);
  const problems = definitionProblems(definition);
  if (problems.length) throw new Error(`notification key ${definition.key} is not valid: ${problems.join('; ')}`);
  definitions.set(definition.key, definition);
  return definition;
}

export function notificationKey(key: string): NotificationKeyDefinition | undefined {
  return definitions.get(key);
}

/** Every key, by code point order of their names (the order the catalog and its cursors use). */
export function notificationKeys(): NotificationKeyDefinition[] {
  return [...definitions.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

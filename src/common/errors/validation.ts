import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { findTextProblems } from '../validation/text.js';
import { CommonErrors, type FieldError } from './domain-error.js';

/**
 * The rules that say what a value is, checked before what it holds: a field answers "is required"
 * or "must be a whole number" before "must not be greater than 100" (class-validator runs them all).
 */
const FIRST = [
  'whitelistValidation',
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isDecimalNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'nestedValidation',
  'isEnum',
  'isIn',
  'isUuid',
  'isUUID',
  'isNotEmpty',
];

/** class-validator's default wording, in words a receptionist understands. Custom messages pass as they are. */
const PLAIN_WORDS: Partial<Record<string, (message: string) => string>> = {
  whitelistValidation: () => 'should not exist',
  isString: () => 'must be text',
  isInt: () => 'must be a whole number',
  isBoolean: () => 'must be true or false',
  isArray: () => 'must be a list',
  isObject: () => 'must be an object',
  nestedValidation: () => 'must be an object',
  isNotEmpty: () => 'must not be empty',
  isUuid: () => 'must be an id (UUID)',
  isUUID: () => 'must be an id (UUID)',
  isEmail: () => 'must be an e-mail address such as name@example.com',
  isDateString: () => 'must be a date such as 2026-05-12 or a time such as 2026-05-12T10:00:00+08:00',
  isISO8601: () => 'must be a date such as 2026-05-12 or a time such as 2026-05-12T10:00:00+08:00',
  min: (m) => m.replace(/^must not be less than (.+)$/, 'must be at least $1'),
  max: (m) => m.replace(/^must not be greater than (.+)$/, 'must be at most $1'),
  maxLength: (m) => m.replace(/^must be shorter than or equal to (\d+) characters$/, 'must be at most $1 characters long'),
  minLength: (m) => m.replace(/^must be longer than or equal to (\d+) characters$/, 'must be at least $1 characters long'),
  isLength: (m) =>
    m
      .replace(/^must be longer than or equal to (\d+) characters$/, 'must be at least $1 characters long')
      .replace(/^must be shorter than or equal to (\d+) characters$/, 'must be at most $1 characters long'),
  isNumber: () => 'must be a number',
  matches: () => 'has the wrong format',
  arrayNotEmpty: () => 'must not be empty',
  arrayMaxSize: (m) => m.replace(/^must contain no more than (\d+) elements$/, 'must have at most $1 items'),
  arrayMinSize: (m) => m.replace(/^must contain at least (\d+) elements$/, 'must have at least $1 items'),
};

/** class-validator starts its messages with the property's name ("name must be a string", "property colour should not exist"). */
function withoutName(property: string, message: string): string {
  for (const prefix of [`property ${property} `, `each value in ${property} `, `${property} `]) {
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}

/** The one message of a field: the first rule it breaks, type and presence first. */
function firstMessage(error: ValidationError): string {
  const constraints = Object.entries(error.constraints ?? {});
  // The value is there unless the caller asked class-validator to leave it out (`validationError.value: false`).
  if ('value' in error && error.value === undefined && !('whitelistValidation' in (error.constraints ?? {}))) return 'is required';
  if ('value' in error && error.value === null) return 'must not be null';
  const ranked = [...constraints].sort(([a], [b]) => rank(a) - rank(b));
  const [name, message] = ranked[0];
  const own = withoutName(error.property, message);
  const plain = PLAIN_WORDS[name];
  // A DTO's own message (no property name at its start) is kept; only class-validator's defaults are reworded.
  const text = (plain && own !== message ? plain(own) : own).replace('must be at least 1 characters long', 'must not be empty');
  return message.startsWith(`each value in ${error.property} `) ? `each item ${text}` : text;
}

function rank(name: string): number {
  const index = FIRST.indexOf(name);
  return index === -1 ? FIRST.length : index;
}

/** Flattens class-validator's tree into one `{ field: 'lines[0].quantity', message }` per field. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const field = `${parent}${segment}`;
    if (Object.keys(error.constraints ?? {}).length > 0) out.push({ field, message: firstMessage(error) });
    else if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** Keys class-transformer drops without a word (they name JavaScript's object machinery, never a field). */
const RESERVED_KEYS = new Set(['constructor', 'prototype', '__proto__']);

/** Where `value` holds a reserved key: unknown fields like any other, but whitelisting never sees them. */
function reservedKeys(value: unknown, path = '', depth = 0): FieldError[] {
  if (!value || typeof value !== 'object' || depth > 64) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => reservedKeys(item, `${path}[${index}]`, depth + 1));
  return Object.entries(value).flatMap(([key, item]) => {
    const field = path ? `${path}.${key}` : key;
    return RESERVED_KEYS.has(key) ? [{ field, message: 'should not exist' }] : reservedKeys(item, field, depth + 1);
  });
}

/**
 * The one place where input is checked, for every body, query and path parameter: text rules
 * (text.ts) on every string, then the DTO's rules. Unknown fields are refused, strings are turned
 * into the declared types, each field answers one message.
 */
class InputPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Parameters without a DTO class (`@Param('id') id: string`) are not validated by the pipe: their text is checked here.
    if (metadata.type !== 'custom' && (!metadata.metatype || !this.toValidate(metadata))) {
      const problems = findTextProblems(value, metadata.data ?? '');
      if (problems.length) throw CommonErrors.validation(problems);
    } else if (metadata.type === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      // A DTO is an object: `[1, 2]` or `"abc"` is not a body with wrong fields but the wrong kind of body.
      throw CommonErrors.validation([{ field: 'body', message: 'must be a JSON object' }]);
    } else {
      const reserved = reservedKeys(value);
      if (reserved.length) throw CommonErrors.validation(reserved);
    }
    return super.transform(value, metadata);
  }

  /** Runs on the DTO instance, so nested DTOs say which of their fields are multi-line. */
  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const text = findTextProblems(object);
    if (!text.length) return super.validate(object, options);
    // Some validators throw on broken text (class-validator's IsEmail on a lone surrogate, a 500): the text problems answer alone then.
    const errors = await Promise.resolve()
      .then(() => super.validate(object, options))
      .catch((): ValidationError[] => []);
    const fields = new Set(text.map((problem) => problem.field));
    throw CommonErrors.validation([...text, ...flattenValidationErrors(errors).filter((error) => !fields.has(error.field))]);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The value lets a missing field say "is required"; it is never sent back nor logged.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => CommonErrors.validation(flattenValidationErrors(errors)),
  });
}

/**
 * What text Bloom accepts (DESIGN §4): valid UTF-16 (no lone surrogates), no NUL, no other C0
 * control character, DEL nor C1 control; tab and line breaks only in fields marked @MultilineText().
 * PostgreSQL refuses NUL (a 500 that logged the query); controls in names corrupt exports and screens.
 */
import 'reflect-metadata';
import type { FieldError } from '../errors/domain-error.js';

const MULTILINE = Symbol('bloom:multiline');

// With the u flag a surrogate range matches only lone surrogates (a pair is one code point).
// \r is allowed beside \n: text pasted from Windows carries CRLF.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SINGLE_LINE_BAD = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MULTI_LINE_BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/u;

/** Marks a property whose text may span lines (notes, descriptions): tab, newline and CR are allowed there. */
export function MultilineText(): PropertyDecorator {
  return (target, key) => {
    const keys = new Set<string | symbol>((Reflect.getMetadata(MULTILINE, target) as Set<string | symbol> | undefined) ?? []);
    keys.add(key);
    Reflect.defineMetadata(MULTILINE, keys, target);
  };
}

function isMultiline(holder: object, key: string): boolean {
  const keys = Reflect.getMetadata(MULTILINE, holder) as Set<string | symbol> | undefined;
  return keys?.has(key) ?? false;
}

/** Why a string is refused, or undefined when it is acceptable text. */
export function textProblem(value: string, multiline: boolean): string | undefined {
  const bad = (multiline ? MULTI_LINE_BAD : SINGLE_LINE_BAD).exec(value);
  if (!bad) return undefined;
  const code = bad[0].codePointAt(0)!;
  if (code >= 0xd800) return 'must be valid text (it holds a broken character, a lone UTF-16 surrogate)';
  const allowed = multiline ? '' : ' (line breaks and tabs included)';
  return `must not contain control characters${allowed}: U+${code.toString(16).toUpperCase().padStart(4, '0')} found`;
}

const MAX_DEPTH = 64;

/**
 * Every string in a request value (body, query, path), keys included, checked where it sits:
 * `tags[2]`, `address.line1`. Class instances (DTOs) say which of their properties are multi-line;
 * anything else is single-line.
 */
export function findTextProblems(value: unknown, path = '', multiline = false, depth = 0, out: FieldError[] = []): FieldError[] {
  if (typeof value === 'string') {
    const message = textProblem(value, multiline);
    if (message) out.push({ field: path || 'value', message });
  } else if (Array.isArray(value)) {
    if (depth < MAX_DEPTH) value.forEach((item, index) => findTextProblems(item, `${path}[${index}]`, multiline, depth + 1, out));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    if (depth >= MAX_DEPTH) return out;
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const keyProblem = textProblem(key, false);
      if (keyProblem) out.push({ field: JSON.stringify(key), message: `is not a valid field name: it ${keyProblem}` });
      else findTextProblems(item, field, isMultiline(value, key), depth + 1, out);
    }
  }
  return out;
}

/**
 * Notification templates: Mustache, logic-less and pure. Mustache's parser reads the syntax (so a
 * template behaves as its documentation says); the small renderer below walks the tokens over a flat
 * map of the key's variables, which keeps Mustache's context lookups (dotted names, functions,
 * properties of a string such as `length`) out of reach of an owner's edit.
 *
 * Allowed: `{{var}}`, sections `{{#var}}…{{/var}}` and `{{^var}}…{{/var}}` over declared variables,
 * comments `{{! … }}`. Refused: partials, set-delimiter tags and unescaped output (`{{{x}}}`,
 * `{{&x}}`), which would let an edit put a variable's raw text into an e-mail's HTML.
 */
import Mustache from 'mustache';
import type { FieldError } from '../../../common/errors/index.js';
import type { NotificationChannel, NotificationKeyDefinition, NotificationLocale, RenderedMessage, TemplateContent } from '../notification-contracts.js';

/** The values a message is rendered with; a missing one renders as empty text. */
export type TemplateValues = Readonly<Record<string, string | number | null | undefined>>;

/** Mustache's token: type, value, start, end and, for sections, the tokens inside. */
type Token = [type: string, value: string, start: number, end: number, children?: Token[]];

const TAGS: [string, string] = ['{{', '}}'];

// Our own writer with its cache off: Mustache's default one keeps every text it ever parsed, without
// bound (previews of arbitrary content would grow it); ours below is bounded.
const writer = new Mustache.Writer();
(writer as unknown as { templateCache: undefined }).templateCache = undefined;

const REFUSED: Record<string, string> = {
  '>': 'includes a partial ({{>…}}), which templates may not use',
  '&': 'uses unescaped output ({{{…}}} or {{&…}}), which templates may not use: write {{name}}',
  '{': 'uses unescaped output ({{{…}}} or {{&…}}), which templates may not use: write {{name}}',
  '=': 'changes the delimiters ({{=… …=}}), which templates may not do',
};

/** A template that does not parse, with where (0-based index into the text). */
class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** `line 2, column 5`, counting characters (a Chinese character is one). */
export function positionOf(text: string, index: number): string {
  const before = Array.from(text.slice(0, index));
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.filter((char) => char === '\n').length + 1;
  return `line ${line}, column ${before.length - lineStart + 1}`;
}

/** Mustache's parse errors, said for an owner editing a template, at the tag that caused them. */
function syntaxError(text: string, error: unknown): TemplateSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const at = Number(/ at (\d+)$/.exec(message)?.[1] ?? -1);
  let match: RegExpExecArray | null;
  if (/^Unclosed tag/.test(message)) {
    return new TemplateSyntaxError('a tag opened with {{ is not closed with }}', Math.max(0, text.lastIndexOf('{{', at)));
  }
  if ((match = /^Unopened section "(.*)"/.exec(message))) {
    return new TemplateSyntaxError(`{{/${match[1]}}} closes a section that was not opened`, at);
  }
  if ((match = /^Unclosed section "(.*)"/.exec(message))) {
    const opened = Math.max(text.lastIndexOf(`{{#${match[1]}`, at), text.lastIndexOf(`{{^${match[1]}`, at), 0);
    return new TemplateSyntaxError(`the section {{#${match[1]}}} is not closed with {{/${match[1]}}} before ${at >= text.length ? 'the end' : positionOf(text, at)}`, opened);
  }
  if (/^Invalid tags/.test(message)) return new TemplateSyntaxError(REFUSED['='], Math.max(0, text.indexOf('{{=')));
  return new TemplateSyntaxError(`cannot be read (${message})`, Math.max(0, at));
}

const MAX_CACHED = 500;
const cache = new Map<string, Token[]>();

/** The tokens of a template, parsed once (an LRU of the last texts: stored edits, defaults, previews). */
function parse(text: string): Token[] {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  let tokens: Token[];
  try {
    tokens = writer.parse(text, TAGS) as Token[];
  } catch (error) {
    throw syntaxError(text, error);
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(text, tokens);
  return tokens;
}

/** What is wrong with one template text, in order: syntax first (nothing else is then known), then each unknown variable once. */
function textProblems(text: string, definition: NotificationKeyDefinition): string[] {
  let tokens: Token[];
  try {
    tokens = parse(text);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    return [`has invalid syntax at ${positionOf(text, error.index)}: ${error.message}`];
  }
  const problems: string[] = [];
  const unknown = new Set<string>();
  const declared = Object.keys(definition.variables);
  const walk = (list: Token[]) => {
    for (const token of list) {
      const [type, name] = token;
      if (REFUSED[type]) {
        problems.push(`${REFUSED[type]} (at ${positionOf(text, token[2])})`);
      } else if (type === 'name' || type === '#' || type === '^') {
        if (!Object.hasOwn(definition.variables, name) && !unknown.has(name)) {
          unknown.add(name);
          const tag = `{{${type === 'name' ? '' : type}${name}}}`;
          const has = declared.length ? `its variables are ${declared.map((variable) => `{{${variable}}}`).join(', ')}` : 'it has no variables';
          problems.push(`uses ${tag}, which notification ${definition.key} does not have: ${has}`);
        }
        if (token[4]) walk(token[4]);
      }
    }
  };
  walk(tokens);
  return problems;
}

/**
 * Why a template content cannot be saved for a key: invalid syntax (with its position), a refused tag,
 * or a variable the key does not have (the message lists those it has). Field names are the content's:
 * `subject`, `body`, `html`, `provider.fields.<name>`. Empty when it is fine.
 */
export function templateProblems(content: TemplateContent, definition: NotificationKeyDefinition): FieldError[] {
  const texts: Array<[field: string, text: string | undefined]> = [
    ['subject', content.subject],
    ['body', content.body],
    ['html', content.html],
    ...Object.entries(content.provider?.fields ?? {}).map(([name, text]): [string, string] => [`provider.fields.${name}`, text]),
  ];
  return texts.flatMap(([field, text]) => (typeof text === 'string' ? textProblems(text, definition).map((message) => ({ field, message })) : []));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#x60;', '=': '&#x3D;', '/': '&#x2F;' };

/** Mustache's own escaping: safe in element text and in quoted or unquoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=/]/g, (char) => HTML_ESCAPES[char]);
}

function renderTokens(tokens: Token[], values: TemplateValues, escape: (text: string) => string): string {
  let out = '';
  for (const token of tokens) {
    const [type, value] = token;
    if (type === 'text') out += value;
    else if (REFUSED[type]) throw new Error(`a template with ${type} tags cannot be rendered (it should have been refused when it was saved)`);
    else if (type === 'name') out += escape(stringOf(values[value]));
    // Mustache's truthiness: empty text, 0 and a missing value hide a section and show its inverse.
    else if (type === '#' && truthy(values[value])) out += renderTokens(token[4] ?? [], values, escape);
    else if (type === '^' && !truthy(values[value])) out += renderTokens(token[4] ?? [], values, escape);
  }
  return out;
}

function stringOf(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function truthy(value: string | number | null | undefined): boolean {
  return value !== null && value !== undefined && value !== '' && value !== 0 && !Number.isNaN(value);
}

const noEscape = (text: string) => text;

/** Renders one template text; `escape` for an e-mail's HTML only. Values are looked up by own name only. */
export function renderText(text: string, values: TemplateValues, options: { html?: boolean } = {}): string {
  // Own properties only: `constructor` or `toString` must not reach Object.prototype.
  const own: Record<string, string | number | null | undefined> = Object.assign(Object.create(null) as object, values);
  return renderTokens(parse(text), own, options.html ? escapeHtml : noEscape);
}

/** The text part as an HTML document: escaped, blank lines between paragraphs, single breaks kept. */
export function textToHtml(text: string, locale: NotificationLocale): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>\n')}</p>`);
  return `<!DOCTYPE html>\n<html lang="${locale}">\n<head><meta charset="utf-8"></head>\n<body>\n${paragraphs.join('\n')}\n</body>\n</html>\n`;
}

/**
 * A content rendered for one channel: subject, text and provider fields as they are (an SMS or a
 * subject is not HTML), HTML escaped; an e-mail without its own HTML gets one made from the text.
 * A subject stays on one line whatever a value holds (it becomes a mail header).
 */
export function renderContent(content: TemplateContent, values: TemplateValues, channel: NotificationChannel, locale: NotificationLocale): RenderedMessage {
  const message: RenderedMessage = { text: renderText(content.body, values) };
  if (content.subject !== undefined) message.subject = renderText(content.subject, values).replace(/\s*[\r\n]+\s*/g, ' ');
  if (content.html !== undefined) message.html = renderText(content.html, values, { html: true });
  else if (channel === 'email') message.html = textToHtml(message.text, locale);
  if (content.provider) {
    const fields = Object.fromEntries(Object.entries(content.provider.fields).map(([name, text]) => [name, renderText(text, values)]));
    message.provider = { id: content.provider.id, fields };
  }
  return message;
}

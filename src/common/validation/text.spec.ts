import fc from 'fast-check';
import { findTextProblems, MultilineText, textProblem } from './text.js';
import { jsonTooDeep } from '../http/request-body.js';
import { parseIfMatch } from '../http/etag.js';

class NoteDto {
  title!: string;
  @MultilineText()
  body!: string;
}

describe('text rules', () => {
  it('accepts any valid text without controls, emoji and CJK included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
        expect(textProblem(clean, false)).toBeUndefined();
      }),
    );
  });

  it('refuses every C0 control and DEL on one line; tab, LF and CR only where text is multi-line', () => {
    for (let code = 0; code < 0x20; code++) {
      const char = String.fromCharCode(code);
      expect([code, textProblem(`a${char}b`, false)]).toEqual([code, expect.stringMatching(/control characters/)]);
      const allowed = char === '\t' || char === '\n' || char === '\r';
      expect([code, textProblem(`a${char}b`, true) === undefined]).toEqual([code, allowed]);
    }
    expect(textProblem('a\u007f', true)).toMatch(/U\+007F/);
    expect(textProblem('a\u0085', true)).toMatch(/U\+0085/);
    expect(textProblem('é ü ñ\u00a0', false)).toBeUndefined();
  });

  it('refuses lone surrogates, accepts pairs', () => {
    expect(textProblem('\ud83d\ude00', false)).toBeUndefined();
    for (const broken of ['\ud83d', '\ude00', 'a\ud83db', '\ude00\ud83d']) expect(textProblem(broken, false)).toMatch(/lone UTF-16 surrogate/);
  });

  it('names each bad string by its path; multi-line fields are the DTO’s marked ones', () => {
    const dto = Object.assign(new NoteDto(), { title: 'x', body: 'line\nline' });
    expect(findTextProblems(dto)).toEqual([]);
    const nested = { items: [{ name: 'ok' }, { name: 'a\u0000' }], tags: ['a', 'b', 'c\u0001'], note: Object.assign(new NoteDto(), { title: 't\n', body: 'ok\n' }) };
    expect(findTextProblems(nested).map((p) => p.field)).toEqual(['items[1].name', 'tags[2]', 'note.title']);
    expect(findTextProblems('a\u0000', 'id')).toEqual([{ field: 'id', message: expect.stringMatching(/U\+0000/) }]);
  });
});

describe('JSON depth', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonTooDeep('[[[]]]', 3)).toBe(false);
    expect(jsonTooDeep('[[[[]]]]', 3)).toBe(true);
    expect(jsonTooDeep('{"a":"[[[[[[\\"[[[["}', 3)).toBe(false);
    expect(jsonTooDeep(`${'['.repeat(100_000)}`)).toBe(true);
  });
});

describe('If-Match', () => {
  it('reads strong, weak, bare and listed forms of one version', () => {
    for (const header of ['"4"', 'W/"4"', '4', ' "4" ', '"4", W/"4"', '4,"4"']) expect([header, parseIfMatch(header)]).toEqual([header, 4]);
  });

  it('answers 400 for what is no ETag of ours, 428 for none or *', () => {
    for (const header of ['"abc"', 'W/', '"4', '4"', 'v4', '"4", "5"', '""', '"-1"']) {
      expect(() => parseIfMatch(header)).toThrow(expect.objectContaining({ status: 400, code: 'request.if_match_malformed' }));
    }
    for (const header of [undefined, '', '*', '"4", *']) expect(() => parseIfMatch(header)).toThrow(expect.objectContaining({ status: 428 }));
  });
});

import fc from 'fast-check';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblems } from './password-rules.js';

describe('passwordProblems', () => {
  it('accepts a long password with two kinds of characters', () => {
    expect(passwordProblems('correct horse battery')).toEqual([]);
    expect(passwordProblems('Correcthorsebattery')).toEqual([]);
    expect(passwordProblems('美容院的密码是2024年')).toEqual([]);
  });

  it('refuses a short password', () => {
    expect(passwordProblems('Ab1!Ab1!')).toEqual([`must be at least ${PASSWORD_MIN_LENGTH} characters long`]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblems('密码密码密码密码1')).toHaveLength(1);
    expect(passwordProblems('密码密码密码密码密1')).toEqual([]);
  });

  it('refuses a password of one kind of character', () => {
    expect(passwordProblems('abcdefghijkl')).toEqual([expect.stringMatching(/two kinds/)]);
    expect(passwordProblems('ABCDEFGHIJKL')).toEqual([expect.stringMatching(/two kinds/)]);
    expect(passwordProblems('123456789012')).toEqual([expect.stringMatching(/two kinds/)]);
  });

  it('refuses a password over the maximum length', () => {
    expect(passwordProblems(`a1${'x'.repeat(PASSWORD_MAX_LENGTH)}`)).toEqual([`must be at most ${PASSWORD_MAX_LENGTH} characters long`]);
  });

  it("refuses the user's own e-mail or phone", () => {
    expect(passwordProblems('Li.Na@example.com', ['li.na@example.com', null])).toEqual(['must not be your e-mail or phone number']);
    expect(passwordProblems('+86 138-1234-5678x', ['+8613812345678x'])).toEqual(['must not be your e-mail or phone number']);
    expect(passwordProblems('Li.Na@example.com', ['someone@example.com', '+8613812345678'])).toEqual([]);
  });

  it("refuses the end of the user's own phone number typed as the password", () => {
    const twoKinds = 'must mix at least two kinds of characters (lower-case, upper-case, digits, others)';
    const personal = 'must not be your e-mail or phone number';
    // The last 11 digits of +86 138 1234 5678, however the phone was written.
    expect(passwordProblems('13812345678', ['+86 138-1234-5678'])).toEqual([twoKinds, personal]);
    expect(passwordProblems('3812345678', ['+86 (138) 1234 5678'])).toEqual([twoKinds, personal]);
    // Digits from the start or the middle of the number, or a number not hers, are only weak.
    expect(passwordProblems('8613812345', ['+8613812345678'])).toEqual([twoKinds]);
    expect(passwordProblems('3812345678', ['+8613912345678'])).toEqual([twoKinds]);
    // Only digits count as a suffix: the end of an e-mail address is no phone number.
    expect(passwordProblems('na@example.com', ['li.na@example.com'])).toEqual([]);
    expect(passwordProblems('Na@Example.Com', ['li.na@example.com'])).toEqual([]);
  });

  it('ignores missing or empty personal values', () => {
    expect(passwordProblems('Correcthorse', [null, undefined, ''])).toEqual([]);
    expect(passwordProblems('', [''])).toEqual([`must be at least ${PASSWORD_MIN_LENGTH} characters long`]);
  });

  it('accepts exactly the minimum and maximum lengths', () => {
    expect(passwordProblems('Abcdefghi1')).toEqual([]);
    expect(passwordProblems('Abcdefgh1')).toEqual([`must be at least ${PASSWORD_MIN_LENGTH} characters long`]);
    expect(passwordProblems(`A${'b'.repeat(PASSWORD_MAX_LENGTH - 1)}`)).toEqual([]);
  });

  it('tells lower-case, upper-case, digits and others apart, in any script', () => {
    const pairs = ['abcdefghi1', 'ABCDEFGHI1', 'abcdefghi!', 'ABCDEFGHI!', '123456789!', 'αβγδεζηθιΚ', '１２３４５６７８９a'];
    for (const password of pairs) expect([password, passwordProblems(password)]).toEqual([password, []]);
    const single = ['!!!!!!!!!!', 'αβγδεζηθικ', 'ΑΒΓΔΕΖΗΘΙΚ', '１２３４５６７８９０', '密码密码密码密码密码'];
    for (const password of single) expect([password, passwordProblems(password)]).toEqual([password, [expect.stringMatching(/two kinds/)]]);
  });

  it('never accepts a password shorter than the minimum, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: PASSWORD_MIN_LENGTH - 1 }), (password) => {
        expect(passwordProblems(password).length).toBeGreaterThan(0);
      }),
    );
  });
});

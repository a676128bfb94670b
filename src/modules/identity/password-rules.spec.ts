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

  it('refuses the user\'s own e-mail or phone', () => {
    expect(passwordProblems('Li.Na@example.com', ['li.na@example.com', null])).toEqual(['must not be your e-mail or phone number']);
    expect(passwordProblems('+86 138-1234-5678x', ['+8613812345678x'])).toEqual(['must not be your e-mail or phone number']);
    expect(passwordProblems('Li.Na@example.com', ['someone@example.com', '+8613812345678'])).toEqual([]);
  });

  it('never accepts a password shorter than the minimum, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: PASSWORD_MIN_LENGTH - 1 }), (password) => {
        expect(passwordProblems(password).length).toBeGreaterThan(0);
      }),
    );
  });
});

import { normaliseEmail, normalisePhone, parseLoginName } from './login-name.js';

describe('normalisePhone', () => {
  it.each([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['008613812345678', '+8613812345678'],
    ['021 6234 5678', '+862162345678'],
    ['+1 415 555 2671', '+14155552671'],
  ])('reads %s as %s', (raw, e164) => {
    expect(normalisePhone(raw)).toBe(e164);
  });

  it.each(['12345', '', '   ', 'abc', '1381234567x', '+86 138 1234 5678 9999 0000 1111 2222'])('refuses %j', (raw) => {
    expect(normalisePhone(raw)).toBeUndefined();
  });

  it('honours another default region', () => {
    expect(normalisePhone('(415) 555-2671', 'US')).toBe('+14155552671');
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Li.Na@Example.COM ')).toBe('li.na@example.com');
  });
  it.each(['li.na', 'li na@example.com', '@example.com', 'li@example'])('refuses %j', (raw) => {
    expect(normaliseEmail(raw)).toBeUndefined();
  });
});

describe('parseLoginName', () => {
  it('reads anything with an @ as an e-mail', () => {
    expect(parseLoginName('Owner@Bloom.Example')).toEqual({ kind: 'email', value: 'owner@bloom.example' });
  });
  it('reads digits as a phone', () => {
    expect(parseLoginName('138 1234 5678')).toEqual({ kind: 'phone', value: '+8613812345678' });
  });
  it('gives up on what is neither', () => {
    expect(parseLoginName('owner')).toBeUndefined();
    expect(parseLoginName('owner@')).toBeUndefined();
  });
});

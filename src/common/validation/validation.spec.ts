import { isCountryCode, isIanaTimeZone, isIsoCurrency, maskEmail, maskPhone, normaliseEmail, normalisePhone } from './index.js';

describe('locale values', () => {
  it('accepts IANA time zones, UTC and IANA aliases', () => {
    for (const zone of ['Asia/Shanghai', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/UTC', 'Asia/Kolkata', 'Asia/Calcutta']) {
      expect([zone, isIanaTimeZone(zone)]).toEqual([zone, true]);
    }
  });

  it('refuses abbreviations, offsets, odd casing and made-up zones', () => {
    for (const zone of ['CST', 'EST', 'PRC', '+08:00', 'GMT+8', 'asia/shanghai', 'Asia/shanghai', 'Asia/Beijing', 'Mars/Olympus_Mons', '', 42]) {
      expect([zone, isIanaTimeZone(zone)]).toEqual([zone, false]);
    }
  });

  it('accepts ISO 4217 currencies in upper case only', () => {
    expect(isIsoCurrency('CNY')).toBe(true);
    expect(isIsoCurrency('HKD')).toBe(true);
    expect(isIsoCurrency('cny')).toBe(false);
    expect(isIsoCurrency('XYZ')).toBe(false);
    expect(isIsoCurrency('RMB')).toBe(false);
  });

  it('accepts ISO 3166-1 alpha-2 countries', () => {
    expect(isCountryCode('CN')).toBe(true);
    expect(isCountryCode('HK')).toBe(true);
    expect(isCountryCode('cn')).toBe(false);
    expect(isCountryCode('ZZ')).toBe(false);
  });

  it('normalizes phone numbers to E.164 with China as the default region', () => {
    expect(normalisePhone('021 6123 4567')).toBe('+862161234567');
    expect(normalisePhone('138 1234 5678')).toBe('+8613812345678');
    expect(normalisePhone('+49 30 901820')).toBe('+4930901820');
    expect(normalisePhone('12345')).toBeUndefined();
    expect(normalisePhone('not a phone')).toBeUndefined();
  });
});

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

  it.each(['12345', '', '   ', 'abc', '1381234567x', '+86 138 1234 5678 9999 0000 1111 2222', 42])('refuses %j', (raw) => {
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

describe('masking', () => {
  it('keeps the first 3 and last 4 digits of a national number', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678');
    expect(maskPhone('+85291234567')).toBe('****4567');
    expect(maskPhone('+14155552671')).toBe('415****2671');
  });
  it('keeps the first letter and the domain of an e-mail', () => {
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
  });
});

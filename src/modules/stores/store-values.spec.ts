import { isCountryCode, isIanaTimeZone, isIsoCurrency, toE164 } from './store-values.js';

describe('store values', () => {
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
    expect(toE164('021 6123 4567')).toBe('+862161234567');
    expect(toE164('138 1234 5678')).toBe('+8613812345678');
    expect(toE164('+49 30 901820')).toBe('+4930901820');
    expect(toE164('12345')).toBeUndefined();
    expect(toE164('not a phone')).toBeUndefined();
  });
});

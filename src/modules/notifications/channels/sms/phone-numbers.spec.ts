import { PermanentSendError } from '../../notification-contracts.js';
import { aliyunPhoneNumber, recipientPhone } from './phone-numbers.js';

describe('SMS recipient numbers', () => {
  it('reads E.164 and national mainland numbers alike', () => {
    expect(recipientPhone('+86 138 0013 8000')).toBe('+8613800138000');
    expect(recipientPhone('13800138000')).toBe('+8613800138000');
    expect(recipientPhone('0085291234567')).toBe('+85291234567');
  });

  it('refuses a missing or impossible number permanently', () => {
    expect(() => recipientPhone(undefined)).toThrow(PermanentSendError);
    expect(() => recipientPhone('+86 123')).toThrow(expect.objectContaining({ providerCode: 'invalid_number' }) as Error);
  });

  it('writes mainland numbers without +86 and others with their country code for Aliyun', () => {
    expect(aliyunPhoneNumber('+8613800138000')).toBe('13800138000');
    expect(aliyunPhoneNumber('+85291234567')).toBe('85291234567');
    expect(aliyunPhoneNumber('+14155550123')).toBe('14155550123');
  });
});

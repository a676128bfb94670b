import { redact } from './redact.js';

describe('redact', () => {
  it('removes numbers, addresses and query strings from provider errors, and keeps the codes', () => {
    expect(redact("The 'To' number +86 138 0013 8000 is not a valid phone number (21211)")).toBe("The 'To' number [number] is not a valid phone number (21211)");
    expect(redact('550 5.1.1 <Wang.Li@example.com>: Recipient address rejected')).toBe('550 5.1.1 <[address]>: Recipient address rejected');
    expect(redact('POST https://dysmsapi.aliyuncs.com/?OutId=n&PhoneNumbers=13800138000 failed')).toBe('POST https://dysmsapi.aliyuncs.com/?… failed');
    expect(redact('isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控Permits:1')).toBe('isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控Permits:1');
  });
});

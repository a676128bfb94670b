import { normalisePhone } from '../../../../common/validation/phone.js';
import { PermanentSendError } from '../../notification-contracts.js';

/** The E.164 form of the recipient's phone, or a permanent failure: no provider can reach a number that is not one. */
export function recipientPhone(phone: string | undefined): string {
  if (!phone) throw new PermanentSendError('The recipient has no phone number.', 'no_address');
  const e164 = normalisePhone(phone);
  if (!e164) throw new PermanentSendError('The recipient phone is not a valid number.', 'invalid_number');
  return e164;
}

/**
 * Aliyun SendSms wants mainland numbers as their 11 digits (no +86) and other numbers as country
 * code and number without `+` or `00` (Aliyun's PhoneNumbers documentation: "国际区号+号码", e.g. 85200000000).
 */
export function aliyunPhoneNumber(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.slice(1);
}

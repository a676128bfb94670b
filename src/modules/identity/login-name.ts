import { normaliseEmail, normalisePhone } from '../../common/validation/index.js';

/** What a person typed to sign in, as stored: a lower-cased e-mail or an E.164 phone. */
export type LoginName = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

/** An e-mail (anything with an @) or a phone; undefined when it is neither. */
export function parseLoginName(raw: string): LoginName | undefined {
  if (raw.includes('@')) {
    const email = normaliseEmail(raw);
    return email ? { kind: 'email', value: email } : undefined;
  }
  const phone = normalisePhone(raw);
  return phone ? { kind: 'phone', value: phone } : undefined;
}

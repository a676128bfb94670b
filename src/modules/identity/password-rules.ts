/**
 * The minimum a staff password must meet. Kept modest on purpose (NIST SP 800-63B: length matters
 * more than composition rules); argon2id and the login rate limit do the rest.
 */
export const PASSWORD_MIN_LENGTH = 10;
/** argon2 takes any length; the cap only keeps one request from hashing megabytes. */
export const PASSWORD_MAX_LENGTH = 128;

function characterClasses(password: string): number {
  const classes = new Set<string>();
  for (const char of password) {
    if (/\p{Ll}/u.test(char)) classes.add('lower');
    else if (/\p{Lu}/u.test(char)) classes.add('upper');
    else if (/\p{Nd}/u.test(char)) classes.add('digit');
    else classes.add('other');
  }
  return classes.size;
}

/**
 * What is wrong with a new password, as sentences for a person; empty when it is acceptable.
 * `personal` holds the user's own e-mail and phone, which must not serve as the password.
 */
export function passwordProblems(password: string, personal: Array<string | null | undefined> = []): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  if (length > 0 && characterClasses(password) < 2) {
    problems.push('must mix at least two kinds of characters (lower-case, upper-case, digits, others)');
  }
  // Compared without case, spaces and phone punctuation: `+86 138…` and `138…` are the same phone.
  const compact = (value: string) => value.toLowerCase().replace(/[\s()+-]/g, '');
  const mine = compact(password);
  const isPersonal = personal.some((value) => value && (compact(value) === mine || (/^\d+$/.test(mine) && compact(value).endsWith(mine))));
  if (isPersonal) problems.push('must not be your e-mail or phone number');
  return problems;
}

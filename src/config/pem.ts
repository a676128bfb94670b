import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * RSA keys from the environment. Consoles hand them out differently: WeChat Pay as PEM files (a public
 * key, or a platform certificate whose key is taken), Alipay's key tool as the bare base64 body (PKCS#8
 * or PKCS#1 for the private key, SPKI for the public one). An env file cannot hold newlines easily, so
 * `\n` escapes are accepted too. Answers the key as PEM, so the rest of the code handles one form; ''
 * stays '' (the provider is not configured).
 */
export function parsePemKey(kind: 'private' | 'public', raw: string): string | { error: string } {
  const text = raw.trim().replace(/\\n/g, '\n');
  if (text === '') return '';
  const key = tryKey(kind, text);
  if (!key || key.asymmetricKeyType !== 'rsa') {
    return { error: `must be an RSA ${kind} key: PEM (-----BEGIN ${kind === 'private' ? 'PRIVATE' : 'PUBLIC'} KEY-----…, newlines as \\n) or its base64 body` };
  }
  return kind === 'private' ? (key.export({ type: 'pkcs8', format: 'pem' }) as string) : (key.export({ type: 'spki', format: 'pem' }) as string);
}

function tryKey(kind: 'private' | 'public', text: string): KeyObject | undefined {
  const attempts: (() => KeyObject)[] = text.startsWith('-----BEGIN')
    ? [() => (kind === 'private' ? createPrivateKey(text) : createPublicKey(text))]
    : kind === 'private'
      ? [
          () => createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' }),
          () => createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs1' }),
        ]
      : [
          () => createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' }),
          () => createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs1' }),
        ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // the next form
    }
  }
  return undefined;
}

import { generateKeyPairSync } from 'node:crypto';
import { loadConfig, ConfigError } from './config.js';
import { parsePemKey } from './pem.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;

describe('RSA keys from the environment', () => {
  it('takes PEM, PEM with escaped newlines, and the bare base64 bodies consoles print', () => {
    const pkcs1Body = (rsa.privateKey.export({ type: 'pkcs1', format: 'der' }) as Buffer).toString('base64');
    const pkcs8Body = (rsa.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64');
    for (const raw of [privatePem, privatePem.replace(/\n/g, '\\n'), pkcs1Body, pkcs8Body]) expect(parsePemKey('private', raw)).toBe(privatePem);
    const spkiBody = (rsa.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
    for (const raw of [publicPem, publicPem.replace(/\n/g, '\\n'), spkiBody]) expect(parsePemKey('public', raw)).toBe(publicPem);
    expect(parsePemKey('private', '')).toBe('');
  });

  it('refuses what is not an RSA key of the kind asked, without echoing the secret', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(parsePemKey('private', ec)).toEqual({ error: expect.stringMatching(/must be an RSA private key/) });
    expect(parsePemKey('private', publicPem)).toEqual({ error: expect.stringMatching(/must be an RSA private key/) });
    expect(parsePemKey('public', 'not a key')).toEqual({ error: expect.stringMatching(/must be an RSA public key/) });
    try {
      loadConfig({ ALIPAY_APP_PRIVATE_KEY: 'MIIEsecret-looking-text' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^ALIPAY_APP_PRIVATE_KEY must be an RSA private key.*\(got a hidden value\)$/)]);
    }
  });
});

import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { loadConfig, ConfigError } from './config.js';
import { parsePemKey } from './pem.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
/** A throwaway self-signed certificate (openssl req -x509 -newkey rsa:2048), as WeChat Pay platform certificates come. */
const CERTIFICATE =
  '-----BEGIN CERTIFICATE-----\nMIIC/zCCAeegAwIBAgIUEG8cquUcKhBjckbqsvKYnSctzOAwDQYJKoZIhvcNAQEL\nBQAwDzENMAsGA1UEAwwEdGVzdDAeFw0yNjEyMDcxNDEwMjlaFw0yNjEyMDgxNDEw\nMjlaMA8xDTALBgNVBAMMBHRlc3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK\nAoIBAQDK8qt6PjM2lC3McPXNWZ2ZhJgGcPm++R3n3qiT0KmLk0t0CegsB2VdG/uC\nKEVaq4NEtEO8iSSw80Cu1PRMffDrDvFLY3oDXUo0dNHhnAVoAeEP6v1TNn17eJGz\nEzFx96pJwcA8cnke9jD7DRw4pIZI6d97ehR4bWZyckFBR5Gv+5tDr32VbPn8Nqxe\nZm4gA+Q+2OtYXuxH07E4nE/rpZaII2u/k/3vDAcqUtJl/NazBqBqpbcDM9DGmlxA\n7SSLNhaPyOpblT3DJP01QSGB7LVbAuTJDCws8AeSHy+4TlQrh0a9Nzq8BURV3JOB\nVP+yE/2xcP+dE275azffc1WnU8x7AgMBAAGjUzBRMB0GA1UdDgQWBBR7T77VlsXx\nJABxodB2H0tXl+OVCjAfBgNVHSMEGDAWgBR7T77VlsXxJABxodB2H0tXl+OVCjAP\nBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQCjSotKPoD00gxvvu3A\npBUAsTAZqhDD+/66x9aRlGHTqmUgkAAWH41HCkPVagO2EkZMLRFTBOlF+tCp5aPp\nKVhrvJaRmur40O1SEQGZT04L91TJr8iBEzSOVUEdgmAOhQtrtr/EFJvUebPnIN0G\nZSH7QHOkCB3y3uxDhUbjZfRrQL/Dpk97o5rG0Wyaan/EsW1alKWqYZ9wEFxdk7nk\neg+d58RChM90ecXZHI5rcdL9rlGtH5hyhDSE7E3bbUBrqvH825BwssltdCZJz+4c\nbcblGwYwW/dqLWo0T6fyAfeiYIApZc8i8qDskhOgt3XBNv2WeLOBNnEtf7wWaJVh\n1aQh\n-----END CERTIFICATE-----\n';

describe('RSA keys from the environment', () => {
  it('takes PEM, PEM with escaped newlines, and the bare base64 bodies consoles print', () => {
    const pkcs1Body = (rsa.privateKey.export({ type: 'pkcs1', format: 'der' }) as Buffer).toString('base64');
    const pkcs8Body = (rsa.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64');
    for (const raw of [privatePem, privatePem.replace(/\n/g, '\\n'), pkcs1Body, pkcs8Body]) expect(parsePemKey('private', raw)).toBe(privatePem);
    const spkiBody = (rsa.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
    for (const raw of [publicPem, publicPem.replace(/\n/g, '\\n'), spkiBody]) expect(parsePemKey('public', raw)).toBe(publicPem);
    expect(parsePemKey('private', '')).toBe('');
  });

  it('takes the public key of a platform certificate', () => {
    expect(parsePemKey('public', CERTIFICATE)).toBe(new X509Certificate(CERTIFICATE).publicKey.export({ type: 'spki', format: 'pem' }));
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

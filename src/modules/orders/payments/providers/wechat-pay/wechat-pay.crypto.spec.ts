import { generateKeyPairSync } from 'node:crypto';
import { encryptResource, wechatpayHeaders, wechatPayTestKeys } from '../../../../../../test/support/fake-wechat-pay.js';
import { authorization, decryptResource, parseAuthorization, rsaVerify, verifyWechatpaySignature } from './wechat-pay.crypto.js';

const keys = wechatPayTestKeys();
const platformKey = { id: keys.platformKeyId, key: keys.env.WECHAT_PAY_PUBLIC_KEY };

describe('WeChat Pay v3 crypto', () => {
  it('signs a request as the documented message (method, path, time, nonce, body, each + \\n)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const body = '{"mchid":"1900000001"}';
    const header = authorization({
      mchId: '1900000001',
      serialNo: 'ABC',
      privateKey,
      method: 'post',
      pathAndQuery: '/v3/pay/transactions/jsapi',
      body,
      timestamp: 1554208460,
      nonce: 'N1',
    });
    const fields = parseAuthorization(header)!;
    expect(header.startsWith('WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="N1",signature="')).toBe(true);
    expect(fields).toMatchObject({ mchid: '1900000001', nonce_str: 'N1', timestamp: '1554208460', serial_no: 'ABC' });
    expect(rsaVerify(publicKey, ['POST', '/v3/pay/transactions/jsapi', '1554208460', 'N1', body], fields.signature)).toBe(true);
    expect(rsaVerify(publicKey, ['POST', '/v3/pay/transactions/app', '1554208460', 'N1', body], fields.signature)).toBe(false);
  });

  it('decrypts what WeChat Pay encrypts with the APIv3 key (AES-256-GCM round trip)', () => {
    const resource = encryptResource(keys.apiV3Key, '{"out_trade_no":"SO-1","amount":{"total":12800}}', 'transaction');
    expect(decryptResource(keys.apiV3Key, resource)).toBe('{"out_trade_no":"SO-1","amount":{"total":12800}}');
  });

  it('refuses a resource whose ciphertext, associated data or key is not the one encrypted', () => {
    const resource = encryptResource(keys.apiV3Key, '{"amount":{"total":12800}}');
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    bytes[3] ^= 1;
    expect(decryptResource(keys.apiV3Key, { ...resource, ciphertext: bytes.toString('base64') })).toBeUndefined();
    expect(decryptResource(keys.apiV3Key, { ...resource, associated_data: 'refund' })).toBeUndefined();
    expect(decryptResource('x'.repeat(32), resource)).toBeUndefined();
    expect(decryptResource(keys.apiV3Key, { ...resource, algorithm: 'AEAD_AES_128_GCM' })).toBeUndefined();
  });

  it('verifies a signed answer and refuses it changed, from another key, old, or unsigned', () => {
    const now = Date.now();
    const body = '{"trade_state":"SUCCESS"}';
    const headers = wechatpayHeaders(keys, body, Math.floor(now / 1000));
    expect(verifyWechatpaySignature(headers, body, platformKey, now)).toBe('ok');
    expect(verifyWechatpaySignature(headers, body.replace('SUCCESS', 'CLOSED'), platformKey, now)).toBe('bad_signature');
    expect(verifyWechatpaySignature({ ...headers, 'wechatpay-signature': `WECHATPAY/SIGNTEST/${headers['wechatpay-signature']}` }, body, platformKey, now)).toBe('bad_signature');
    expect(verifyWechatpaySignature({ ...headers, 'wechatpay-serial': 'PUB_KEY_ID_other' }, body, platformKey, now)).toBe('unknown_key');
    expect(verifyWechatpaySignature({ ...headers, 'wechatpay-nonce': undefined }, body, platformKey, now)).toBe('missing');
    // Six minutes later the same (valid) signature is a replay.
    expect(verifyWechatpaySignature(headers, body, platformKey, now + 6 * 60_000)).toBe('stale');
    expect(verifyWechatpaySignature(headers, body, platformKey, now + 4 * 60_000)).toBe('ok');
  });
});

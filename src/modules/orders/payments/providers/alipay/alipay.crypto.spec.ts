import { generateKeyPairSync } from 'node:crypto';
import { beijingTime, fromBeijingTime, notificationSignContent, requestSignContent, responseNodeText, rsa2Sign, rsa2Verify } from './alipay.crypto.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('Alipay RSA2 signing', () => {
  it('signs requests over the sorted parameters, skipping sign and empty values, values not encoded', () => {
    const params = {
      timestamp: '2026-12-07 18:00:00',
      method: 'alipay.trade.pay',
      app_id: '2021000000000001',
      sign: 'ignored',
      notify_url: '',
      biz_content: '{"out_trade_no":"SO-1","subject":"面部护理 & 精华","total_amount":"128.00"}',
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      format: undefined,
    };
    expect(requestSignContent(params)).toBe(
      'app_id=2021000000000001&biz_content={"out_trade_no":"SO-1","subject":"面部护理 & 精华","total_amount":"128.00"}&charset=utf-8&method=alipay.trade.pay&sign_type=RSA2&timestamp=2026-12-07 18:00:00&version=1.0',
    );
  });

  it('checks notifications over their decoded fields without sign and sign_type, empty ones kept', () => {
    const form = new URLSearchParams(
      'total_amount=2.00&buyer_id=2088102116773037&body=%E5%A4%A7%E4%B9%90%E9%80%8F+2.1&trade_no=2016071921001003030200089909&refund_fee=&sign_type=RSA2&sign=abc&subject=a%26b%3Dc',
    );
    expect(notificationSignContent(form)).toBe('body=大乐透 2.1&buyer_id=2088102116773037&refund_fee=&subject=a&b=c&total_amount=2.00&trade_no=2016071921001003030200089909');
  });

  it('verifies what it signs, and nothing changed', () => {
    const content = 'app_id=2021000000000001&biz_content={"total_amount":"0.01"}';
    const signature = rsa2Sign(privateKey, content);
    expect(rsa2Verify(publicKey, content, signature)).toBe(true);
    expect(rsa2Verify(publicKey, content.replace('0.01', '0.02'), signature)).toBe(false);
    expect(rsa2Verify(publicKey, content, 'not base64 at all')).toBe(false);
    expect(rsa2Verify(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, content, signature)).toBe(false);
  });

  it('finds the exact signed text of the response node, braces inside strings and nested objects included', () => {
    const node = '{"code":"10000","store_name":"花漾 {旗舰} \\"店\\"}","fund_bill_list":[{"amount":"1.00"}]}';
    const answer = `{"sign":"x","alipay_trade_pay_response" : ${node},"alipay_cert_sn":"y"}`;
    expect(responseNodeText(answer, 'alipay_trade_pay_response')).toBe(node);
    expect(responseNodeText(answer, 'alipay_trade_query_response')).toBeUndefined();
    expect(responseNodeText('{"alipay_trade_pay_response":{"code":"10000"', 'alipay_trade_pay_response')).toBeUndefined();
  });

  it('writes and reads Beijing time, as Alipay does', () => {
    expect(beijingTime(new Date('2026-12-07T16:30:05Z'))).toBe('2026-12-08 00:30:05');
    expect(fromBeijingTime('2026-12-08 00:30:05')).toEqual(new Date('2026-12-07T16:30:05Z'));
    expect(fromBeijingTime('yesterday')).toBeNull();
  });
});

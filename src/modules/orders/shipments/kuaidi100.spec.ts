import { kuaidi100Sign, kuaidi100SignatureValid, kuaidi100State, parseKuaidi100 } from './kuaidi100.js';

describe('Kuaidi100 push', () => {
  it('maps the state codes, main and detailed, to shipment statuses and exceptions', () => {
    expect(kuaidi100State('0')).toEqual({ status: 'in_transit', exceptionKind: null });
    expect(kuaidi100State('1')).toEqual({ status: 'picked_up', exceptionKind: null });
    expect(kuaidi100State('101')).toEqual({ status: 'picked_up', exceptionKind: null });
    expect(kuaidi100State('2')).toEqual({ status: 'exception', exceptionKind: 'delayed' });
    expect(kuaidi100State('209')).toEqual({ status: 'exception', exceptionKind: 'damaged' });
    expect(kuaidi100State('3')).toEqual({ status: 'delivered', exceptionKind: null });
    expect(kuaidi100State('301')).toEqual({ status: 'delivered', exceptionKind: null });
    expect(kuaidi100State('4')).toEqual({ status: 'returned', exceptionKind: 'returned' });
    expect(kuaidi100State('5')).toEqual({ status: 'out_for_delivery', exceptionKind: null });
    expect(kuaidi100State('6')).toEqual({ status: 'returned', exceptionKind: 'returned' });
    expect(kuaidi100State('14')).toEqual({ status: 'refused', exceptionKind: 'refused' });
    expect(kuaidi100State('1001')).toEqual({ status: 'in_transit', exceptionKind: null });
  });

  it('signs as MD5(param + salt) upper-case and checks it in constant time', () => {
    const sign = kuaidi100Sign('{"a":1}', 'salt');
    expect(sign).toMatch(/^[0-9A-F]{32}$/);
    expect(kuaidi100SignatureValid('{"a":1}', sign, 'salt')).toBe(true);
    expect(kuaidi100SignatureValid('{"a":1}', sign.toLowerCase(), 'salt')).toBe(true);
    expect(kuaidi100SignatureValid('{"a":2}', sign, 'salt')).toBe(false);
    expect(kuaidi100SignatureValid('{"a":1}', undefined, 'salt')).toBe(false);
  });

  it('reads the route newest first, in China time, and names what is wrong', () => {
    const push = parseKuaidi100(
      JSON.stringify({
        status: 'polling',
        lastResult: {
          nu: 'SF1',
          com: 'shunfeng',
          state: '5',
          data: [
            { time: '2027-05-11 09:30:00', ftime: '2027-05-11 09:30:00', context: '派件中', areaName: '上海' },
            { time: '2027-05-10 20:00:00', context: '已揽收' },
          ],
        },
      }),
    );
    expect(push).toEqual({
      trackingNumber: 'SF1',
      carrier: 'shunfeng',
      events: [
        { status: 'out_for_delivery', exceptionKind: null, occurredAt: new Date('2027-05-11T01:30:00Z'), location: '上海', description: '派件中' },
        { status: 'in_transit', exceptionKind: null, occurredAt: new Date('2027-05-10T12:00:00Z'), location: null, description: '已揽收' },
      ],
    });
    expect(parseKuaidi100('nope')).toEqual({ field: 'param', message: 'is not JSON' });
    expect(parseKuaidi100('{"lastResult":{"nu":"x","state":"0","data":[{"time":"yesterday"}]}}')).toMatchObject({ field: 'param.lastResult.data[0].time' });
  });
});

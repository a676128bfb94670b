import { ipv6Groups, refusedAddressReason } from './target-address.js';

describe('webhook target addresses (SSRF)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.100.100.200', 'CGNAT'], // Alibaba Cloud's metadata service
    ['100.127.255.255', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.170', 'protocol assignments'],
    ['198.18.0.1', 'benchmarking'],
    ['192.0.2.1', 'documentation'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['0000:0000:0000:0000:0000:0000:0000:0000', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['FE80::ABCD', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd00:ec2::254', 'unique local'], // AWS's IPv6 metadata service
    ['fdff:ffff::1', 'unique local'],
    ['ff02::1', 'multicast'],
    ['ff05::fb', 'multicast'],
    ['fec0::1', 'site-local'],
    ['::ffff:127.0.0.1', 'loopback (as IPv6)'],
    ['::ffff:7f00:1', 'loopback (as IPv6)'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback (as IPv6)'],
    ['::ffff:10.1.2.3', 'private (as IPv6)'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata) (as IPv6)'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::127.0.0.1', 'loopback (as IPv6)'],
    ['::10.0.0.1', 'private (as IPv6)'],
    ['64:ff9b::127.0.0.1', 'through NAT64'],
    ['64:ff9b::a9fe:a9fe', 'through NAT64'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::1', 'through 6to4'],
    ['2002:c0a8:101::', 'through 6to4'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:db8::1', 'documentation'],
    ['100::1', 'discard'],
    ['localhost', 'not an IP address'],
    ['', 'not an IP address'],
    ['::ffff:300.1.1.1', 'not an IP address'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(refusedAddressReason(address)).toContain(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '100.63.255.255', // just below CGNAT
    '100.128.0.0', // just above
    '172.15.255.255',
    '172.32.0.0',
    '169.253.255.255',
    '223.255.255.255',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2404:6800:4008:c01::8b',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:4860:4860::8888', // 2001:4860 is not Teredo (2001:0000::/32)
    'fbff::1', // just below fc00::/7
  ])('lets %s through (a public address)', (address) => {
    expect(refusedAddressReason(address)).toBeUndefined();
  });

  it('expands IPv6 forms to eight groups', () => {
    expect(ipv6Groups('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(ipv6Groups('fe80::')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    expect(ipv6Groups('not-an-address')).toBeUndefined();
  });
});

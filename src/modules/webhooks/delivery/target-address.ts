import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which addresses a webhook may not reach (SSRF): anything that is not a public unicast address.
 * IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`) are judged by that IPv4 address.
 */
type Range = readonly [prefix: number[], bits: number, reason: string];

const V4_REFUSED: Range[] = [
  [[0, 0, 0, 0], 8, 'unspecified ("this network")'],
  [[10, 0, 0, 0], 8, 'private'],
  [[100, 64, 0, 0], 10, 'shared (CGNAT), where cloud metadata services also live'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'link-local (cloud metadata)'],
  [[172, 16, 0, 0], 12, 'private'],
  [[192, 0, 0, 0], 24, 'reserved for protocol assignments'],
  [[192, 0, 2, 0], 24, 'documentation'],
  [[192, 88, 99, 0], 24, 'reserved (6to4 relay)'],
  [[192, 168, 0, 0], 16, 'private'],
  [[198, 18, 0, 0], 15, 'reserved for benchmarking'],
  [[198, 51, 100, 0], 24, 'documentation'],
  [[203, 0, 113, 0], 24, 'documentation'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved (and broadcast)'],
];

const V6_REFUSED: Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, 'local-use NAT64'],
  [[0x100, 0, 0, 0, 0, 0, 0, 0], 64, 'discard-only'],
  [[0x2001, 0, 0, 0, 0, 0, 0, 0], 32, 'Teredo tunnelling (hides its IPv4 address)'],
  [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, 'documentation'],
  [[0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, 'unique local (private, cloud metadata)'],
  [[0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, 'link-local'],
  [[0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, 'site-local'],
  [[0xff00, 0, 0, 0, 0, 0, 0, 0], 8, 'multicast'],
];

function inRange(value: number[], width: number, [prefix, bits]: Range): boolean {
  for (let i = 0, left = bits; left > 0; i++, left -= width) {
    const take = Math.min(width, left);
    const mask = take === width ? (1 << width) - 1 : ((1 << take) - 1) << (width - take);
    if ((value[i] & mask) !== (prefix[i] & mask)) return false;
  }
  return true;
}

/** The eight 16-bit groups of an IPv6 address (zone index dropped, IPv4 tail expanded), or undefined. */
export function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0].toLowerCase();
  if (!isIPv6(text)) return undefined;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    const [a, b, c, d] = tail.split('.').map(Number);
    text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const zeros = text.includes('::') ? 8 - left.length - right.length : 0;
  const groups = [...left, ...Array<string>(zeros).fill('0'), ...right].map((group) => parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : undefined;
}

function v4Reason(octets: number[]): string | undefined {
  return V4_REFUSED.find((range) => inRange(octets, 8, range))?.[2];
}

const octetsOf = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff];

/**
 * Why a webhook may not be sent to `address` (an IP literal), or undefined when it is a public
 * address. Anything that is not an IP address is refused too (the caller resolves names first).
 */
export function refusedAddressReason(address: string): string | undefined {
  if (isIPv4(address)) return v4Reason(address.split('.').map(Number));
  const groups = ipv6Groups(address);
  if (!groups) return 'not an IP address';
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated; :: and ::1 are checked below).
  if (upperZero && (g5 === 0xffff || (g5 === 0 && (g6 !== 0 || g7 > 1)))) {
    const reason = v4Reason(octetsOf(g6, g7));
    return reason ? `${reason} (as IPv6)` : undefined;
  }
  // NAT64 well-known prefix 64:ff9b::/96 reaches the IPv4 address in its last 32 bits.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    const reason = v4Reason(octetsOf(g6, g7));
    return reason ? `${reason} (through NAT64)` : undefined;
  }
  // 6to4 2002:aabb:ccdd::/48 tunnels to the IPv4 address aa.bb.cc.dd.
  if (g0 === 0x2002) {
    const reason = v4Reason(octetsOf(g1, g2));
    return reason ? `${reason} (through 6to4)` : undefined;
  }
  return V6_REFUSED.find((range) => inRange(groups, 16, range))?.[2];
}

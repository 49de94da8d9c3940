import fc from 'fast-check';
import { type Ipv4Range, overlaps, parseCidr, rangeAt } from '../../../lib/core/cidr';

function range(cidr: string): Ipv4Range {
  const parsed = parseCidr(cidr);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('parseCidr', () => {
  it.each(['10.0.0.0/08', '10.0.0.0/00', '10.0.0.0/024'])('refuses the non-canonical prefix in %j', (value) => {
    expect(typeof parseCidr(value)).toBe('string');
  });

  it.each([
    ['10.0.0.0/8', 167772160, 184549375, 8],
    ['10.64.0.0/14', 171966464, 172228607, 14],
    ['172.16.0.16/28', 2886729744, 2886729759, 28],
    ['192.168.1.7/32', 3232235783, 3232235783, 32],
    ['0.0.0.0/0', 0, 4294967295, 0],
    ['255.255.255.255/32', 4294967295, 4294967295, 32],
    ['128.0.0.0/1', 2147483648, 4294967295, 1],
  ])('parses %s', (cidr, start, end, prefix) => {
    expect(parseCidr(cidr)).toEqual({ cidr, start, end, prefix });
  });

  it.each([
    ['10.0.0.0', '"10.0.0.0" is not an IPv4 CIDR (expected a.b.c.d/n)'],
    ['10.0.0.0/', '"10.0.0.0/" is not an IPv4 CIDR (expected a.b.c.d/n)'],
    ['10.0.0.0/-1', '"10.0.0.0/-1" is not an IPv4 CIDR (expected a.b.c.d/n)'],
    ['10.0.0.0/8 ', '"10.0.0.0/8 " is not an IPv4 CIDR (expected a.b.c.d/n)'],
    ['10.0.0.0/100', '"10.0.0.0/100" is not an IPv4 CIDR (expected a.b.c.d/n)'],
    ['10.0.0.0/8/8', '"10.0.0.0/8/8" is not an IPv4 CIDR (expected a.b.c.d/n)'],
    ['', '"" is not an IPv4 CIDR (expected a.b.c.d/n)'],
    ['10.1/16', '"10.1/16" is not an IPv4 CIDR (bad address "10.1")'],
    ['10/8', '"10/8" is not an IPv4 CIDR (bad address "10")'],
    ['10.0.0.256/32', '"10.0.0.256/32" is not an IPv4 CIDR (bad address "10.0.0.256")'],
    ['010.0.0.0/8', '"010.0.0.0/8" is not an IPv4 CIDR (bad address "010.0.0.0")'],
    ['0xa.0.0.0/8', '"0xa.0.0.0/8" is not an IPv4 CIDR (bad address "0xa.0.0.0")'],
    [' 10.0.0.0/8', '" 10.0.0.0/8" is not an IPv4 CIDR (bad address " 10.0.0.0")'],
    ['a.b.c.d/8', '"a.b.c.d/8" is not an IPv4 CIDR (bad address "a.b.c.d")'],
    ['::/0', '"::/0" is not an IPv4 CIDR (bad address "::")'],
    ['10.0.0.0/33', '"10.0.0.0/33" is not an IPv4 CIDR (prefix must be 0-32)'],
    ['10.0.0.0/99', '"10.0.0.0/99" is not an IPv4 CIDR (prefix must be 0-32)'],
    ['10.0.0.1/8', '"10.0.0.1/8" has host bits set; the network address is 10.0.0.0/8'],
    ['10.65.0.0/14', '"10.65.0.0/14" has host bits set; the network address is 10.64.0.0/14'],
    ['172.16.0.8/28', '"172.16.0.8/28" has host bits set; the network address is 172.16.0.0/28'],
    ['1.0.0.0/0', '"1.0.0.0/0" has host bits set; the network address is 0.0.0.0/0'],
    ['255.255.255.255/31', '"255.255.255.255/31" has host bits set; the network address is 255.255.255.254/31'],
  ])('refuses %j', (cidr, message) => {
    expect(parseCidr(cidr)).toBe(message);
  });
});

describe('overlaps', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.0/24'],
    ['10.0.0.0/8', '10.64.0.0/14'],
    ['10.64.0.0/14', '10.67.255.255/32'],
    ['0.0.0.0/0', '172.16.0.0/28'],
  ])('is true for %s and %s, both ways', (a, b) => {
    expect(overlaps(range(a), range(b))).toBe(true);
    expect(overlaps(range(b), range(a))).toBe(true);
  });

  it.each([
    ['10.0.0.0/24', '10.0.1.0/24'],
    ['10.64.0.0/14', '10.68.0.0/14'],
    ['10.64.0.0/14', '10.63.255.255/32'],
    ['172.16.0.0/28', '172.16.0.16/28'],
    ['10.0.0.0/8', '11.0.0.0/8'],
  ])('is false for the disjoint or adjacent %s and %s, both ways', (a, b) => {
    expect(overlaps(range(a), range(b))).toBe(false);
    expect(overlaps(range(b), range(a))).toBe(false);
  });

  it('counts one shared address as an overlap', () => {
    const a: Ipv4Range = { cidr: 'a', start: 100, end: 200, prefix: 0 };
    expect(overlaps(a, { cidr: 'b', start: 200, end: 300, prefix: 0 })).toBe(true);
    expect(overlaps(a, { cidr: 'c', start: 201, end: 300, prefix: 0 })).toBe(false);
    expect(overlaps({ cidr: 'd', start: 0, end: 100, prefix: 0 }, a)).toBe(true);
    expect(overlaps({ cidr: 'e', start: 0, end: 99, prefix: 0 }, a)).toBe(false);
  });
});

describe('rangeAt', () => {
  it.each([
    [0, 0, { cidr: '0.0.0.0/0', start: 0, end: 4294967295, prefix: 0 }],
    [167772160, 8, { cidr: '10.0.0.0/8', start: 167772160, end: 184549375, prefix: 8 }],
    [171966464, 14, { cidr: '10.64.0.0/14', start: 171966464, end: 172228607, prefix: 14 }],
    [2886729744, 28, { cidr: '172.16.0.16/28', start: 2886729744, end: 2886729759, prefix: 28 }],
    [4294967295, 32, { cidr: '255.255.255.255/32', start: 4294967295, end: 4294967295, prefix: 32 }],
  ])('builds the range at %i/%i', (start, prefix, expected) => {
    expect(rangeAt(start, prefix)).toEqual(expected);
  });

  it('round-trips with parseCidr for any aligned range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (prefix, n) => {
        const size = 2 ** (32 - prefix);
        const start = n - (n % size);
        const built = rangeAt(start, prefix);
        expect(parseCidr(built.cidr)).toEqual(built);
        expect(built.end - built.start + 1).toBe(size);
      }),
    );
  });
});

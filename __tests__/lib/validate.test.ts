import { isDnsName, requireCidr, requireLabel, requireProp, RFC1035_LABEL } from '../../lib/validate';

describe('requireProp', () => {
  it('passes when the condition holds', () => {
    expect(() => requireProp(true, 'Thing', 'size', 'must be small')).not.toThrow();
  });

  it('throws "<construct>: props.<prop> <message>" when it does not', () => {
    expect(() => requireProp(false, 'Thing', 'size', 'must be small')).toThrow(new Error('Thing: props.size must be small'));
  });
});

describe('RFC1035_LABEL', () => {
  it.each(['a', 'a1', 'a-b', 'abc-123-def', 'a--b'])('matches %j', (label) => {
    expect(RFC1035_LABEL.test(label)).toBe(true);
  });

  it.each(['', '1a', '-a', 'a-', 'A', 'aB', 'a_b', 'a.b', 'a b', 'é'])('rejects %j', (label) => {
    expect(RFC1035_LABEL.test(label)).toBe(false);
  });
});

describe('requireLabel', () => {
  it.each(['a', 'mesh-1', 'a'.repeat(10)])('accepts %j up to the maximum length', (label) => {
    expect(() => requireLabel(label, 10, 'Thing', 'name')).not.toThrow();
  });

  it.each(['a'.repeat(11), '', 'Mesh', '1mesh', 'mesh-', 'me_sh'])('refuses %j, naming the prop and the limit', (label) => {
    expect(() => requireLabel(label, 10, 'Thing', 'name')).toThrow(new Error(`Thing: props.name must be an RFC 1035 label of at most 10 characters, got "${label}"`));
  });
});

describe('requireCidr', () => {
  it('accepts any valid CIDR without options', () => {
    expect(() => requireCidr('0.0.0.0/0', 'Thing', 'cidr')).not.toThrow();
    expect(() => requireCidr('10.1.2.3/32', 'Thing', 'cidr')).not.toThrow();
  });

  it.each([
    ['10.1/16', '"10.1/16" is not an IPv4 CIDR (bad address "10.1")'],
    ['10.0.0.0/33', '"10.0.0.0/33" is not an IPv4 CIDR (prefix must be 0-32)'],
    ['10.0.0.1/24', '"10.0.0.1/24" has host bits set; the network address is 10.0.0.0/24'],
    ['10.0.0.0', '"10.0.0.0" is not an IPv4 CIDR (expected a.b.c.d/n)'],
  ])('refuses the bad CIDR %j, naming the prop', (value, problem) => {
    expect(() => requireCidr(value, 'Thing', 'ranges[2]')).toThrow(new Error(`Thing: props.ranges[2] ${problem}`));
  });

  it('enforces exactPrefix', () => {
    expect(() => requireCidr('172.16.0.0/28', 'Thing', 'master', { exactPrefix: 28 })).not.toThrow();
    expect(() => requireCidr('172.16.0.0/27', 'Thing', 'master', { exactPrefix: 28 })).toThrow(new Error('Thing: props.master must be a /28, got "172.16.0.0/27"'));
    expect(() => requireCidr('172.16.0.0/29', 'Thing', 'master', { exactPrefix: 28 })).toThrow(new Error('Thing: props.master must be a /28, got "172.16.0.0/29"'));
  });

  it('enforces minPrefix, inclusive', () => {
    expect(() => requireCidr('10.0.0.0/8', 'Thing', 'source', { minPrefix: 8 })).not.toThrow();
    expect(() => requireCidr('10.0.0.0/24', 'Thing', 'source', { minPrefix: 8 })).not.toThrow();
    expect(() => requireCidr('10.0.0.0/7', 'Thing', 'source', { minPrefix: 8 })).toThrow(new Error('Thing: props.source must not be broader than /8, got "10.0.0.0/7"'));
    expect(() => requireCidr('0.0.0.0/0', 'Thing', 'source', { minPrefix: 8 })).toThrow(new Error('Thing: props.source must not be broader than /8, got "0.0.0.0/0"'));
  });

  it('reports a syntax problem before a prefix problem', () => {
    expect(() => requireCidr('10.0.0.1/7', 'Thing', 'source', { minPrefix: 8, exactPrefix: 28 })).toThrow(
      new Error('Thing: props.source "10.0.0.1/7" has host bits set; the network address is 10.0.0.0/7'),
    );
  });
});

describe('isDnsName', () => {
  it.each(['hello.mesh.example', 'a.io', 'shop.example.xn--p1ai', `${'a'.repeat(63)}.example.com`, 'x-1.example.com'])('accepts %j', (name) => {
    expect(isDnsName(name)).toBe(true);
  });

  it.each([
    ['a label over 63 characters', `${'a'.repeat(64)}.example.com`],
    ['over 253 characters', `${Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.')}.com`],
    ['a single label', 'localhost'],
    ['uppercase', 'Hello.example.com'],
    ['a leading hyphen', '-a.example.com'],
    ['an empty label', 'a..example.com'],
    ['a numeric top-level label', 'example.123'],
    ['a wildcard where none is allowed', '*.example.com'],
  ])('refuses %s', (_why, name) => {
    expect(isDnsName(name)).toBe(false);
  });

  it('accepts a leading wildcard only when allowed', () => {
    expect(isDnsName('*.example.com', { allowWildcard: true })).toBe(true);
    expect(isDnsName('a.*.example.com', { allowWildcard: true })).toBe(false);
  });
});

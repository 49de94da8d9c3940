import { check, PropsError, requireCidr, requireLabel, requireProp } from '../../../lib/core/validate';
import { label } from '../../../lib/core/rules';
import { Fn } from 'cdktf';

describe('requireProp', () => {
  it('passes when the condition holds', () => {
    expect(() => requireProp(true, 'Thing', 'size', 'must be small')).not.toThrow();
  });

  it('throws "<construct>: props.<prop> <message>" when it does not', () => {
    expect(() => requireProp(false, 'Thing', 'size', 'must be small')).toThrow(new Error('Thing: props.size must be small'));
  });
});

describe('requireLabel', () => {
  it.each(['a', 'mesh-1', 'a'.repeat(10)])('accepts %j up to the maximum length', (label) => {
    expect(() => requireLabel(label, 10, 'Thing', 'name')).not.toThrow();
  });

  it.each(['a'.repeat(11), '', 'Mesh', '1mesh', 'mesh-', 'me_sh'])('refuses %j, naming the prop and the limit', (label) => {
    expect(() => requireLabel(label, 10, 'Thing', 'name')).toThrow(
      new Error(`Thing: props.name must be an RFC 1035 label of at most 10 characters, got "${label}"`),
    );
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
    expect(() => requireCidr('172.16.0.0/28', 'Thing', 'master', { exact: 28 })).not.toThrow();
    expect(() => requireCidr('172.16.0.0/27', 'Thing', 'master', { exact: 28 })).toThrow(new Error('Thing: props.master must be a /28, got "172.16.0.0/27"'));
    expect(() => requireCidr('172.16.0.0/29', 'Thing', 'master', { exact: 28 })).toThrow(new Error('Thing: props.master must be a /28, got "172.16.0.0/29"'));
  });

  it('enforces minPrefix, inclusive', () => {
    expect(() => requireCidr('10.0.0.0/8', 'Thing', 'source', { broadest: 8 })).not.toThrow();
    expect(() => requireCidr('10.0.0.0/24', 'Thing', 'source', { broadest: 8 })).not.toThrow();
    expect(() => requireCidr('10.0.0.0/7', 'Thing', 'source', { broadest: 8 })).toThrow(
      new Error('Thing: props.source must not be broader than /8, got "10.0.0.0/7"'),
    );
    expect(() => requireCidr('0.0.0.0/0', 'Thing', 'source', { broadest: 8 })).toThrow(
      new Error('Thing: props.source must not be broader than /8, got "0.0.0.0/0"'),
    );
  });

  it('reports a syntax problem before a prefix problem', () => {
    expect(() => requireCidr('10.0.0.1/7', 'Thing', 'source', { broadest: 8, exact: 28 })).toThrow(
      new Error('Thing: props.source "10.0.0.1/7" has host bits set; the network address is 10.0.0.0/7'),
    );
  });
});

describe('check', () => {
  it("throws a PropsError naming the construct, the prop and the rule's problem", () => {
    const attempt = () => check('Thing', 'name', 'Bad', label(10));
    expect(attempt).toThrow(PropsError);
    expect(attempt).toThrow('Thing: props.name must be an RFC 1035 label of at most 10 characters, got "Bad"');
  });

  it('leaves a value only known at apply time (a token) to Terraform', () => {
    expect(() => check('Thing', 'name', Fn.lower('Bad'), label(10))).not.toThrow();
  });
});

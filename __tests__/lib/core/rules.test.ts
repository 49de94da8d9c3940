import * as rules from '../../../lib/core/rules';

/** Every shared rule, with good and bad input and its exact wording. */

describe('label', () => {
  it.each(['a', 'a1', 'a-b', 'abc-12-def', 'a--b', 'a'.repeat(10)])('accepts %j', (value) => expect(rules.label(10)(value)).toBeUndefined());

  it.each(['', '1a', '-a', 'a-', 'A', 'aB', 'a_b', 'a.b', 'a b', 'é', 'a'.repeat(11)])('refuses %j', (value) =>
    expect(rules.label(10)(value)).toBe(`must be an RFC 1035 label of at most 10 characters, got "${value}"`),
  );
});

describe('projectId and serviceAccountId', () => {
  it.each(['my-project', 'a12345', `a${'b'.repeat(29)}`])('accept %j', (value) => {
    expect(rules.projectId(value)).toBeUndefined();
    expect(rules.serviceAccountId(value)).toBeUndefined();
  });

  it.each(['short', 'My-project', 'my-project-', '1project', `a${'b'.repeat(30)}`, 'my_project'])('refuse %j', (value) => {
    expect(rules.projectId(value)).toBe(
      `must be a GCP project ID (6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen), got "${value}"`,
    );
    expect(rules.serviceAccountId(value)).toBe(`must be 6-30 lowercase letters, digits or hyphens, got "${value}"`);
  });
});

describe('region and location', () => {
  it('accepts regions everywhere and zones only as a location', () => {
    expect(rules.region('us-central1')).toBeUndefined();
    expect(rules.region('northamerica-northeast2')).toBeUndefined();
    expect(rules.location('us-central1')).toBeUndefined();
    expect(rules.location('europe-west4-b')).toBeUndefined();
    expect(rules.region('us-central1-a')).toBe('must be a region such as us-central1, got "us-central1-a"');
  });

  it.each(['US-central1', 'uscentral1', 'us-central', 'us-central1-ab'])('refuses the location %j', (value) =>
    expect(rules.location(value)).toBe(`must be a region (us-central1) or a zone (us-central1-a), got "${value}"`),
  );
});

describe('cidr', () => {
  it('reports syntax before bounds', () => {
    expect(rules.cidr({ exact: 28 })('10.0.0.1/7')).toBe('"10.0.0.1/7" has host bits set; the network address is 10.0.0.0/7');
    expect(rules.cidr()('10.1/16')).toBe('"10.1/16" is not an IPv4 CIDR (bad address "10.1")');
  });

  it('checks an exact prefix, the broadest and the narrowest', () => {
    expect(rules.cidr({ exact: 28 })('172.16.0.0/28')).toBeUndefined();
    expect(rules.cidr({ exact: 28 })('172.16.0.0/27')).toBe('must be a /28, got "172.16.0.0/27"');
    expect(rules.cidr({ broadest: 8 })('10.0.0.0/8')).toBeUndefined();
    expect(rules.cidr({ broadest: 8 })('0.0.0.0/0')).toBe('must not be broader than /8, got "0.0.0.0/0"');
    expect(rules.cidr({ narrowest: 29 })('10.0.0.0/29')).toBeUndefined();
    expect(rules.cidr({ narrowest: 29 })('10.0.0.0/30')).toBe('must not be narrower than /29, got "10.0.0.0/30"');
  });
});

describe('isDnsName and gatewayHost', () => {
  it.each(['hello.mesh.example', 'a.io', 'shop.example.xn--p1ai', `${'a'.repeat(63)}.example.com`, 'x-1.example.com'])('accepts %j', (name) => {
    expect(rules.isDnsName(name)).toBe(true);
    expect(rules.gatewayHost(name)).toBeUndefined();
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
    expect(rules.isDnsName(name)).toBe(false);
  });

  it('accepts a leading wildcard only when allowed, as the gateway host allows it', () => {
    expect(rules.isDnsName('*.example.com', { allowWildcard: true })).toBe(true);
    expect(rules.isDnsName('a.*.example.com', { allowWildcard: true })).toBe(false);
    expect(rules.gatewayHost('*.apps.example.com')).toBeUndefined();
    expect(rules.gatewayHost('not a host')).toBe('must be a DNS name, got "not a host"');
  });
});

describe('asmcliVersion and sha256Digest', () => {
  it.each(['1.28', '1.9', '1.28.5-asm.12+config1'])('accepts the asmcli version %j', (value) => expect(rules.asmcliVersion(value)).toBeUndefined());

  it.each(['1', 'v1.28', '1.28.5', '1.28.5-asm.12', 'latest'])('refuses the asmcli version %j', (value) =>
    expect(rules.asmcliVersion(value)).toBe(`must be an asmcli release line such as 1.28, or a full version such as 1.28.5-asm.12+config1, got "${value}"`),
  );

  it('takes 64 lowercase hex digits as a digest, nothing else', () => {
    expect(rules.sha256Digest('a'.repeat(64))).toBeUndefined();
    expect(rules.sha256Digest('A'.repeat(64))).toBe(`must be 64 lowercase hex digits (a SHA-256 digest), got "${'A'.repeat(64)}"`);
    expect(rules.sha256Digest('a'.repeat(63))).toMatch(/^must be 64 lowercase hex digits/);
  });
});

describe('httpsUrl', () => {
  it.each(['https://us-east1.cloud.twistlock.com/us-1-123', 'https://console.example.com:8083'])('accepts %j', (value) =>
    expect(rules.httpsUrl(value)).toBeUndefined(),
  );

  it.each(['http://console.example.com', 'console.example.com', 'wss://console.example.com', ''])('refuses %j', (value) =>
    expect(rules.httpsUrl(value)).toBe(`must be an https:// URL, got "${value}"`),
  );
});

describe('imageReference and noConsoleToken', () => {
  it.each([
    'us-docker.pkg.dev/p/prisma/defender:defender_32_07_123',
    `registry.example.com:5000/defender@sha256:${'0'.repeat(64)}`,
    `registry.example.com/defender:32.07@sha256:${'0'.repeat(64)}`,
  ])('accepts the image %j', (image) => {
    expect(rules.imageReference(image)).toBeUndefined();
    expect(rules.noConsoleToken(image)).toBeUndefined();
  });

  it.each(['defender:1', 'registry.example.com/defender', 'Registry.example.com/defender:1', `registry.example.com/defender@sha256:${'0'.repeat(63)}`])(
    'refuses the image without a registry, tag or digest %j',
    (image) => expect(rules.imageReference(image)).toBe(`must be an image reference with a tag or digest (registry/path:tag), got "${image}"`),
  );

  it.each([
    'registry-auth.twistlock.com/tw_abcdefghijklmnopqrstuvwxyz123456/twistlock/defender:defender_32_07_123',
    'registry.example.com/tw_abcdefghijklmnopqrst:1.0',
    'registry-auth.twistlock.com/tw_abc:defender_1',
    'tw_abcdefghijklmnop/twistlock/defender:defender_32_07_123',
  ])('refuses the token-bearing image %j', (image) =>
    expect(rules.noConsoleToken(image)).toBe(
      'must not embed a console access token (tw_…): mirror the image into your registry, and pass secrets as sensitive variables only',
    ),
  );
});

describe('timeOfDay, wholeNumber and notAbove', () => {
  it('takes HH:MM in UTC', () => {
    expect(rules.timeOfDay('00:00')).toBeUndefined();
    expect(rules.timeOfDay('23:59')).toBeUndefined();
    for (const value of ['24:00', '3:00', '03:60', 'noon']) expect(rules.timeOfDay(value)).toBe(`must be a time of day, HH:MM (UTC), got "${value}"`);
  });

  it('takes whole numbers in bounds', () => {
    expect(rules.wholeNumber(rules.MAINTENANCE_DAY)(7)).toBeUndefined();
    expect(rules.wholeNumber(rules.MAINTENANCE_DAY)(8)).toBe('must be a whole number from 1 to 7, got 8');
    expect(rules.wholeNumber(rules.MAINTENANCE_HOUR)(0)).toBeUndefined();
    expect(rules.wholeNumber({ min: 1 })(1.5)).toBe('must be a whole number >= 1, got 1.5');
    expect(rules.wholeNumber({ min: 1 })(0)).toBe('must be a whole number >= 1, got 0');
  });

  it('keeps a lower bound at or below its upper bound', () => {
    expect(rules.notAbove('maxReplicas', 3)(3)).toBeUndefined();
    expect(rules.notAbove('maxReplicas', 3)(4)).toBe('must not be greater than maxReplicas (3), got 4');
  });
});

describe('rbacSecurityGroup and isPinnedByDigest', () => {
  it.each(['gke-security-groups@example.com', 'gke-security-groups@corp.example.co.uk'])('accepts the RBAC group %j', (group) =>
    expect(rules.rbacSecurityGroup(group)).toBeUndefined(),
  );

  it.each([
    '',
    'admins@example.com',
    'gke-security-groups@',
    'gke-security-groups@example',
    'GKE-security-groups@example.com',
    'x-gke-security-groups@example.com',
  ])('refuses the RBAC group %j', (group) => expect(rules.rbacSecurityGroup(group)).toBe(`must be gke-security-groups@<your domain>, got "${group}"`));

  it('calls only a sha256 digest reference pinned', () => {
    expect(rules.isPinnedByDigest(`docker.io/istio/examples-helloworld-v1@sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(rules.isPinnedByDigest(`docker.io/istio/examples-helloworld-v1:1.0@sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(rules.isPinnedByDigest('docker.io/istio/examples-helloworld-v1:1.0')).toBe(false);
    expect(rules.isPinnedByDigest(`docker.io/istio/examples-helloworld-v1@sha256:${'a'.repeat(63)}`)).toBe(false);
  });
});

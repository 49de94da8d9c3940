import { PrivateCluster, type PrivateClusterProps } from '../../../lib/cluster/private-cluster';
import { scope } from '../../helpers';
import { BASE } from './private-cluster-fixture';

describe('PrivateCluster', () => {
  describe('validation', () => {
    const build = (overrides: Partial<PrivateClusterProps>) => () => new PrivateCluster(scope(), 'cluster', { ...BASE, ...overrides });

    it('accepts the base props', () => {
      expect(build({})).not.toThrow();
    });

    it('refuses a public authorized range on a private endpoint, naming the entry and the cluster', () => {
      const authorizedNetworks = [
        { cidr: '10.8.0.0/24', displayName: 'vpn' },
        { cidr: '34.120.0.0/16', displayName: 'office' },
      ];
      expect(build({ authorizedNetworks, privateEndpoint: true })).toThrow(
        /^PrivateCluster: props\.authorizedNetworks\[1\]\.cidr is refused: 34\.120\.0\.0\/16 is not an internal range, and cluster \S+ has privateEndpoint: true/,
      );
      expect(build({ authorizedNetworks, privateEndpoint: false })).not.toThrow();
      expect(build({ authorizedNetworks: [authorizedNetworks[0]], privateEndpoint: true })).not.toThrow();
    });

    it.each(['', 'Alpha', '1alpha', 'alpha-', 'alpha_1', 'a'.repeat(41)])('refuses name %j', (name) => {
      expect(build({ name })).toThrow(new Error(`PrivateCluster: props.name must be an RFC 1035 label of at most 40 characters, got "${name}"`));
    });

    it('checks rbacSecurityGroup with the shared rule', () => {
      expect(build({ rbacSecurityGroup: 'admins@example.com' })).toThrow(
        new Error('PrivateCluster: props.rbacSecurityGroup must be gke-security-groups@<your domain>, got "admins@example.com"'),
      );
      expect(build({ rbacSecurityGroup: 'gke-security-groups@example.com' })).not.toThrow();
    });

    it.each(['a', 'alpha-2', 'a'.repeat(40)])('accepts name %j', (name) => {
      expect(build({ name })).not.toThrow();
    });

    it.each([
      ['172.16.0.0/24', 'must be a /28, got "172.16.0.0/24"'],
      ['172.16.0.0/29', 'must be a /28, got "172.16.0.0/29"'],
      ['172.16.0.8/28', '"172.16.0.8/28" has host bits set; the network address is 172.16.0.0/28'],
      ['172.16.0.0', '"172.16.0.0" is not an IPv4 CIDR (expected a.b.c.d/n)'],
      ['172.16/28', '"172.16/28" is not an IPv4 CIDR (bad address "172.16")'],
    ])('refuses masterCidr %j', (masterCidr, problem) => {
      expect(build({ masterCidr })).toThrow(new Error(`PrivateCluster: props.masterCidr ${problem}`));
    });

    it.each(['172.16.0.16/28', '192.168.255.240/28'])('accepts masterCidr %j', (masterCidr) => {
      expect(build({ masterCidr })).not.toThrow();
    });

    it('refuses no node pools', () => {
      expect(build({ nodePools: [] })).toThrow(new Error('PrivateCluster: props.nodePools must list at least one pool'));
    });

    it('refuses no node tags', () => {
      expect(build({ nodeTags: [] })).toThrow(new Error('PrivateCluster: props.nodeTags must list at least one tag'));
    });

    it('refuses the Compute Engine default service account', () => {
      expect(build({ nodeServiceAccount: '123456789012-compute@developer.gserviceaccount.com' })).toThrow(
        new Error('PrivateCluster: props.nodeServiceAccount must not be the Compute Engine default service account'),
      );
    });

    it.each(['default@mesh-project.iam.gserviceaccount.com', 'compute@mesh-project.iam.gserviceaccount.com'])(
      'accepts the service account %j',
      (nodeServiceAccount) => {
        expect(build({ nodeServiceAccount })).not.toThrow();
      },
    );

    it.each([
      ['0.0.0.0/0', 'must not be broader than /8, got "0.0.0.0/0"'],
      ['0.0.0.0/1', 'must not be broader than /8, got "0.0.0.0/1"'],
      ['8.0.0.0/7', 'must not be broader than /8, got "8.0.0.0/7"'],
      ['203.0.113.1/24', '"203.0.113.1/24" has host bits set; the network address is 203.0.113.0/24'],
      ['203.0.113/24', '"203.0.113/24" is not an IPv4 CIDR (bad address "203.0.113")'],
    ])('refuses authorized network %j, naming its index', (cidr, problem) => {
      expect(
        build({
          authorizedNetworks: [
            { cidr: '198.51.100.0/24', displayName: 'ok' },
            { cidr, displayName: 'bad' },
          ],
        }),
      ).toThrow(new Error(`PrivateCluster: props.authorizedNetworks[1].cidr ${problem}`));
    });

    it.each(['10.0.0.0/8', '203.0.113.7/32'])('accepts authorized network %j', (cidr) => {
      expect(build({ authorizedNetworks: [{ cidr, displayName: 'ok' }] })).not.toThrow();
    });

    it.each(['', 'Big', 'big_pool', 'big-', 'a'.repeat(41)])('refuses pool name %j, naming its index', (name) => {
      expect(build({ nodePools: [{ name: 'default' }, { name }] })).toThrow(
        new Error(`PrivateCluster: props.nodePools[1].name must be an RFC 1035 label of at most 40 characters, got "${name}"`),
      );
    });

    it('accepts a 40-character pool name', () => {
      expect(build({ nodePools: [{ name: 'a'.repeat(40) }] })).not.toThrow();
    });

    it.each(['COS', 'UBUNTU', 'cos_containerd', 'WINDOWS_LTSC_CONTAINERD'])('refuses imageType %j', (imageType) => {
      expect(build({ nodePools: [{ name: 'default' }, { name: 'other', imageType }] })).toThrow(
        new Error(`PrivateCluster: props.nodePools[1].imageType must be a containerd image (COS_CONTAINERD, UBUNTU_CONTAINERD), got "${imageType}"`),
      );
    });

    it.each(['COS_CONTAINERD', 'UBUNTU_CONTAINERD'])('accepts imageType %j', (imageType) => {
      expect(build({ nodePools: [{ name: 'default', imageType }] })).not.toThrow();
    });

    it.each([
      [{ minNodes: 4 }, 'must not be greater than maxNodes (3), got 4'],
      [{ minNodes: 2, maxNodes: 1 }, 'must not be greater than maxNodes (1), got 2'],
    ])('refuses minNodes above maxNodes (%j), defaults included', (bounds, problem) => {
      expect(build({ nodePools: [{ name: 'default' }, { name: 'other', ...bounds }] })).toThrow(
        new Error(`PrivateCluster: props.nodePools[1].minNodes ${problem}`),
      );
    });

    it.each([[{ minNodes: 3 }], [{ maxNodes: 1 }], [{ minNodes: 5, maxNodes: 5 }], [{ minNodes: 0, maxNodes: 1 }]])('accepts bounds %j', (bounds) => {
      expect(build({ nodePools: [{ name: 'default', ...bounds }] })).not.toThrow();
    });

    it.each([
      [{ minNodes: -1, maxNodes: 0 }, 'props.nodePools[0].minNodes must be a whole number >= 0, got -1'],
      [{ minNodes: 1.5 }, 'props.nodePools[0].minNodes must be a whole number >= 0, got 1.5'],
      [{ minNodes: 0, maxNodes: 0 }, 'props.nodePools[0].maxNodes must be a whole number >= 1, got 0'],
      [{ maxNodes: 2.5 }, 'props.nodePools[0].maxNodes must be a whole number >= 1, got 2.5'],
    ])('refuses node counts %j', (bounds, message) => {
      expect(build({ nodePools: [{ name: 'default', ...bounds }] })).toThrow(new Error(`PrivateCluster: ${message}`));
    });

    it('refuses duplicate pool names by prop, not with a construct-tree error', () => {
      expect(build({ nodePools: [{ name: 'a' }, { name: 'a' }] })).toThrow(new Error('PrivateCluster: props.nodePools must have unique names, got a, a'));
    });

    it('refuses a node tag that is not an RFC 1035 label', () => {
      expect(build({ nodeTags: ['Bad Tag!'] })).toThrow(
        new Error('PrivateCluster: props.nodeTags[0] must be an RFC 1035 label of at most 63 characters, got "Bad Tag!"'),
      );
    });
  });
});

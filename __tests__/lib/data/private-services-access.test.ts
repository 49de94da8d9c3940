import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { PrivateServicesAccess, type PrivateServicesAccessProps } from '../../../lib/data/private-services-access';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const NETWORK = 'projects/test-project/global/networks/mesh';
const BASE: PrivateServicesAccessProps = { project: 'test-project', network: NETWORK, name: 'mesh-private-services', cidr: '10.8.0.0/20' };

/** The logical ID of the one resource of a type whose construct path is `<path>`. */
function logicalId(json: SynthJson, type: string, pathSuffix: string): string {
  const wanted = new RegExp(`^${pathSuffix.split('/').join('_')}_[0-9A-F]{8}$`);
  const ids = Object.keys(json.resource?.[type] ?? {}).filter((id) => wanted.test(id));
  if (ids.length !== 1) throw new Error(`expected one ${type} at ${pathSuffix}, found ${ids.length}`);
  return ids[0];
}

function build(props: Partial<PrivateServicesAccessProps> = {}) {
  const stack = testStack();
  const construct = new PrivateServicesAccess(stack, 'psa', { ...BASE, ...props });
  return { construct, json: synth(stack) };
}

describe('PrivateServicesAccess', () => {
  describe('with base props', () => {
    let construct: PrivateServicesAccess;
    let json: SynthJson;

    beforeAll(() => {
      ({ construct, json } = build());
    });

    it('creates exactly one reserved range, one peering connection and its teardown step', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual(['google_compute_global_address', 'google_service_networking_connection', 'terraform_data']);
      expect(resources(json, 'terraform_data')).toHaveLength(1);
      expect(resources(json, 'google_compute_global_address')).toHaveLength(1);
      expect(resources(json, 'google_service_networking_connection')).toHaveLength(1);
      expect(construct.range).toBeInstanceOf(ComputeGlobalAddress);
      expect(construct.connection).toBeInstanceOf(ServiceNetworkingConnection);
    });

    it('reserves an INTERNAL VPC_PEERING global address, the CIDR split into address and prefix length', () => {
      expect(resourceAt(json, 'google_compute_global_address', 'psa/range')).toEqual({
        project: 'test-project',
        name: 'mesh-private-services',
        purpose: 'VPC_PEERING',
        address_type: 'INTERNAL',
        address: '10.8.0.0',
        prefix_length: 20,
        network: NETWORK,
      });
    });

    it('peers the network with servicenetworking.googleapis.com over the reserved range; Terraform forgets it on destroy and the step removes it', () => {
      expect(resourceAt(json, 'google_service_networking_connection', 'psa/connection')).toEqual({
        network: NETWORK,
        service: 'servicenetworking.googleapis.com',
        reserved_peering_ranges: [`\${google_compute_global_address.${logicalId(json, 'google_compute_global_address', 'psa/range')}.name}`],
        deletion_policy: 'ABANDON',
        // A redeploy after a teardown that left the connection patches it instead of failing.
        update_on_creation_fail: true,
        depends_on: [`terraform_data.${logicalId(json, 'terraform_data', 'psa/teardown/step')}`],
      });
    });

    it('runs the service-peering step at destroy, after the connection and before the range', () => {
      const step = resourceAt(json, 'terraform_data', 'psa/teardown/step');
      expect(step.input).toEqual({ network: NETWORK, network_project: 'test-project' });
      expect(step.depends_on).toEqual([`google_compute_global_address.${logicalId(json, 'google_compute_global_address', 'psa/range')}`]);
      expect(step.provisioner).toEqual([
        { 'local-exec': expect.objectContaining({ when: 'destroy', command: expect.stringMatching(/^bash assets\/\S+\/teardown\.sh service-peering$/) }) },
      ]);
    });

    it('has no depends_on on the range without dependsOn', () => {
      expect(resourceAt(json, 'google_compute_global_address', 'psa/range')).not.toHaveProperty('depends_on');
    });
  });

  it.each([
    ['10.0.0.0/8', '10.0.0.0', 8],
    ['172.20.0.0/16', '172.20.0.0', 16],
    ['192.168.10.0/24', '192.168.10.0', 24],
    ['10.8.16.0/20', '10.8.16.0', 20],
  ])('splits %s into address %s and prefix_length %d', (cidr, address, prefix) => {
    const range = resourceAt(build({ cidr }).json, 'google_compute_global_address', 'psa/range');
    expect(range.address).toBe(address);
    expect(range.prefix_length).toBe(prefix);
  });

  describe('on a network resource, with dependsOn', () => {
    let json: SynthJson;

    beforeAll(() => {
      const stack = testStack();
      const network = new ComputeNetwork(stack, 'vpc', { name: 'mesh', autoCreateSubnetworks: false });
      const other = new ComputeNetwork(stack, 'other', { name: 'other', autoCreateSubnetworks: false });
      new PrivateServicesAccess(stack, 'psa', { ...BASE, network: network.id, dependsOn: [other] });
      json = synth(stack);
    });

    it('references the network from both the range and the connection', () => {
      expect(resourceAt(json, 'google_compute_global_address', 'psa/range').network).toBe('${google_compute_network.vpc.id}');
      expect(resourceAt(json, 'google_service_networking_connection', 'psa/connection').network).toBe('${google_compute_network.vpc.id}');
    });

    it('makes the range depend on dependsOn; the connection follows the range by reference and its teardown step only', () => {
      expect(resourceAt(json, 'google_compute_global_address', 'psa/range').depends_on).toEqual(['google_compute_network.other']);
      expect(resourceAt(json, 'google_service_networking_connection', 'psa/connection').depends_on).toEqual([
        `terraform_data.${logicalId(json, 'terraform_data', 'psa/teardown/step')}`,
      ]);
    });
  });

  describe('validation', () => {
    const attempt = (overrides: Partial<PrivateServicesAccessProps>) => () => {
      new PrivateServicesAccess(scope(), 'psa', { ...BASE, ...overrides });
    };

    it('accepts the base props', () => {
      expect(attempt({})).not.toThrow();
    });

    it.each(['', 'Mesh-Range', 'mesh_range', 'mesh-range-', '-mesh', '1mesh', 'mesh.range', 'a'.repeat(64)])('refuses the name %j', (name) => {
      expect(attempt({ name })).toThrow(new Error(`PrivateServicesAccess: props.name must be an RFC 1035 label of at most 63 characters, got "${name}"`));
    });

    it.each(['a', 'mesh-private-services', 'range-2', 'a'.repeat(63)])('accepts the name %j', (name) => {
      expect(attempt({ name })).not.toThrow();
    });

    it.each([
      ['10.8.0.0', '"10.8.0.0" is not an IPv4 CIDR (expected a.b.c.d/n)'],
      ['', '"" is not an IPv4 CIDR (expected a.b.c.d/n)'],
      ['10.8.0.0/', '"10.8.0.0/" is not an IPv4 CIDR (expected a.b.c.d/n)'],
      ['10.8.0.0/020', '"10.8.0.0/020" is not an IPv4 CIDR (expected a.b.c.d/n)'],
      ['10.8.0.0/x', '"10.8.0.0/x" is not an IPv4 CIDR (expected a.b.c.d/n)'],
      ['10.8.0.256/24', '"10.8.0.256/24" is not an IPv4 CIDR (bad address "10.8.0.256")'],
      ['10.8.0/20', '"10.8.0/20" is not an IPv4 CIDR (bad address "10.8.0")'],
      ['fd00::/8', '"fd00::/8" is not an IPv4 CIDR (bad address "fd00::")'],
      ['10.8.0.0/33', '"10.8.0.0/33" is not an IPv4 CIDR (prefix must be 0-32)'],
      ['10.8.0.1/20', '"10.8.0.1/20" has host bits set; the network address is 10.8.0.0/20'],
    ])('refuses the malformed CIDR %j', (cidr, message) => {
      expect(attempt({ cidr })).toThrow(new Error(`PrivateServicesAccess: props.cidr ${message}`));
    });

    it.each(['10.0.0.0/7', '0.0.0.0/0', '0.0.0.0/1', '8.0.0.0/6'])('refuses %j as broader than /8', (cidr) => {
      expect(attempt({ cidr })).toThrow(new Error(`PrivateServicesAccess: props.cidr must not be broader than /8, got "${cidr}"`));
    });

    it.each(['10.0.0.0/8', '10.8.0.0/20', '172.16.0.0/12', '192.168.0.0/16', '192.168.10.0/24'])('accepts the CIDR %j', (cidr) => {
      expect(attempt({ cidr })).not.toThrow();
    });
  });
});

describe('PrivateServicesAccess range size', () => {
  it('refuses a range smaller than a /24, which private services access does not accept', () => {
    const stack = testStack();
    expect(() => new PrivateServicesAccess(stack, 'small', { project: 'p', network: 'n', name: 'small', cidr: '10.8.0.0/25' })).toThrow(
      new Error('PrivateServicesAccess: props.cidr must be a /24 or larger, as private services access requires, got "10.8.0.0/25"'),
    );
  });
});

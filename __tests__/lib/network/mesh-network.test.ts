import { ProjectServices } from '../../../lib/project/project-services';
import { MeshNetwork, type MeshSubnetSpec, POD_RANGE_NAME, SERVICE_RANGE_NAME } from '../../../lib/network/mesh-network';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const ALPHA: MeshSubnetSpec = { name: 'alpha', region: 'us-central1', cidr: '10.0.0.0/20', podCidr: '10.64.0.0/14', serviceCidr: '10.4.0.0/20' };
const BETA: MeshSubnetSpec = { name: 'beta', region: 'europe-west4', cidr: '10.0.16.0/20', podCidr: '10.68.0.0/14', serviceCidr: '10.4.16.0/20' };

describe('MeshNetwork', () => {
  describe('with two subnets in two regions', () => {
    let mesh: MeshNetwork;
    let json: SynthJson;
    let networkRef: string;
    let apisRef: string;

    beforeAll(() => {
      const stack = testStack();
      const apis = new ProjectServices(stack, 'apis', { project: 'mesh-project', services: ['compute.googleapis.com'] });
      mesh = new MeshNetwork(stack, 'network', { project: 'mesh-project', name: 'mesh-vpc', subnets: [ALPHA, BETA], dependsOn: [...apis.enabled] });
      json = synth(stack);
      networkRef = `google_compute_network.${Object.keys(json.resource?.google_compute_network ?? {})[0]}`;
      apisRef = `google_project_service.${Object.keys(json.resource?.google_project_service ?? {})[0]}`;
    });

    it('creates one custom-mode VPC with global routing and its default routes', () => {
      expect(resources(json, 'google_compute_network')).toEqual([
        {
          project: 'mesh-project',
          name: 'mesh-vpc',
          auto_create_subnetworks: false,
          routing_mode: 'GLOBAL',
          delete_default_routes_on_create: false,
          depends_on: [apisRef],
        },
      ]);
    });

    it('creates one subnet per spec, in its own region, on the VPC', () => {
      expect(resources(json, 'google_compute_subnetwork')).toHaveLength(2);
      const alpha = resourceAt(json, 'google_compute_subnetwork', 'network/subnet-alpha');
      const beta = resourceAt(json, 'google_compute_subnetwork', 'network/subnet-beta');
      expect(alpha).toMatchObject({
        project: 'mesh-project',
        name: 'alpha',
        region: 'us-central1',
        ip_cidr_range: '10.0.0.0/20',
        network: `\${${networkRef}.id}`,
      });
      expect(beta).toMatchObject({
        project: 'mesh-project',
        name: 'beta',
        region: 'europe-west4',
        ip_cidr_range: '10.0.16.0/20',
        network: `\${${networkRef}.id}`,
      });
    });

    it('gives each subnet secondary ranges named pods and services', () => {
      expect(POD_RANGE_NAME).toBe('pods');
      expect(SERVICE_RANGE_NAME).toBe('services');
      expect(resourceAt(json, 'google_compute_subnetwork', 'network/subnet-alpha').secondary_ip_range).toEqual([
        { range_name: 'pods', ip_cidr_range: '10.64.0.0/14' },
        { range_name: 'services', ip_cidr_range: '10.4.0.0/20' },
      ]);
      expect(resourceAt(json, 'google_compute_subnetwork', 'network/subnet-beta').secondary_ip_range).toEqual([
        { range_name: 'pods', ip_cidr_range: '10.68.0.0/14' },
        { range_name: 'services', ip_cidr_range: '10.4.16.0/20' },
      ]);
    });

    it('turns on Private Google Access, IPv4 only, on every subnet', () => {
      for (const subnet of resources(json, 'google_compute_subnetwork')) {
        expect(subnet.private_ip_google_access).toBe(true);
        expect(subnet.stack_type).toBe('IPV4_ONLY');
      }
    });

    it('samples half the flows into flow logs by default, with all metadata', () => {
      for (const subnet of resources(json, 'google_compute_subnetwork')) {
        expect(subnet.log_config).toEqual({ aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' });
      }
    });

    it('exposes the subnets by name', () => {
      expect([...mesh.subnets.keys()]).toEqual(['alpha', 'beta']);
      expect(mesh.subnets.get('alpha')?.ipCidrRangeInput).toBe('10.0.0.0/20');
      expect(mesh.subnets.get('beta')?.regionInput).toBe('europe-west4');
      expect(mesh.network.nameInput).toBe('mesh-vpc');
    });
  });

  it('takes flowLogSampling, and leaves depends_on off when none is given', () => {
    const stack = testStack();
    new MeshNetwork(stack, 'network', { project: 'mesh-project', name: 'mesh-vpc', subnets: [ALPHA], flowLogSampling: 1 });
    const json = synth(stack);
    expect(resourceAt(json, 'google_compute_subnetwork', 'network/subnet-alpha').log_config).toEqual({
      aggregation_interval: 'INTERVAL_5_SEC',
      flow_sampling: 1,
      metadata: 'INCLUDE_ALL_METADATA',
    });
    expect(resources(json, 'google_compute_network')[0]).not.toHaveProperty('depends_on');
  });

  describe('validation', () => {
    type Props = ConstructorParameters<typeof MeshNetwork>[2];
    const build = (overrides: Partial<Props>) => () =>
      new MeshNetwork(scope(), 'network', { project: 'p', name: 'mesh-vpc', subnets: [ALPHA, BETA], ...overrides });

    it('refuses overlapping ranges across subnets, naming both', () => {
      expect(build({ subnets: [ALPHA, { ...BETA, podCidr: ALPHA.podCidr }] })).toThrow(
        new Error(`MeshNetwork: props.subnets[1].podCidr ${ALPHA.podCidr} overlaps subnets[0].podCidr (${ALPHA.podCidr})`),
      );
    });

    it("refuses a service range inside the same subnet's node range", () => {
      expect(build({ subnets: [{ ...ALPHA, serviceCidr: ALPHA.cidr }] })).toThrow(
        /^MeshNetwork: props\.subnets\[0\]\.serviceCidr .* overlaps subnets\[0\]\.cidr/,
      );
    });

    it('refuses a range broader than a /8 and a region that is a zone', () => {
      expect(build({ subnets: [{ ...ALPHA, cidr: '0.0.0.0/0' }] })).toThrow(
        new Error('MeshNetwork: props.subnets[0].cidr must not be broader than /8, got "0.0.0.0/0"'),
      );
      expect(build({ subnets: [{ ...ALPHA, region: 'us-central1-a' }] })).toThrow(
        new Error('MeshNetwork: props.subnets[0].region must be a region such as us-central1, got "us-central1-a"'),
      );
    });

    it.each(['', 'Mesh', '1mesh', 'mesh-', 'mesh_vpc', 'a'.repeat(64)])('refuses name %j', (name) => {
      expect(build({ name })).toThrow(new Error(`MeshNetwork: props.name must be an RFC 1035 label of at most 63 characters, got "${name}"`));
    });

    it.each(['m', 'mesh-vpc-2', 'a'.repeat(63)])('accepts name %j', (name) => {
      expect(build({ name })).not.toThrow();
    });

    it('refuses an empty subnet list', () => {
      expect(build({ subnets: [] })).toThrow(new Error('MeshNetwork: props.subnets must list at least one subnet'));
    });

    it('refuses two subnets with one name', () => {
      expect(build({ subnets: [ALPHA, { ...BETA, name: 'alpha' }] })).toThrow(new Error('MeshNetwork: props.subnets must have unique names'));
    });

    it.each([0, -0.5, 1.01, 2, Number.NaN])('refuses flowLogSampling %p', (flowLogSampling) => {
      expect(build({ flowLogSampling })).toThrow(new Error(`MeshNetwork: props.flowLogSampling must be in (0, 1], got ${flowLogSampling}`));
    });

    it.each([0.01, 0.5, 1])('accepts flowLogSampling %p', (flowLogSampling) => {
      expect(build({ flowLogSampling })).not.toThrow();
    });

    it.each(['Alpha', 'alpha_1', '-alpha', 'a'.repeat(64)])('refuses subnet name %j, naming its index', (name) => {
      expect(build({ subnets: [ALPHA, { ...BETA, name }] })).toThrow(
        new Error(`MeshNetwork: props.subnets[1].name must be an RFC 1035 label of at most 63 characters, got "${name}"`),
      );
    });

    it.each([
      ['cidr', '10.0.16.0', '"10.0.16.0" is not an IPv4 CIDR (expected a.b.c.d/n)'],
      ['cidr', '10.0.16.1/20', '"10.0.16.1/20" has host bits set; the network address is 10.0.16.0/20'],
      ['podCidr', '10.68/14', '"10.68/14" is not an IPv4 CIDR (bad address "10.68")'],
      ['podCidr', '10.68.0.0/33', '"10.68.0.0/33" is not an IPv4 CIDR (prefix must be 0-32)'],
      ['serviceCidr', '10.4.16.300/20', '"10.4.16.300/20" is not an IPv4 CIDR (bad address "10.4.16.300")'],
      ['serviceCidr', '10.4.17.0/20', '"10.4.17.0/20" has host bits set; the network address is 10.4.16.0/20'],
    ] as const)('refuses subnets[1].%s %j', (key, value, problem) => {
      expect(build({ subnets: [ALPHA, { ...BETA, [key]: value }] })).toThrow(new Error(`MeshNetwork: props.subnets[1].${key} ${problem}`));
    });

    it('accepts a single valid subnet', () => {
      expect(build({ subnets: [ALPHA] })).not.toThrow();
    });
  });
});

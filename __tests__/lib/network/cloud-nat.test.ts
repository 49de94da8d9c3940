import { CloudNat } from '../../../lib/network/cloud-nat';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const PROPS = { project: 'mesh-project', network: 'projects/mesh-project/global/networks/mesh', region: 'europe-west4', name: 'mesh-europe-west4' };

describe('CloudNat', () => {
  describe('with defaults', () => {
    let json: SynthJson;
    let routerId: string;

    beforeAll(() => {
      const stack = testStack();
      new CloudNat(stack, 'egress', PROPS);
      json = synth(stack);
      routerId = Object.keys(json.resource?.google_compute_router ?? {})[0];
    });

    it('creates one router on the network, in the region', () => {
      expect(resources(json, 'google_compute_router')).toEqual([
        { project: 'mesh-project', name: 'mesh-europe-west4', region: 'europe-west4', network: 'projects/mesh-project/global/networks/mesh' },
      ]);
    });

    it('creates one NAT named <name>-nat on that router, in the same region', () => {
      const nat = resourceAt(json, 'google_compute_router_nat', 'egress/nat');
      expect(resources(json, 'google_compute_router_nat')).toHaveLength(1);
      expect(nat.name).toBe('mesh-europe-west4-nat');
      expect(nat.region).toBe('europe-west4');
      expect(nat.project).toBe('mesh-project');
      expect(nat.router).toBe(`\${google_compute_router.${routerId}.name}`);
    });

    it('NATs every range of every subnet, from automatically allocated IPs', () => {
      const nat = resourceAt(json, 'google_compute_router_nat', 'egress/nat');
      expect(nat.source_subnetwork_ip_ranges_to_nat).toBe('ALL_SUBNETWORKS_ALL_IP_RANGES');
      expect(nat.nat_ip_allocate_option).toBe('AUTO_ONLY');
      expect(nat.enable_endpoint_independent_mapping).toBe(false);
    });

    it('defaults to 256 ports per VM', () => {
      expect(resourceAt(json, 'google_compute_router_nat', 'egress/nat').min_ports_per_vm).toBe(256);
    });

    it('logs errors', () => {
      expect(resourceAt(json, 'google_compute_router_nat', 'egress/nat').log_config).toEqual({ enable: true, filter: 'ERRORS_ONLY' });
    });
  });

  it('takes minPortsPerVm', () => {
    const stack = testStack();
    new CloudNat(stack, 'egress', { ...PROPS, minPortsPerVm: 1024 });
    expect(resourceAt(synth(stack), 'google_compute_router_nat', 'egress/nat').min_ports_per_vm).toBe(1024);
  });

  describe('validation', () => {
    const build = (overrides: Partial<typeof PROPS & { minPortsPerVm: number }>) => () => new CloudNat(scope(), 'nat', { ...PROPS, ...overrides });

    it.each(['', 'Mesh', '1mesh', 'mesh-', 'mesh_nat', 'a'.repeat(60)])('refuses name %j', (name) => {
      expect(build({ name })).toThrow(new Error(`CloudNat: props.name must be an RFC 1035 label of at most 59 characters, got "${name}"`));
    });

    it.each(['a', 'mesh-1', 'a'.repeat(59)])('accepts name %j (the NAT name stays within 63)', (name) => {
      expect(build({ name })).not.toThrow();
    });

    it.each([0, 31, 65537, 64.5, -256, Number.NaN])('refuses minPortsPerVm %p', (minPortsPerVm) => {
      expect(build({ minPortsPerVm })).toThrow(new Error(`CloudNat: props.minPortsPerVm must be an integer in 32..65536, got ${minPortsPerVm}`));
    });

    it.each([32, 64, 4096, 65536])('accepts minPortsPerVm %p', (minPortsPerVm) => {
      expect(build({ minPortsPerVm })).not.toThrow();
    });
  });
});

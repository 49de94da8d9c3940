import { parseCidr } from '../../../lib/core/cidr';
import { MeshFirewall, type MeshFirewallProps } from '../../../lib/network/mesh-firewall';
import { resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const PROPS: MeshFirewallProps = {
  project: 'mesh-project',
  network: 'projects/mesh-project/global/networks/mesh',
  namePrefix: 'mesh',
  nodeTags: ['mesh-alpha', 'mesh-beta'],
  controlPlaneCidrs: ['172.16.0.0/28', '172.16.0.16/28'],
  podCidrs: ['10.64.0.0/14', '10.68.0.0/14'],
  subnetCidrs: ['10.0.0.0/20', '10.0.16.0/20'],
};

describe('MeshFirewall', () => {
  describe('with defaults', () => {
    let json: SynthJson;
    let webhooks: Record<string, unknown>;
    let crossCluster: Record<string, unknown>;
    let healthChecks: Record<string, unknown>;

    beforeAll(() => {
      const stack = testStack();
      new MeshFirewall(stack, 'firewall', PROPS);
      json = synth(stack);
      webhooks = resourceAt(json, 'google_compute_firewall', 'firewall/control-plane-to-webhooks');
      crossCluster = resourceAt(json, 'google_compute_firewall', 'firewall/cross-cluster-pods');
      healthChecks = resourceAt(json, 'google_compute_firewall', 'firewall/health-checks');
    });

    it('creates exactly three ingress rules on the network, named after the prefix', () => {
      const all = resources(json, 'google_compute_firewall');
      expect(all).toHaveLength(3);
      expect(all.map((rule) => rule.name).sort()).toEqual(['mesh-allow-cross-cluster-pods', 'mesh-allow-istio-webhooks', 'mesh-allow-lb-health-checks']);
      for (const rule of all) {
        expect(rule.direction).toBe('INGRESS');
        expect(rule.project).toBe('mesh-project');
        expect(rule.network).toBe('projects/mesh-project/global/networks/mesh');
        expect(rule).not.toHaveProperty('deny');
      }
    });

    it("targets every cluster's node tags with every rule", () => {
      for (const rule of [webhooks, crossCluster, healthChecks]) expect(rule.target_tags).toEqual(['mesh-alpha', 'mesh-beta']);
    });

    it("opens istiod's webhook and debug ports, TCP only, from the control-plane /28s", () => {
      expect(webhooks.name).toBe('mesh-allow-istio-webhooks');
      expect(webhooks.source_ranges).toEqual(['172.16.0.0/28', '172.16.0.16/28']);
      expect(webhooks.allow).toEqual([{ protocol: 'tcp', ports: ['15017', '15014', '8080'] }]);
      expect(webhooks.priority).toBe(1000);
      expect(webhooks.log_config).toEqual({ metadata: 'INCLUDE_ALL_METADATA' });
    });

    it("opens every mesh protocol from every cluster's pods and nodes, at priority 900", () => {
      expect(crossCluster.name).toBe('mesh-allow-cross-cluster-pods');
      expect(crossCluster.source_ranges).toEqual(['10.64.0.0/14', '10.68.0.0/14', '10.0.0.0/20', '10.0.16.0/20']);
      expect(crossCluster.allow).toEqual([
        { protocol: 'tcp' },
        { protocol: 'udp' },
        { protocol: 'icmp' },
        { protocol: 'esp' },
        { protocol: 'ah' },
        { protocol: 'sctp' },
      ]);
      expect(crossCluster.priority).toBe(900);
      expect(crossCluster).not.toHaveProperty('log_config');
    });

    it("opens the health-check ports, TCP only, from Google's health checkers only", () => {
      expect(healthChecks.name).toBe('mesh-allow-lb-health-checks');
      expect(healthChecks.source_ranges).toEqual(['35.191.0.0/16', '130.211.0.0/22']);
      expect(healthChecks.allow).toEqual([{ protocol: 'tcp', ports: ['80', '443', '8080', '10256', '15021'] }]);
      expect(JSON.stringify(healthChecks.allow)).not.toContain('30000');
      expect(healthChecks.priority).toBe(1000);
      expect(healthChecks.log_config).toEqual({ metadata: 'EXCLUDE_ALL_METADATA' });
    });

    it('opens nothing to the internet: no rule has 0.0.0.0/0, or any range broader than a pod /14, as a source', () => {
      for (const rule of resources(json, 'google_compute_firewall')) {
        const sources = rule.source_ranges as string[];
        expect(sources.length).toBeGreaterThan(0);
        expect(sources).not.toContain('0.0.0.0/0');
        const prefixes = sources.map((cidr) => {
          const range = parseCidr(cidr);
          if (typeof range === 'string') throw new Error(range);
          return range.prefix;
        });
        expect(Math.min(...prefixes)).toBeGreaterThanOrEqual(14);
        expect(rule).not.toHaveProperty('source_tags');
      }
    });
  });

  it('takes controlPlanePorts and healthCheckPorts', () => {
    const stack = testStack();
    new MeshFirewall(stack, 'firewall', { ...PROPS, controlPlanePorts: ['15017'], healthCheckPorts: ['15021'] });
    const json = synth(stack);
    expect(resourceAt(json, 'google_compute_firewall', 'firewall/control-plane-to-webhooks').allow).toEqual([{ protocol: 'tcp', ports: ['15017'] }]);
    expect(resourceAt(json, 'google_compute_firewall', 'firewall/health-checks').allow).toEqual([{ protocol: 'tcp', ports: ['15021'] }]);
  });

  describe('validation', () => {
    const build = (overrides: Partial<MeshFirewallProps>) => () => new MeshFirewall(scope(), 'firewall', { ...PROPS, ...overrides });

    it.each(['controlPlanePorts', 'healthCheckPorts'] as const)('refuses an empty %s, which would open every port', (prop) => {
      expect(build({ [prop]: [] })).toThrow(new Error(`MeshFirewall: props.${prop} must list at least one port; an empty list opens every port`));
    });

    it.each(['abc', '0', '65536', '20-10', '1-70000', ' 443'])('refuses the port %j', (port) => {
      expect(build({ controlPlanePorts: [port] })).toThrow(
        new Error(`MeshFirewall: props.controlPlanePorts has "${port}", which is not a port or port range in 1-65535`),
      );
    });

    it.each([['1'], ['65535'], ['15017', '8000-8100']])('accepts the ports %j', (...ports) => {
      expect(build({ controlPlanePorts: ports, healthCheckPorts: ports })).not.toThrow();
    });

    it('accepts the base props', () => {
      expect(build({})).not.toThrow();
    });

    it.each(['', 'Mesh', '1mesh', 'mesh-', 'mesh_fw', 'a'.repeat(37)])('refuses namePrefix %j', (namePrefix) => {
      expect(build({ namePrefix })).toThrow(
        new Error(`MeshFirewall: props.namePrefix must be an RFC 1035 label of at most 36 characters, got "${namePrefix}"`),
      );
    });

    it.each(['m', 'mesh-prod', 'a'.repeat(36)])('accepts namePrefix %j', (namePrefix) => {
      expect(build({ namePrefix })).not.toThrow();
    });

    it.each(['nodeTags', 'controlPlaneCidrs', 'podCidrs', 'subnetCidrs'] as const)('refuses an empty %s', (key) => {
      expect(build({ [key]: [] })).toThrow(new Error(`MeshFirewall: props.${key} must not be empty`));
    });

    it.each(['Mesh', 'mesh_alpha', 'mesh-', '', 'a'.repeat(64)])('refuses node tag %j, naming its index', (tag) => {
      expect(build({ nodeTags: ['mesh-alpha', tag] })).toThrow(
        new Error(`MeshFirewall: props.nodeTags[1] must be an RFC 1035 label of at most 63 characters, got "${tag}"`),
      );
    });

    it('accepts a single 63-character node tag', () => {
      expect(build({ nodeTags: ['a'.repeat(63)] })).not.toThrow();
    });

    it.each([
      ['172.16.0.0/24', 'must be a /28, got "172.16.0.0/24"'],
      ['172.16.0.32/29', 'must be a /28, got "172.16.0.32/29"'],
      ['0.0.0.0/0', 'must be a /28, got "0.0.0.0/0"'],
      ['172.16.0.1/28', '"172.16.0.1/28" has host bits set; the network address is 172.16.0.0/28'],
      ['172.16.0/28', '"172.16.0/28" is not an IPv4 CIDR (bad address "172.16.0")'],
    ])('refuses control-plane CIDR %j', (cidr, problem) => {
      expect(build({ controlPlaneCidrs: ['172.16.0.0/28', cidr] })).toThrow(new Error(`MeshFirewall: props.controlPlaneCidrs[1] ${problem}`));
    });

    it.each(['podCidrs', 'subnetCidrs'] as const)('refuses %s broader than /8, and bad CIDRs', (key) => {
      expect(build({ [key]: ['0.0.0.0/0'] })).toThrow(new Error(`MeshFirewall: props.${key}[0] must not be broader than /8, got "0.0.0.0/0"`));
      expect(build({ [key]: ['10.0.0.0/8', '8.0.0.0/7'] })).toThrow(new Error(`MeshFirewall: props.${key}[1] must not be broader than /8, got "8.0.0.0/7"`));
      expect(build({ [key]: ['10.0.0.0/8', '10.1/16'] })).toThrow(
        new Error(`MeshFirewall: props.${key}[1] "10.1/16" is not an IPv4 CIDR (bad address "10.1")`),
      );
      expect(build({ [key]: ['10.0.0.1/24'] })).toThrow(
        new Error(`MeshFirewall: props.${key}[0] "10.0.0.1/24" has host bits set; the network address is 10.0.0.0/24`),
      );
    });

    it.each(['podCidrs', 'subnetCidrs'] as const)('accepts %s of /8 and narrower', (key) => {
      expect(build({ [key]: ['10.0.0.0/8', '192.168.1.0/24', '192.168.2.7/32'] })).not.toThrow();
    });
  });
});

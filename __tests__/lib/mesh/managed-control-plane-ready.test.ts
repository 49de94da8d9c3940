import * as path from 'path';
import { buildApp } from '../../../src/stacks/app';
import { loadConfig } from '../../../src/config/load';
import { ISTIO_CRDS_FOR_WORKLOADS } from '../../../src/stacks/mesh-stack';
import { ManagedControlPlaneReady, type ManagedControlPlaneReadyProps } from '../../../lib/mesh/managed-control-plane-ready';
import { newApp, REPO_ROOT, resourceAt, resources, scope, synth, testStack } from '../../helpers';

const PROPS: ManagedControlPlaneReadyProps = {
  fleetProject: 'fleet',
  membershipId: 'alpha',
  membershipLocation: 'us-central1',
  project: 'apps',
  clusterName: 'alpha',
  clusterLocation: 'us-central1',
};

describe('ManagedControlPlaneReady', () => {
  it('runs the wait script once, with what it waits for, re-running when that changes', () => {
    const stack = testStack();
    new ManagedControlPlaneReady(stack, 'ready', { ...PROPS, crds: ['gateways.networking.istio.io'], configMaps: ['asm-options'] });
    const wait = resourceAt(synth(stack), 'terraform_data', 'ready/wait');
    const [create] = wait.provisioner as { 'local-exec': { command: string; environment: Record<string, string> } }[];
    expect(create['local-exec'].command).toMatch(/^bash assets\/.+\/managed-mesh-ready\.sh$/);
    expect(create['local-exec'].environment).toEqual({
      MCP_FLEET_PROJECT: 'fleet',
      MCP_MEMBERSHIP: 'alpha',
      MCP_MEMBERSHIP_LOCATION: 'us-central1',
      MCP_PROJECT: 'apps',
      MCP_CLUSTER: 'alpha',
      MCP_LOCATION: 'us-central1',
      MCP_PRIVATE_ENDPOINT: 'false',
      MCP_CRDS: 'gateways.networking.istio.io',
      MCP_CONFIG_MAPS: 'asm-options',
      MCP_TIMEOUT_SECONDS: '1200',
    });
    expect(wait.triggers_replace).toEqual({ membership: 'fleet/us-central1/alpha', crds: 'gateways.networking.istio.io', config_maps: 'asm-options' });
  });

  describe('validation', () => {
    const build = (props: Partial<ManagedControlPlaneReadyProps>) => () => new ManagedControlPlaneReady(scope(), 'ready', { ...PROPS, ...props });
    it.each([59, 3601, 1.5])('refuses timeoutSeconds %p', (timeoutSeconds) => {
      expect(build({ timeoutSeconds })).toThrow(
        `ManagedControlPlaneReady: props.timeoutSeconds must be a whole number of seconds from 60 to 3600, got ${timeoutSeconds}`,
      );
    });
    it.each([60, 3600])('accepts timeoutSeconds %p', (timeoutSeconds) => expect(build({ timeoutSeconds })).not.toThrow());
    it.each(['Gateways', 'gateways', 'a b.istio.io'])('refuses the CRD name %j', (crd) => {
      expect(build({ crds: [crd] })).toThrow('ManagedControlPlaneReady: props.crds[0] must be a CRD name');
    });
    it('refuses a ConfigMap name that is not a label', () => expect(build({ configMaps: ['Asm_Options'] })).toThrow('props.configMaps[0]'));
    it('refuses a cluster name that is not a label', () => expect(build({ clusterName: 'Alpha' })).toThrow('props.clusterName'));
  });
});

describe('ISTIO_CRDS_FOR_WORKLOADS', () => {
  it.each(['__tests__/fixtures/default.yaml', 'examples/all-features.yaml'])('covers every Istio kind the workloads stack of %s plans', (file) => {
    const built = buildApp(newApp(), loadConfig(path.join(REPO_ROOT, file)));
    const manifests = resources(synth(built.workloads), 'kubernetes_manifest') as unknown as { manifest: { apiVersion: string; kind: string } }[];
    const istio = manifests.map((m) => m.manifest).filter((m) => m.apiVersion.includes('istio.io'));
    expect(istio.length).toBeGreaterThan(0);
    for (const { apiVersion, kind } of istio) {
      // CRD names are the kinds' plurals: ServiceEntry -> serviceentries.
      const plural = kind.toLowerCase().replace(/([^aeiou])y$/, '$1ie') + 's';
      expect(ISTIO_CRDS_FOR_WORKLOADS).toContain(`${plural}.${apiVersion.split('/')[0]}`);
    }
  });
});

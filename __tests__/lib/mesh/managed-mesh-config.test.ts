import { ConfigMapV1Data } from '@cdktf/provider-kubernetes/lib/config-map-v1-data';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ManagedMeshConfig, type ManagedMeshConfigProps, managedMeshConfigMaps } from '../../../lib/mesh/managed-mesh-config';
import { logicalId, resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const MESH_CONFIG =
  'accessLogFile: /dev/stdout\ndefaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n';
/** Server-side apply of only these keys: provisioning may have created the ConfigMaps already. */
const OWNERSHIP = { force: true, field_manager: 'cdktf-asm-multicluster' };

function meshConfig(props: Partial<ManagedMeshConfigProps> = {}): { construct: ManagedMeshConfig; json: SynthJson } {
  const stack = testStack();
  const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
  const construct = new ManagedMeshConfig(stack, 'managed', { provider, meshConfigYaml: MESH_CONFIG, ...props });
  return { construct, json: synth(stack) };
}

describe('ManagedMeshConfig', () => {
  describe('with defaults', () => {
    let construct: ManagedMeshConfig;
    let json: SynthJson;

    beforeAll(() => {
      ({ construct, json } = meshConfig());
    });

    it('owns keys in three ConfigMaps on the given provider, creates no ConfigMap, and nothing else', () => {
      expect(Object.keys(json.resource ?? {})).toEqual(['kubernetes_config_map_v1_data']);
      expect(resources(json, 'kubernetes_config_map_v1_data')).toHaveLength(3);
      expect(construct.meshConfig).toBeInstanceOf(ConfigMapV1Data);
      expect(construct.trafficDirectorMeshConfig).toBeInstanceOf(ConfigMapV1Data);
      expect(construct.options).toBeInstanceOf(ConfigMapV1Data);
      expect(construct.configMapNames).toEqual(['istio-asm-managed-rapid', 'istio-asm-managed', 'asm-options']);
    });

    it("writes the MeshConfig, verbatim, to the REGULAR channel's ConfigMap in istio-system, which ISTIOD reads", () => {
      expect(resourceAt(json, 'kubernetes_config_map_v1_data', 'managed/mesh-config')).toEqual({
        provider: 'kubernetes.a',
        ...OWNERSHIP,
        metadata: { name: 'istio-asm-managed', namespace: 'istio-system' },
        data: { mesh: MESH_CONFIG },
      });
    });

    it('writes the same MeshConfig to istio-asm-managed-rapid, which TRAFFIC_DIRECTOR reads on every channel', () => {
      expect(resourceAt(json, 'kubernetes_config_map_v1_data', 'managed/mesh-config-traffic-director')).toEqual({
        provider: 'kubernetes.a',
        ...OWNERSHIP,
        metadata: { name: 'istio-asm-managed-rapid', namespace: 'istio-system' },
        data: { mesh: MESH_CONFIG },
      });
    });

    it('keeps the logical IDs of earlier releases for the superseded whole-ConfigMap resources', () => {
      expect(construct.supersededAddresses).toEqual([
        `kubernetes_config_map_v1.${logicalId(json, 'kubernetes_config_map_v1_data', 'managed/mesh-config')}`,
        `kubernetes_config_map_v1.${logicalId(json, 'kubernetes_config_map_v1_data', 'managed/options')}`,
      ]);
    });

    it('sets multicluster mode connected in asm-options', () => {
      expect(resourceAt(json, 'kubernetes_config_map_v1_data', 'managed/options')).toEqual({
        provider: 'kubernetes.a',
        ...OWNERSHIP,
        metadata: { name: 'asm-options', namespace: 'istio-system' },
        data: { multicluster_mode: 'connected' },
      });
    });
  });

  it.each([
    ['REGULAR', 'istio-asm-managed', 'istio-asm-managed-rapid'],
    ['STABLE', 'istio-asm-managed-stable', 'istio-asm-managed-rapid'],
  ] as const)("writes the %s channel's MeshConfig to %s (ISTIOD) and %s (TRAFFIC_DIRECTOR)", (channel, istiod, trafficDirector) => {
    const { json } = meshConfig({ channel });
    const at = (path: string) => resourceAt(json, 'kubernetes_config_map_v1_data', path);
    expect(at('managed/mesh-config')).toMatchObject({ metadata: { name: istiod }, data: { mesh: MESH_CONFIG } });
    expect(at('managed/mesh-config-traffic-director')).toMatchObject({ metadata: { name: trafficDirector }, data: { mesh: MESH_CONFIG } });
    expect((at('managed/options').metadata as Record<string, unknown>).name).toBe('asm-options');
  });

  it('writes one MeshConfig on RAPID, where both implementations read istio-asm-managed-rapid', () => {
    const { construct, json } = meshConfig({ channel: 'RAPID' });
    expect(construct.trafficDirectorMeshConfig).toBeUndefined();
    expect(resources(json, 'kubernetes_config_map_v1_data').map((configMap) => (configMap.metadata as Record<string, unknown>).name)).toEqual([
      'istio-asm-managed-rapid',
      'asm-options',
    ]);
  });

  describe('with a namespace and dependsOn', () => {
    let json: SynthJson;

    beforeAll(() => {
      const stack = testStack();
      const provider = new KubernetesProvider(stack, 'k8s', { alias: 'a' });
      const namespace = new NamespaceV1(stack, 'namespace', { provider, metadata: { name: 'mesh-system' } });
      new ManagedMeshConfig(stack, 'managed', { provider, meshConfigYaml: MESH_CONFIG, channel: 'RAPID', namespace: 'mesh-system', dependsOn: [namespace] });
      json = synth(stack);
    });

    it('puts both ConfigMaps in the namespace', () => {
      expect(resourceAt(json, 'kubernetes_config_map_v1_data', 'managed/mesh-config').metadata).toEqual({
        name: 'istio-asm-managed-rapid',
        namespace: 'mesh-system',
      });
      expect(resourceAt(json, 'kubernetes_config_map_v1_data', 'managed/options').metadata).toEqual({ name: 'asm-options', namespace: 'mesh-system' });
    });

    it('makes both depend on dependsOn', () => {
      for (const configMap of resources(json, 'kubernetes_config_map_v1_data')) expect(configMap.depends_on).toEqual(['kubernetes_namespace_v1.namespace']);
    });
  });

  it.each([
    ['REGULAR', ['istio-asm-managed-rapid', 'istio-asm-managed', 'asm-options']],
    ['STABLE', ['istio-asm-managed-rapid', 'istio-asm-managed-stable', 'asm-options']],
    ['RAPID', ['istio-asm-managed-rapid', 'asm-options']],
  ] as const)('names the ConfigMaps that must exist first for the %s channel', (channel, names) => {
    expect(managedMeshConfigMaps(channel)).toEqual(names);
  });

  it('depends on nothing by default', () => {
    for (const configMap of resources(meshConfig().json, 'kubernetes_config_map_v1_data')) expect(configMap).not.toHaveProperty('depends_on');
  });

  describe('validation', () => {
    const build = (meshConfigYaml: string) => () => {
      const stack = scope();
      new ManagedMeshConfig(stack, 'managed', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), meshConfigYaml });
    };

    it.each(['', ' ', '\n', '\t\n  \n'])('refuses the blank meshConfigYaml %j', (meshConfigYaml) => {
      expect(build(meshConfigYaml)).toThrow(new Error('ManagedMeshConfig: props.meshConfigYaml must not be empty'));
    });

    it.each(['Istio-System', 'istio_system'])('refuses namespace %j', (namespace) => {
      const stack = scope();
      expect(
        () =>
          new ManagedMeshConfig(stack, 'managed', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), meshConfigYaml: MESH_CONFIG, namespace }),
      ).toThrow(new Error(`ManagedMeshConfig: props.namespace must be an RFC 1035 label of at most 63 characters, got "${namespace}"`));
    });

    it.each([MESH_CONFIG, '{}', '  accessLogFile: /dev/stdout  '])('accepts meshConfigYaml %j', (meshConfigYaml) => {
      expect(build(meshConfigYaml)).not.toThrow();
    });
  });
});

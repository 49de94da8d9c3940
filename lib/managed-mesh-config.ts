import { ConfigMapV1Data } from '@cdktf/provider-kubernetes/lib/config-map-v1-data';
import { type ITerraformDependable, type TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { requireLabel, requireProp } from './validate';
import { ISTIO_NAMESPACE } from './mesh-conventions';

/** The ConfigMap a managed control plane reads its MeshConfig from, per release channel. */
export const MANAGED_MESH_CONFIG_MAPS = {
  rapid: 'istio-asm-managed-rapid',
  regular: 'istio-asm-managed',
  stable: 'istio-asm-managed-stable',
} as const;

/** Where the managed control plane reads its options, such as `multicluster_mode`. */
export const MANAGED_OPTIONS_CONFIG_MAP = 'asm-options';

/** The ConfigMaps ManagedMeshConfig sets keys in, for a release channel. */
export function managedMeshConfigMaps(channel: keyof typeof MANAGED_MESH_CONFIG_MAPS = 'regular'): readonly string[] {
  return [MANAGED_MESH_CONFIG_MAPS[channel], MANAGED_OPTIONS_CONFIG_MAP];
}

export interface ManagedMeshConfigProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** The MeshConfig, as YAML (the overlays' `spec.meshConfig`). */
  readonly meshConfigYaml: string;
  /** The cluster's release channel, which picks the managed revision. @default "regular" */
  readonly channel?: keyof typeof MANAGED_MESH_CONFIG_MAPS;
  /** @default "istio-system" */
  readonly namespace?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Mesh options for a Google-managed control plane: its MeshConfig, and multi-cluster mode
 * `connected` so the fleet's clusters discover each other's endpoints.
 *
 * Provisioning may create these ConfigMaps itself (Google's docs `kubectl patch` asm-options),
 * so this owns only its keys, by server-side apply: both ConfigMaps must exist first (see
 * ManagedControlPlaneReady), and destroy removes the keys, not the ConfigMaps.
 */
export class ManagedMeshConfig extends Construct {
  public readonly meshConfig: ConfigMapV1Data;
  public readonly options: ConfigMapV1Data;
  /** The ConfigMaps whose keys this sets, which must exist before it applies. */
  public readonly configMapNames: readonly string[];
  /**
   * Where earlier releases kept these as whole `kubernetes_config_map_v1` resources, at the same
   * logical IDs. A stack lists them in `removed` blocks with `destroy = false`, so upgrading
   * forgets them instead of deleting the ConfigMaps a serving control plane reads.
   */
  public readonly supersededAddresses: readonly string[];

  constructor(scope: Construct, id: string, props: ManagedMeshConfigProps) {
    super(scope, id);
    requireProp(props.meshConfigYaml.trim().length > 0, 'ManagedMeshConfig', 'meshConfigYaml', 'must not be empty');
    const namespace = props.namespace ?? ISTIO_NAMESPACE;
    requireLabel(namespace, 63, 'ManagedMeshConfig', 'namespace');
    const common = { provider: props.provider, dependsOn: props.dependsOn, force: true, fieldManager: 'cdktf-asm-multicluster' };
    this.configMapNames = managedMeshConfigMaps(props.channel);
    const [meshConfigMap] = this.configMapNames;
    this.meshConfig = new ConfigMapV1Data(this, 'mesh-config', {
      ...common,
      metadata: { name: meshConfigMap, namespace },
      data: { mesh: props.meshConfigYaml },
    });
    this.options = new ConfigMapV1Data(this, 'options', {
      ...common,
      metadata: { name: MANAGED_OPTIONS_CONFIG_MAP, namespace },
      data: { multicluster_mode: 'connected' },
    });
    const stack = TerraformStack.of(this);
    this.supersededAddresses = [this.meshConfig, this.options].map((resource) => `kubernetes_config_map_v1.${stack.getLogicalId(resource)}`);
  }
}

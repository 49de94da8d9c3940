import { ConfigMapV1Data } from '@cdktf/provider-kubernetes/lib/config-map-v1-data';
import { type ITerraformDependable, type TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { requireLabel, requireProp } from '../core/validate';
import { ISTIO_NAMESPACE } from '../core/mesh-conventions';
import { type ReleaseChannel } from '../core/release-channels';
import { MANAGED_OPTIONS_CONFIG_MAP, meshConfigMapFor, meshConfigMapsFor } from './managed-control-plane';

export { MANAGED_OPTIONS_CONFIG_MAP } from './managed-control-plane';

/** The ConfigMaps ManagedMeshConfig sets keys in, on a release channel. */
export function managedMeshConfigMaps(channel: ReleaseChannel = 'REGULAR'): readonly string[] {
  return [...meshConfigMapsFor(channel), MANAGED_OPTIONS_CONFIG_MAP];
}

export interface ManagedMeshConfigProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** The MeshConfig, as YAML (the overlays' `spec.meshConfig`). */
  readonly meshConfigYaml: string;
  /** The cluster's GKE release channel, which picks ISTIOD's ConfigMap. @default "REGULAR" */
  readonly channel?: ReleaseChannel;
  /** @default "istio-system" */
  readonly namespace?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Mesh options for a Google-managed control plane: its MeshConfig, in the ConfigMap each
 * implementation reads on the channel (TRAFFIC_DIRECTOR: `istio-asm-managed-rapid` on every
 * channel; ISTIOD: the channel's own), and multi-cluster mode `connected` so the fleet's
 * clusters discover each other's endpoints.
 *
 * Provisioning may create these ConfigMaps itself (Google's docs `kubectl patch` asm-options),
 * so this owns only its keys, by server-side apply: both ConfigMaps must exist first (see
 * ManagedControlPlaneReady), and destroy removes the keys, not the ConfigMaps.
 */
export class ManagedMeshConfig extends Construct {
  /** ISTIOD's ConfigMap on the channel. */
  public readonly meshConfig: ConfigMapV1Data;
  /** TRAFFIC_DIRECTOR's ConfigMap, when it is another one than ISTIOD's (every channel but RAPID). */
  public readonly trafficDirectorMeshConfig?: ConfigMapV1Data;
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
    const channel = props.channel ?? 'REGULAR';
    this.configMapNames = managedMeshConfigMaps(channel);
    const meshConfigMap = (name: string, id: string) =>
      new ConfigMapV1Data(this, id, { ...common, metadata: { name, namespace }, data: { mesh: props.meshConfigYaml } });
    // ISTIOD's keeps the ID earlier releases used, so upgrading adds TRAFFIC_DIRECTOR's beside it.
    const istiodMap = meshConfigMapFor(channel, 'ISTIOD');
    const trafficDirectorMap = meshConfigMapFor(channel, 'TRAFFIC_DIRECTOR');
    this.meshConfig = meshConfigMap(istiodMap, 'mesh-config');
    if (trafficDirectorMap !== istiodMap) this.trafficDirectorMeshConfig = meshConfigMap(trafficDirectorMap, 'mesh-config-traffic-director');
    this.options = new ConfigMapV1Data(this, 'options', {
      ...common,
      metadata: { name: MANAGED_OPTIONS_CONFIG_MAP, namespace },
      data: { multicluster_mode: 'connected' },
    });
    const stack = TerraformStack.of(this);
    this.supersededAddresses = [this.meshConfig, this.options].map((resource) => `kubernetes_config_map_v1.${stack.getLogicalId(resource)}`);
  }
}

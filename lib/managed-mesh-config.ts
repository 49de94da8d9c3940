import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { requireLabel, requireProp } from './validate';

/** The ConfigMap a managed control plane reads its MeshConfig from, per release channel. */
export const MANAGED_MESH_CONFIG_MAPS = {
  rapid: 'istio-asm-managed-rapid',
  regular: 'istio-asm-managed',
  stable: 'istio-asm-managed-stable',
} as const;

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
 */
export class ManagedMeshConfig extends Construct {
  public readonly meshConfig: ConfigMapV1;
  public readonly options: ConfigMapV1;

  constructor(scope: Construct, id: string, props: ManagedMeshConfigProps) {
    super(scope, id);
    requireProp(props.meshConfigYaml.trim().length > 0, 'ManagedMeshConfig', 'meshConfigYaml', 'must not be empty');
    const namespace = props.namespace ?? 'istio-system';
    requireLabel(namespace, 63, 'ManagedMeshConfig', 'namespace');
    const labels = { 'app.kubernetes.io/managed-by': 'cdktf' };
    this.meshConfig = new ConfigMapV1(this, 'mesh-config', {
      provider: props.provider,
      dependsOn: props.dependsOn,
      metadata: { name: MANAGED_MESH_CONFIG_MAPS[props.channel ?? 'regular'], namespace, labels },
      data: { mesh: props.meshConfigYaml },
    });
    this.options = new ConfigMapV1(this, 'options', {
      provider: props.provider,
      dependsOn: props.dependsOn,
      metadata: { name: 'asm-options', namespace, labels },
      data: { multicluster_mode: 'connected' },
    });
  }
}

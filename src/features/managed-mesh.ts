import { type TerraformStack } from 'cdktf';
import { FleetServiceMesh } from '../../lib/mesh/fleet-service-mesh';
import { ManagedControlPlaneReady } from '../../lib/mesh/managed-control-plane-ready';
import { ManagedMeshConfig, managedMeshConfigMaps } from '../../lib/mesh/managed-mesh-config';
import { TeardownStep } from '../../lib/core/teardown-step';
import type { MeshConfig } from '../config/types';
import { managedMeshConfigYaml } from '../config/managed-overlays';
import { type ClusterBase, ISTIO_CRDS_FOR_WORKLOADS, type MeshCluster } from '../stacks/mesh-cluster';

export interface ManagedMesh {
  readonly fleetMesh: FleetServiceMesh;
  readonly clusters: MeshCluster[];
}

/**
 * Managed mode (mesh stack): the fleet's servicemesh feature provisions the control plane, each
 * cluster waits until Google has, and the overlays' mesh config goes into the ConfigMaps each
 * implementation reads (access logs go through the Telemetry API, in the workloads stack).
 */
export function addManagedMesh(stack: TerraformStack, config: MeshConfig, bases: readonly ClusterBase[]): ManagedMesh {
  // Placed and checked when the config loaded (src/config/managed-overlays.ts).
  const settings = config.asm.managed!;
  const fleetMesh = new FleetServiceMesh(stack, 'fleet-mesh', {
    project: config.fleetProject,
    memberships: bases.map((base) => ({
      name: base.config.name,
      membershipId: base.connection.membershipId,
      membershipLocation: base.connection.membershipLocation,
    })),
  });
  const meshYaml = managedMeshConfigYaml(settings);
  const superseded: string[] = [];
  const clusters = bases.map((base, index) => {
    // The next stack plans Istio resources: it may start only once Google has provisioned.
    const managedReady = new ManagedControlPlaneReady(stack, `managed-ready-${base.config.name}`, {
      fleetProject: config.fleetProject,
      membershipId: base.connection.membershipId,
      membershipLocation: base.connection.membershipLocation,
      project: base.config.project,
      clusterName: base.config.name,
      clusterLocation: base.config.location,
      usePrivateEndpoint: base.config.privateEndpoint,
      crds: ISTIO_CRDS_FOR_WORKLOADS,
      configMaps: managedMeshConfigMaps(base.config.releaseChannel),
      dependsOn: [fleetMesh.memberships[index], base.istioNamespace],
    });
    const managedConfig = new ManagedMeshConfig(stack, `managed-config-${base.config.name}`, {
      provider: base.connection.provider,
      meshConfigYaml: meshYaml,
      channel: base.config.releaseChannel,
      dependsOn: [managedReady.resource],
    });
    superseded.push(...managedConfig.supersededAddresses);
    // At destroy, before the membership's mesh config and the feature go: Google's uninstall order.
    new TeardownStep(stack, `teardown-managed-${base.config.name}`, {
      step: 'managed-mesh',
      input: {
        fleet_project: config.fleetProject,
        membership: base.connection.membershipId,
        membership_location: base.connection.membershipLocation,
        project: base.config.project,
        cluster: base.config.name,
        location: base.config.location,
        private_endpoint: String(base.config.privateEndpoint),
      },
      dependsOn: [fleetMesh.memberships[index]],
    });
    return { ...base, managedReady };
  });
  // Terraform >= 1.7: forget the old whole-ConfigMap resources without deleting them.
  stack.addOverride(
    'removed',
    superseded.map((from) => ({ from, lifecycle: { destroy: false } })),
  );
  return { fleetMesh, clusters };
}

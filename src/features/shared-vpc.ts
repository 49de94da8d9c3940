import { type ITerraformDependable } from 'cdktf';
import { type Construct } from 'constructs';
import type { MeshNetwork } from '../../lib/network/mesh-network';
import { SharedVpc } from '../../lib/network/shared-vpc';
import type { MeshConfig } from '../config/types';

/** Shared VPC (platform stack): the host project shares each cluster's subnet with the cluster's service project. */
export function addSharedVpc(
  scope: Construct,
  config: MeshConfig,
  hostProject: string,
  projectNumber: (project: string) => string,
  network: MeshNetwork,
  dependsOn: ITerraformDependable[],
): SharedVpc {
  return new SharedVpc(scope, 'shared-vpc', {
    hostProject,
    dependsOn,
    serviceProjects: config.mesh.clusterProjects.map((project) => ({
      project,
      projectNumber: projectNumber(project),
      subnets: config.clusters
        .filter((cluster) => cluster.project === project)
        .map((cluster) => ({ name: cluster.subnetName, region: cluster.region, reference: network.subnet(cluster.subnetName).name })),
    })),
  });
}

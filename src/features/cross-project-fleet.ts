import { type Construct } from 'constructs';
import { FleetServiceAgent } from '../../lib/project/fleet-service-agent';
import { GoogleBetaProvider } from '../../lib/project/google-beta-provider';
import type { MeshConfig } from '../config/types';

/**
 * Clusters in other projects than the fleet's (platform stack): the fleet registers them only
 * through its Hub agent's grants there, and manages their mesh only through its Cloud Service
 * Mesh agent's grant there.
 */
export function addFleetServiceAgent(scope: Construct, config: MeshConfig): FleetServiceAgent {
  return new FleetServiceAgent(scope, 'fleet-agent', {
    betaProvider: new GoogleBetaProvider(scope, 'google-beta', { project: config.project, region: config.region }),
    fleetProject: config.fleetProject,
    clusterProjects: config.mesh.foreignClusterProjects,
    managedMesh: config.asm.mode === 'managed',
  });
}

import { type Construct } from 'constructs';
import { AutopilotCluster, type AutopilotClusterProps } from '../../lib/cluster/autopilot-cluster';

/** `clusters[].autopilot` (platform stack): a cluster whose nodes Google manages. */
export function addAutopilotCluster(scope: Construct, id: string, props: AutopilotClusterProps): AutopilotCluster {
  return new AutopilotCluster(scope, id, props);
}

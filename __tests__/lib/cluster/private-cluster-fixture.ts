/** A PrivateCluster's base props and the node config every node gets, for private-cluster*.test.ts. */
import { type PrivateClusterProps } from '../../../lib/cluster/private-cluster';

export const BASE: PrivateClusterProps = {
  project: 'mesh-project',
  name: 'alpha',
  location: 'us-central1',
  network: 'projects/mesh-project/global/networks/mesh',
  subnetwork: 'projects/mesh-project/regions/us-central1/subnetworks/alpha',
  podRangeName: 'pods',
  serviceRangeName: 'services',
  masterCidr: '172.16.0.0/28',
  nodeServiceAccount: 'mesh-alpha-nodes@mesh-project.iam.gserviceaccount.com',
  nodeTags: ['mesh-alpha'],
  nodePools: [{ name: 'default' }],
};

export const HARDENED_NODE = {
  oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'],
  workload_metadata_config: { mode: 'GKE_METADATA' },
  shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
  metadata: { 'disable-legacy-endpoints': 'true' },
};

import { type DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { DataGoogleContainerCluster } from '@cdktf/provider-google/lib/data-google-container-cluster';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { requireLabel } from '../core/validate';

export interface GkeKubernetesProviderProps {
  readonly project: string;
  /** Name of an existing GKE cluster. */
  readonly clusterName: string;
  /** Its region or zone. */
  readonly location: string;
  /**
   * The caller's fresh OAuth token, shared by every provider in the stack. Read at plan time,
   * never stored in another stack's state.
   */
  readonly clientConfig: DataGoogleClientConfig;
  /**
   * Talk to the control plane on its private endpoint (the deploying machine must be in the VPC).
   * @default false: the public endpoint, limited to the authorized networks
   */
  readonly usePrivateEndpoint?: boolean;
  /** @default clusterName */
  readonly alias?: string;
}

/**
 * A kubernetes provider for one GKE cluster, configured from data sources in the consuming
 * stack: only the cluster's name and location cross stack boundaries, never a token.
 */
export class GkeKubernetesProvider extends Construct {
  public readonly cluster: DataGoogleContainerCluster;
  public readonly provider: KubernetesProvider;
  /** The private endpoint's address, which other clusters' istiod use for discovery. */
  public readonly privateEndpoint: string;
  /** The cluster CA, base64-encoded as a kubeconfig expects it. */
  public readonly caCertificate: string;
  /** Fleet membership ID and location, as the fleet registration produced them. */
  public readonly membershipId: string;
  public readonly membershipLocation: string;

  constructor(scope: Construct, id: string, props: GkeKubernetesProviderProps) {
    super(scope, id);
    requireLabel(props.clusterName, 40, 'GkeKubernetesProvider', 'clusterName');
    this.cluster = new DataGoogleContainerCluster(this, 'cluster', {
      project: props.project,
      name: props.clusterName,
      location: props.location,
    });
    this.privateEndpoint = this.cluster.privateClusterConfig.get(0).privateEndpoint;
    this.caCertificate = this.cluster.masterAuth.get(0).clusterCaCertificate;
    this.membershipId = this.cluster.fleet.get(0).membershipId;
    this.membershipLocation = this.cluster.fleet.get(0).membershipLocation;
    const host = props.usePrivateEndpoint ? this.privateEndpoint : this.cluster.endpoint;
    this.provider = new KubernetesProvider(this, 'provider', {
      alias: props.alias ?? props.clusterName,
      host: `https://${host}`,
      token: props.clientConfig.accessToken,
      clusterCaCertificate: Fn.base64decode(this.caCertificate),
    });
  }
}

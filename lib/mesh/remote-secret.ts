import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Fn, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { sharedExpression } from '../core/shared-expression';
import { requireLabel, requireProp } from '../core/validate';
import { ISTIO_NAMESPACE, KUBERNETES_MANAGED_BY } from '../core/mesh-conventions';

/** The label istiod watches for remote secrets. */
export const REMOTE_SECRET_LABEL = 'istio/multiCluster';
/** Names the remote cluster a secret reads. */
export const REMOTE_CLUSTER_ANNOTATION = 'networking.istio.io/cluster';

export interface RemoteSecretProps {
  /** The kubernetes provider of the cluster whose istiod will read the remote. */
  readonly provider: TerraformProvider;
  /** The remote cluster's name, as its `values.global.multiCluster.clusterName`. */
  readonly remoteClusterName: string;
  /** The remote API server address: its private endpoint, reachable from this cluster's pods. */
  readonly remoteServer: string;
  /** The remote cluster CA, base64-encoded. */
  readonly remoteCaCertificate: string;
  /** A reference to the remote reader's token. */
  readonly remoteToken: string;
  /** @default "istio-system" */
  readonly namespace?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An Istio remote secret, written declaratively instead of by `istioctl create-remote-secret`:
 * a kubeconfig for one remote cluster, labelled so this cluster's istiod watches it.
 */
export class RemoteSecret extends Construct {
  public readonly secret: SecretV1;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: RemoteSecretProps) {
    super(scope, id);
    requireLabel(props.remoteClusterName, 40, 'RemoteSecret', 'remoteClusterName');
    requireLabel(props.namespace ?? ISTIO_NAMESPACE, 63, 'RemoteSecret', 'namespace');
    requireProp(
      !/^[a-z]+:\/\//i.test(props.remoteServer),
      'RemoteSecret',
      'remoteServer',
      `must be a host or address without a scheme, got "${props.remoteServer}"`,
    );
    const cluster = props.remoteClusterName;
    this.name = `istio-remote-secret-${cluster}`;
    // The same kubeconfig goes into every other cluster's secret: resolved once per stack (N² secrets).
    const kubeconfig = sharedExpression(JSON.stringify(['kubeconfig', cluster, props.remoteServer, props.remoteCaCertificate, props.remoteToken]), () =>
      Fn.yamlencode({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: cluster, cluster: { server: `https://${props.remoteServer}`, 'certificate-authority-data': props.remoteCaCertificate } }],
        users: [{ name: cluster, user: { token: props.remoteToken } }],
        contexts: [{ name: cluster, context: { cluster, user: cluster } }],
        'current-context': cluster,
        preferences: {},
      }),
    );
    this.secret = new SecretV1(this, 'secret', {
      provider: props.provider,
      dependsOn: props.dependsOn,
      metadata: {
        name: this.name,
        namespace: props.namespace ?? ISTIO_NAMESPACE,
        labels: { [REMOTE_SECRET_LABEL]: 'true', ...KUBERNETES_MANAGED_BY },
        annotations: { [REMOTE_CLUSTER_ANNOTATION]: cluster },
      },
      type: 'Opaque',
      data: { [cluster]: kubeconfig },
    });
  }
}

import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Fn, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { requireLabel } from '../core/validate';
import { ISTIO_NAMESPACE, istioReadRules, KUBERNETES_MANAGED_BY } from '../core/mesh-conventions';

const READ = ['get', 'list', 'watch'];

/**
 * What another cluster's istiod reads here: Istio's own istio-reader-clusterrole
 * (istio/istio manifests/charts/istio-control/istio-discovery/templates/reader-clusterrole.yaml).
 * Secrets included: istiod runs a credential controller per remote cluster with a cluster-wide
 * Secret informer (pilot/pkg/credentials/kube), and marks the remote synced only once every
 * informer has synced (pkg/kube/multicluster/cluster.go). Without it, discovery works but
 * `istioctl remote-clusters` reports a timeout. So this token can read every Secret here.
 * Istio's role grants `*` on its groups; here every Istio resource is named instead (the same
 * reads today), and the legacy groups config, authentication and rbac.istio.io, which hold no
 * resources in any supported Istio, are left out.
 */
export const REMOTE_READER_RULES = [
  ...istioReadRules(['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io']),
  { apiGroups: [''], resources: ['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways'], verbs: READ },
  { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceexports', 'serviceimports'], verbs: READ },
  { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
  { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
];

export interface RemoteReaderProps {
  /** The kubernetes provider of the cluster being read. */
  readonly provider: TerraformProvider;
  /** @default "istio-system" */
  readonly namespace?: string;
  /** Name of the service account, role, binding and token. @default "istio-remote-reader" */
  readonly name?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The identity other clusters' istiod use to read this cluster's API server: a service account
 * bound to a read-only ClusterRole, and a long-lived token Secret for it.
 */
export class RemoteReader extends Construct {
  public readonly serviceAccount: ServiceAccountV1;
  public readonly tokenSecret: SecretV1;
  /** The token, as a reference: it never appears in the synthesized JSON. */
  public readonly token: string;

  constructor(scope: Construct, id: string, props: RemoteReaderProps) {
    super(scope, id);
    const name = props.name ?? 'istio-remote-reader';
    const namespace = props.namespace ?? ISTIO_NAMESPACE;
    requireLabel(name, 63, 'RemoteReader', 'name');
    requireLabel(namespace, 63, 'RemoteReader', 'namespace');
    const labels = { ...KUBERNETES_MANAGED_BY, 'app.kubernetes.io/part-of': 'asm-multicluster' };
    const common = { provider: props.provider, dependsOn: props.dependsOn };

    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      ...common,
      metadata: { name, namespace, labels },
      automountServiceAccountToken: false,
    });
    const role = new ClusterRoleV1(this, 'role', { ...common, metadata: { name, labels }, rule: REMOTE_READER_RULES });
    new ClusterRoleBindingV1(this, 'binding', {
      ...common,
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: this.serviceAccount.metadata.name, namespace }],
    });
    this.tokenSecret = new SecretV1(this, 'token', {
      ...common,
      metadata: { name: `${name}-token`, namespace, labels, annotations: { 'kubernetes.io/service-account.name': this.serviceAccount.metadata.name } },
      type: 'kubernetes.io/service-account-token',
      waitForServiceAccountToken: true,
    });
    this.token = Fn.lookup(this.tokenSecret.data, 'token', '');
  }
}

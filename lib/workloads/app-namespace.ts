import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1, type NetworkPolicyV1Spec } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { podSecurityLabels } from '../core/hardened-pod';
import { requireCidr, requireLabel, requireProp } from '../core/validate';
import { KUBERNETES_MANAGED_BY } from '../core/mesh-conventions';

/** Ports Envoy serves metrics on (merged app metrics 15020, Envoy stats 15090). */
export const SIDECAR_METRICS_PORTS = [15020, 15090];

export interface AppNamespaceProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  readonly name: string;
  /** The `istio.io/rev` revision whose sidecars the namespace's pods get. */
  readonly revision: string;
  /**
   * Pod Security Admission level enforced.
   * @default "restricted"
   */
  readonly podSecurity?: 'restricted' | 'baseline';
  /** Why a namespace cannot be restricted. Required with `podSecurity: baseline`. @default none */
  readonly podSecurityReason?: string;
  /** Namespaces allowed in, such as the ingress gateway's. @default none */
  readonly allowFromNamespaces?: readonly string[];
  /**
   * Pod ranges of the other mesh clusters. Their sidecars reach this namespace's pods directly
   * (one flat VPC, no east-west gateway), from addresses no namespace selector matches.
   * @default none
   */
  readonly meshPeerCidrs?: readonly string[];
  /**
   * Namespaces allowed to scrape sidecar metrics on 15020 and 15090.
   * @default ["gmp-system"] (Google Cloud Managed Service for Prometheus)
   */
  readonly metricsNamespaces?: readonly string[];
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A namespace for meshed workloads: sidecar injection by revision, Pod Security Admission, and
 * NetworkPolicies that deny ingress except from the namespace itself, the allowed namespaces,
 * the other clusters' sidecars and the metrics scraper.
 *
 * Mesh traffic this leaves open by construction: sidecars only dial out to istiod (egress is not
 * restricted), kubelet probes come from the node (never subject to NetworkPolicy on Dataplane
 * V2), and injection is a webhook call from the API server to istiod, not to these pods.
 */
export class AppNamespace extends Construct {
  public readonly namespace: NamespaceV1;
  public readonly policies: readonly NetworkPolicyV1[];
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    requireLabel(props.name, 63, 'AppNamespace', 'name');
    requireLabel(props.revision, 63, 'AppNamespace', 'revision');
    const level = props.podSecurity ?? 'restricted';
    requireProp(
      level === 'restricted' || Boolean(props.podSecurityReason?.trim()),
      'AppNamespace',
      'podSecurityReason',
      'must say why the namespace cannot be restricted',
    );
    (props.allowFromNamespaces ?? []).forEach((ns, index) => requireLabel(ns, 63, 'AppNamespace', `allowFromNamespaces[${index}]`));
    (props.meshPeerCidrs ?? []).forEach((cidr, index) => requireCidr(cidr, 'AppNamespace', `meshPeerCidrs[${index}]`, { broadest: 8 }));
    const metricsNamespaces = props.metricsNamespaces ?? ['gmp-system'];
    metricsNamespaces.forEach((ns, index) => requireLabel(ns, 63, 'AppNamespace', `metricsNamespaces[${index}]`));
    this.name = props.name;

    const common = { provider: props.provider, dependsOn: props.dependsOn };
    this.namespace = new NamespaceV1(this, 'namespace', {
      ...common,
      metadata: {
        name: props.name,
        labels: {
          'istio.io/rev': props.revision,
          ...podSecurityLabels(level),
          ...KUBERNETES_MANAGED_BY,
        },
        annotations: level === 'restricted' ? {} : { 'mesh.cdktf.io/pod-security-reason': props.podSecurityReason! },
      },
    });
    const namespace = this.namespace.metadata.name;
    const policy = (id: string, name: string, spec: NetworkPolicyV1Spec) =>
      new NetworkPolicyV1(this, id, { provider: props.provider, metadata: { name, namespace }, spec });
    const byName = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

    const policies = [
      policy('default-deny-ingress', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('allow-same-namespace', 'allow-same-namespace', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      }),
    ];
    if ((props.allowFromNamespaces ?? []).length > 0) {
      policies.push(
        policy('allow-from-namespaces', 'allow-from-namespaces', {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [{ from: props.allowFromNamespaces!.map(byName) }],
        }),
      );
    }
    if ((props.meshPeerCidrs ?? []).length > 0) {
      policies.push(
        policy('allow-mesh-peers', 'allow-mesh-peers', {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [{ from: props.meshPeerCidrs!.map((cidr) => ({ ipBlock: { cidr } })) }],
        }),
      );
    }
    if (metricsNamespaces.length > 0) {
      policies.push(
        policy('allow-metrics-scraping', 'allow-metrics-scraping', {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [{ from: metricsNamespaces.map(byName), ports: SIDECAR_METRICS_PORTS.map((port) => ({ port: String(port), protocol: 'TCP' })) }],
        }),
      );
    }
    this.policies = policies;
  }
}

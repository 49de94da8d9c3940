import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { containerResources, podSecurityLabels, restrictedContainerSecurity, restrictedPodSecurity, SECCOMP_ANNOTATION_WAIVER } from '../core/hardened-pod';
import { gatewayHost, notAbove, wholeNumber } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';
import { KUBERNETES_MANAGED_BY } from '../core/mesh-conventions';
import { waive } from '../core/waivers';

/** The gateway pods' labels; the Gateway resource selects on `istio`. */
export const GATEWAY_LABELS = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
/** The health port the load balancer probes; not a listener. */
export const STATUS_PORT_NAME = 'status-port';
/** Makes GKE's load balancer internal when `Internal`. */
export const LOAD_BALANCER_TYPE_ANNOTATION = 'networking.gke.io/load-balancer-type';
/** istio-proxy's user in every Istio image. */
const ISTIO_PROXY_UID = 1337;

/** What gateway injection supplies, so this Deployment cannot and must not set it. */
export const GATEWAY_INJECTION_WAIVER = {
  rule: 'MESH-POD-02, MESH-POD-03, CKV_K8S_8, CKV_K8S_9, CKV_K8S_14, CKV_K8S_15, CKV_K8S_43, kics 8657197e, kics 228c4c19 (probes, image tag, pull policy, digest)',
  reason:
    "Istio's gateway injection (inject.istio.io/templates: gateway) completes the istio-proxy container at admission with the revision's proxy image, pull policy and probes; `image: auto` is its placeholder. Setting them here would pin a proxy that the revision no longer matches.",
};

export interface IngressGatewayProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** The `istio.io/rev` revision to inject. */
  readonly revision: string;
  /** The host the gateway serves, as in the certificate. */
  readonly host: string;
  /** PEM certificate chain, as a reference (never a literal). */
  readonly certificatePem: string;
  /** PEM private key, as a reference (never a literal). */
  readonly privateKeyPem: string;
  /** @default "istio-ingress" */
  readonly namespace?: string;
  /**
   * Serve on an internal passthrough load balancer (VPC only, every region).
   * @default false: an external load balancer
   */
  readonly internal?: boolean;
  /** @default 2 */
  readonly minReplicas?: number;
  /** @default 5 */
  readonly maxReplicas?: number;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An Istio ingress gateway deployed the way Istio recommends: a plain Deployment whose
 * `istio-proxy` container is filled in by gateway injection for the given revision, exposed by
 * a LoadBalancer Service, kept available by a PodDisruptionBudget and scaled by an HPA. It
 * terminates TLS (SIMPLE) for one host and redirects HTTP to HTTPS.
 */
export class IngressGateway extends Construct {
  public readonly namespace: NamespaceV1;
  public readonly deployment: DeploymentV1;
  public readonly service: ServiceV1;
  public readonly credential: SecretV1;
  public readonly gateway: Manifest;
  /** `namespace/name` of the Gateway, for VirtualServices. */
  public readonly gatewayRef: string;
  public readonly namespaceName: string;
  /** The TLS Secret the Gateway's `credentialName` names. */
  public readonly credentialName: string;
  /** The load balancer's IP address, once GKE has assigned it. */
  public readonly address: string;

  constructor(scope: Construct, id: string, props: IngressGatewayProps) {
    super(scope, id);
    const ns = props.namespace ?? 'istio-ingress';
    requireLabel(ns, 63, 'IngressGateway', 'namespace');
    requireLabel(props.revision, 63, 'IngressGateway', 'revision');
    check('IngressGateway', 'host', props.host, gatewayHost);
    const minReplicas = props.minReplicas ?? 2;
    const maxReplicas = props.maxReplicas ?? 5;
    check('IngressGateway', 'minReplicas', minReplicas, wholeNumber({ min: 1 }));
    check('IngressGateway', 'maxReplicas', maxReplicas, wholeNumber({ min: 1 }));
    check('IngressGateway', 'minReplicas', minReplicas, notAbove('maxReplicas', maxReplicas));
    for (const prop of ['certificatePem', 'privateKeyPem'] as const) {
      requireProp(
        !/-----BEGIN/.test(props[prop]),
        'IngressGateway',
        prop,
        'must be a reference (a variable, data source or resource attribute), never key material',
      );
    }
    this.namespaceName = ns;
    this.credentialName = 'ingress-gateway-tls';
    const name = 'istio-ingressgateway';
    const common = { provider: props.provider };

    this.namespace = new NamespaceV1(this, 'namespace', {
      ...common,
      dependsOn: props.dependsOn,
      metadata: {
        name: ns,
        labels: {
          'istio.io/rev': props.revision,
          ...podSecurityLabels('restricted'),
          ...KUBERNETES_MANAGED_BY,
        },
      },
    });
    const namespace = this.namespace.metadata.name;
    const serviceAccount = new ServiceAccountV1(this, 'service-account', { ...common, metadata: { name, namespace }, automountServiceAccountToken: false });
    // Istio serves a credentialName only to a gateway whose service account may read the secret.
    const role = new RoleV1(this, 'secret-reader', {
      ...common,
      metadata: { name, namespace },
      rule: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });
    new RoleBindingV1(this, 'secret-reader-binding', {
      ...common,
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: serviceAccount.metadata.name, namespace }],
    });
    this.credential = new SecretV1(this, 'credential', {
      ...common,
      metadata: { name: this.credentialName, namespace },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': props.certificatePem, 'tls.key': props.privateKeyPem },
    });

    const labels = { ...GATEWAY_LABELS, 'istio.io/rev': props.revision, 'sidecar.istio.io/inject': 'true' };
    this.deployment = new DeploymentV1(this, 'deployment', {
      ...common,
      metadata: { name, namespace, labels: GATEWAY_LABELS },
      // The HPA owns the replica count after creation.
      waitForRollout: true,
      spec: {
        replicas: String(minReplicas),
        selector: { matchLabels: GATEWAY_LABELS },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '1', maxUnavailable: '0' } },
        template: {
          metadata: { labels, annotations: { 'inject.istio.io/templates': 'gateway' } },
          spec: {
            serviceAccountName: serviceAccount.metadata.name,
            automountServiceAccountToken: true,
            securityContext: restrictedPodSecurity(ISTIO_PROXY_UID),
            topologySpreadConstraint: [
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: [{ matchLabels: GATEWAY_LABELS }] },
            ],
            container: [
              {
                name: 'istio-proxy',
                // Replaced by the revision's proxy image at injection.
                image: 'auto',
                securityContext: restrictedContainerSecurity(),
                resources: containerResources({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } }),
              },
            ],
          },
        },
      },
      lifecycle: { ignoreChanges: ['spec[0].replicas'] },
    });

    waive(this.deployment, GATEWAY_INJECTION_WAIVER);
    waive(this.deployment, SECCOMP_ANNOTATION_WAIVER);

    this.service = new ServiceV1(this, 'service', {
      ...common,
      metadata: {
        name,
        namespace,
        labels: GATEWAY_LABELS,
        annotations: props.internal
          ? { [LOAD_BALANCER_TYPE_ANNOTATION]: 'Internal', 'networking.gke.io/internal-load-balancer-allow-global-access': 'true' }
          : {},
      },
      spec: {
        type: 'LoadBalancer',
        // Keeps client addresses for access logs and AuthorizationPolicies.
        externalTrafficPolicy: 'Local',
        selector: GATEWAY_LABELS,
        port: [
          { name: STATUS_PORT_NAME, port: 15021, targetPort: '15021', protocol: 'TCP' },
          { name: 'http2', port: 80, targetPort: '80', protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: '443', protocol: 'TCP' },
        ],
      },
    });
    this.address = this.service.status.get(0).loadBalancer.get(0).ingress.get(0).ip;

    new PodDisruptionBudgetV1(this, 'disruption-budget', {
      ...common,
      metadata: { name, namespace },
      spec: { minAvailable: '1', selector: { matchLabels: GATEWAY_LABELS } },
    });
    new HorizontalPodAutoscalerV2(this, 'autoscaler', {
      ...common,
      metadata: { name, namespace },
      spec: {
        minReplicas,
        maxReplicas,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.metadata.name },
        metric: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    });

    this.gateway = new Manifest(this, 'gateway', {
      ...common,
      manifest: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: 'ingress-gateway', namespace: ns },
        spec: {
          selector: { istio: GATEWAY_LABELS.istio },
          servers: [
            {
              port: { number: 443, name: 'https', protocol: 'HTTPS' },
              hosts: [props.host],
              tls: { mode: 'SIMPLE', credentialName: this.credentialName },
            },
            {
              port: { number: 80, name: 'http', protocol: 'HTTP' },
              hosts: [props.host],
              tls: { httpsRedirect: true },
            },
          ],
        },
      },
      dependsOn: [this.namespace, this.credential],
    });
    this.gatewayRef = `${ns}/ingress-gateway`;
  }
}

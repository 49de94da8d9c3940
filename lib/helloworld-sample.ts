import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { containerResources, restrictedContainerSecurity, restrictedPodSecurity, TMP_MOUNT, TMP_VOLUME } from './hardened-pod';
import { HELLOWORLD_PORT } from './mesh-conventions';
import { requireLabel, requireProp } from './validate';

export { HELLOWORLD_PORT };
export const HELLOWORLD_IMAGES: Record<string, string> = {
  v1: 'docker.io/istio/examples-helloworld-v1:1.0',
  v2: 'docker.io/istio/examples-helloworld-v2:1.0',
};
export const SLEEP_IMAGE = 'docker.io/curlimages/curl:8.11.1';

export interface HelloworldSampleProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** The (meshed) namespace to deploy into. */
  readonly namespace: string;
  /** Which helloworld version runs in this cluster. */
  readonly version: 'v1' | 'v2';
  /** The gateway host routed to helloworld. */
  readonly host: string;
  /** `namespace/name` of the ingress Gateway. */
  readonly gateway: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Istio and ASM multi-cluster check: a `helloworld` Service in every cluster, backed here by
 * one version, and a `sleep` client. Calls from `sleep` reaching both versions prove that the
 * clusters share endpoints. A VirtualService routes the gateway's host to helloworld.
 */
export class HelloworldSample extends Construct {
  public readonly service: ServiceV1;
  public readonly helloworld: DeploymentV1;
  public readonly sleep: DeploymentV1;
  public readonly virtualService: Manifest;

  constructor(scope: Construct, id: string, props: HelloworldSampleProps) {
    super(scope, id);
    requireLabel(props.namespace, 63, 'HelloworldSample', 'namespace');
    requireProp(Object.hasOwn(HELLOWORLD_IMAGES, props.version), 'HelloworldSample', 'version', `must be v1 or v2, got "${props.version}"`);
    requireProp(/^[a-z0-9-]+\/[a-z0-9-]+$/.test(props.gateway), 'HelloworldSample', 'gateway', `must be namespace/name, got "${props.gateway}"`);
    const namespace = props.namespace;
    const common = { provider: props.provider, dependsOn: props.dependsOn };

    this.service = new ServiceV1(this, 'helloworld-service', {
      ...common,
      metadata: { name: 'helloworld', namespace, labels: { app: 'helloworld', service: 'helloworld' } },
      spec: { selector: { app: 'helloworld' }, port: [{ name: 'http', port: HELLOWORLD_PORT, targetPort: String(HELLOWORLD_PORT), protocol: 'TCP' }] },
    });
    const helloworldAccount = new ServiceAccountV1(this, 'helloworld-account', {
      ...common,
      metadata: { name: 'helloworld', namespace },
      automountServiceAccountToken: false,
    });
    const labels = { app: 'helloworld', version: props.version };
    this.helloworld = new DeploymentV1(this, 'helloworld', {
      ...common,
      metadata: { name: `helloworld-${props.version}`, namespace, labels },
      spec: {
        replicas: '1',
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: helloworldAccount.metadata.name,
            securityContext: restrictedPodSecurity(1000),
            container: [
              {
                name: 'helloworld',
                image: HELLOWORLD_IMAGES[props.version],
                port: [{ name: 'http', containerPort: HELLOWORLD_PORT }],
                securityContext: restrictedContainerSecurity(),
                resources: containerResources({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } }),
                // Gunicorn keeps its worker heartbeat files in /tmp.
                volumeMount: [TMP_MOUNT],
              },
            ],
            volume: [TMP_VOLUME],
          },
        },
      },
    });

    const sleepAccount = new ServiceAccountV1(this, 'sleep-account', {
      ...common,
      metadata: { name: 'sleep', namespace },
      automountServiceAccountToken: false,
    });
    this.sleep = new DeploymentV1(this, 'sleep', {
      ...common,
      metadata: { name: 'sleep', namespace, labels: { app: 'sleep' } },
      spec: {
        replicas: '1',
        selector: { matchLabels: { app: 'sleep' } },
        template: {
          metadata: { labels: { app: 'sleep' } },
          spec: {
            serviceAccountName: sleepAccount.metadata.name,
            // The curl image's own non-root user.
            securityContext: restrictedPodSecurity(100),
            terminationGracePeriodSeconds: 0,
            container: [
              {
                name: 'sleep',
                image: SLEEP_IMAGE,
                command: ['/bin/sleep', 'infinity'],
                securityContext: restrictedContainerSecurity(),
                resources: containerResources({ requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '200m', memory: '64Mi' } }),
                volumeMount: [TMP_MOUNT],
              },
            ],
            volume: [TMP_VOLUME],
          },
        },
      },
    });

    this.virtualService = new Manifest(this, 'virtual-service', {
      ...common,
      manifest: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'helloworld', namespace },
        spec: {
          hosts: [props.host],
          gateways: [props.gateway],
          http: [{ route: [{ destination: { host: `helloworld.${namespace}.svc.cluster.local`, port: { number: HELLOWORLD_PORT } } }] }],
        },
      },
    });
  }
}

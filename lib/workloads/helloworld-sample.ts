import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import {
  containerResources,
  imageWithPullPolicy,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  SECCOMP_ANNOTATION_WAIVER,
  taggedImageWaiver,
  TMP_MOUNT,
  TMP_VOLUME,
} from '../core/hardened-pod';
import { HELLOWORLD_PORT } from '../core/mesh-conventions';
import { imageReference, isPinnedByDigest } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';
import { waive } from '../core/waivers';

export { HELLOWORLD_PORT };
/** The images Istio's samples/helloworld and samples/sleep (curl) use, by tag. */
export const HELLOWORLD_IMAGES: Record<string, string> = {
  v1: 'docker.io/istio/examples-helloworld-v1:1.0',
  v2: 'docker.io/istio/examples-helloworld-v2:1.0',
};
export const SLEEP_IMAGE = 'docker.io/curlimages/curl:8.11.1';
/** The sleep client's probe: the image's own sleep, which succeeds while the container runs. */
export const SLEEP_PROBE_COMMAND = ['/bin/sleep', '0'];

export interface HelloworldSampleProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** The (meshed) namespace to deploy into. */
  readonly namespace: string;
  /** Which helloworld version runs in this cluster. */
  readonly version: 'v1' | 'v2';
  /**
   * helloworld's image for this cluster's version, by tag or digest.
   * @default HELLOWORLD_IMAGES[version]
   */
  readonly helloworldImage?: string;
  /** @default SLEEP_IMAGE */
  readonly sleepImage?: string;
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
    const helloworldImage = props.helloworldImage ?? HELLOWORLD_IMAGES[props.version];
    const sleepImage = props.sleepImage ?? SLEEP_IMAGE;
    check('HelloworldSample', 'helloworldImage', helloworldImage, imageReference);
    check('HelloworldSample', 'sleepImage', sleepImage, imageReference);
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
                ...imageWithPullPolicy(helloworldImage),
                port: [{ name: 'http', containerPort: HELLOWORLD_PORT }],
                // Gunicorn accepting connections means alive. /hello does real CPU work, so
                // only readiness calls it, with room to answer under a CPU limit.
                livenessProbe: { tcpSocket: [{ port: String(HELLOWORLD_PORT) }], periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                readinessProbe: { httpGet: { path: '/hello', port: String(HELLOWORLD_PORT) }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
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

    waive(this.helloworld, SECCOMP_ANNOTATION_WAIVER);
    if (!isPinnedByDigest(helloworldImage))
      waive(this.helloworld, taggedImageWaiver(`sample.images.helloworld${props.version.toUpperCase()}`, this.helloworld.terraformResourceType));

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
                ...imageWithPullPolicy(sleepImage),
                command: ['/bin/sleep', 'infinity'],
                // The container only sleeps: it is alive and ready while it can run its own command.
                livenessProbe: { exec: { command: SLEEP_PROBE_COMMAND }, periodSeconds: 30 },
                readinessProbe: { exec: { command: SLEEP_PROBE_COMMAND }, periodSeconds: 30 },
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

    waive(this.sleep, SECCOMP_ANNOTATION_WAIVER);
    if (!isPinnedByDigest(sleepImage)) waive(this.sleep, taggedImageWaiver('sample.images.sleep', this.sleep.terraformResourceType));

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

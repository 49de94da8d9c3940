import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { requireLabel } from '../core/validate';
import { ISTIO_NAMESPACE } from '../core/mesh-conventions';

/**
 * Access-log providers of the managed control plane (Cloud Service Mesh docs,
 * observability/access-logs): `envoy` writes Envoy's access log to the proxy's stdout;
 * `stackdriver` is the traffic log Google enables by default.
 */
export const ACCESS_LOG_PROVIDERS = ['envoy', 'stackdriver'] as const;

export interface MeshAccessLoggingProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** The mesh's root namespace: a Telemetry there applies mesh-wide. @default "istio-system" */
  readonly rootNamespace?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Envoy access logs for every proxy of a managed mesh, through the Telemetry API: the
 * TRAFFIC_DIRECTOR implementation does not read `meshConfig.accessLogFile`. A Telemetry that
 * names providers replaces the default ones, so it names the traffic log too, to keep it.
 */
export class MeshAccessLogging extends Construct {
  public readonly telemetry: Manifest;

  constructor(scope: Construct, id: string, props: MeshAccessLoggingProps) {
    super(scope, id);
    const namespace = props.rootNamespace ?? ISTIO_NAMESPACE;
    requireLabel(namespace, 63, 'MeshAccessLogging', 'rootNamespace');
    this.telemetry = new Manifest(this, 'telemetry', {
      provider: props.provider,
      dependsOn: props.dependsOn,
      manifest: {
        // The version Google's access-logs page applies on managed meshes.
        apiVersion: 'telemetry.istio.io/v1alpha1',
        kind: 'Telemetry',
        metadata: { name: 'mesh-access-logging', namespace },
        spec: { accessLogging: [{ providers: ACCESS_LOG_PROVIDERS.map((name) => ({ name })) }] },
      },
    });
  }
}

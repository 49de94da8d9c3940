import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { requireLabel } from '../core/validate';
import { ISTIO_NAMESPACE } from '../core/mesh-conventions';

export interface StrictMtlsProps {
  /** The cluster's kubernetes provider. */
  readonly provider: TerraformProvider;
  /** The mesh's root namespace: a PeerAuthentication there applies mesh-wide. @default "istio-system" */
  readonly rootNamespace?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Mesh-wide mutual TLS in STRICT mode: sidecars refuse plaintext, so only workloads with a mesh
 * identity (from any cluster of the mesh) reach meshed pods.
 */
export class StrictMtls extends Construct {
  public readonly peerAuthentication: Manifest;

  constructor(scope: Construct, id: string, props: StrictMtlsProps) {
    super(scope, id);
    const namespace = props.rootNamespace ?? ISTIO_NAMESPACE;
    requireLabel(namespace, 63, 'StrictMtls', 'rootNamespace');
    this.peerAuthentication = new Manifest(this, 'peer-authentication', {
      provider: props.provider,
      dependsOn: props.dependsOn,
      manifest: {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        // "default" in the root namespace is the mesh-wide policy.
        metadata: { name: 'default', namespace },
        spec: { mtls: { mode: 'STRICT' } },
      },
    });
  }
}

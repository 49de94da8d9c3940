import { AssetType, type ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { INSTALL_SCRIPT } from './asm-install';
import { TerraformData } from '../core/terraform-data';
import { requireLabel, requireProp } from '../core/validate';

export interface RevisionRestartProps {
  readonly project: string;
  readonly clusterName: string;
  readonly clusterLocation: string;
  /** Reach the control plane on its private endpoint. @default false */
  readonly usePrivateEndpoint?: boolean;
  /** The revision the namespaces are labelled with. */
  readonly revision: string;
  /** Namespaces whose workloads move with the revision. */
  readonly namespaces: readonly string[];
  /** The namespaces' resources: their labels change first. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Restarts the workloads of namespaces that moved to another revision, so their pods are
 * injected again with that revision's sidecar. It runs whenever the revision changes, and
 * restarts a namespace only while one of its pods still runs another revision: a first deploy,
 * or a namespace already moved, restarts nothing.
 */
export class RevisionRestart extends Construct {
  public readonly resource: TerraformData;

  constructor(scope: Construct, id: string, props: RevisionRestartProps) {
    super(scope, id);
    requireLabel(props.clusterName, 40, 'RevisionRestart', 'clusterName');
    requireLabel(props.revision, 63, 'RevisionRestart', 'revision');
    requireProp(props.namespaces.length > 0, 'RevisionRestart', 'namespaces', 'must list at least one namespace');
    props.namespaces.forEach((namespace, index) => requireLabel(namespace, 63, 'RevisionRestart', `namespaces[${index}]`));
    const script = new TerraformAsset(this, 'script', { path: INSTALL_SCRIPT, type: AssetType.FILE });
    this.resource = new TerraformData(this, 'restart', {
      triggersReplace: { revision: props.revision, namespaces: props.namespaces.join(' ') },
      dependsOn: props.dependsOn,
      provisioners: [
        {
          type: 'local-exec',
          command: ['bash', script.path, 'restart', ...props.namespaces].join(' '),
          environment: {
            ASM_PROJECT: props.project,
            ASM_CLUSTER: props.clusterName,
            ASM_LOCATION: props.clusterLocation,
            ASM_REVISION: props.revision,
            ASM_PRIVATE_ENDPOINT: String(props.usePrivateEndpoint ?? false),
          },
        },
      ],
    });
  }
}

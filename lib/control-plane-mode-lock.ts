import { Construct } from 'constructs';
import { TerraformData } from './terraform-data';
import { requireLabel, requireProp } from './validate';

export const CONTROL_PLANE_MODES = ['in-cluster', 'managed'] as const;
export type ControlPlaneMode = (typeof CONTROL_PLANE_MODES)[number];

export interface ControlPlaneModeLockProps {
  /** The cluster whose control plane this guards. */
  readonly clusterName: string;
  /** The mode the config asks for now. */
  readonly mode: ControlPlaneMode;
  /** Where the message sends the user for the supported road. @default 'README "From in-cluster to managed"' */
  readonly guide?: string;
}

/**
 * Refuses, at plan time, to change a cluster's control-plane mode once it has one. Google supports
 * moving from in-cluster to managed only cluster by cluster (new managed clusters, traffic moved,
 * old ones retired), and a managed control plane must never share a cluster with an in-cluster one;
 * switching in place would uninstall the serving istiod and provision another in the same apply.
 *
 * `record` keeps the mode of the first apply (its input is never updated); `guard`'s precondition
 * compares it with the config's, so a changed mode fails the whole plan before anything is touched.
 * A cluster removed from the config takes both with it, so retiring old clusters stays possible.
 */
export class ControlPlaneModeLock extends Construct {
  public readonly record: TerraformData;
  public readonly guard: TerraformData;

  constructor(scope: Construct, id: string, props: ControlPlaneModeLockProps) {
    super(scope, id);
    requireLabel(props.clusterName, 40, 'ControlPlaneModeLock', 'clusterName');
    requireProp(
      CONTROL_PLANE_MODES.includes(props.mode),
      'ControlPlaneModeLock',
      'mode',
      `must be one of ${CONTROL_PLANE_MODES.join(', ')}, got "${props.mode}"`,
    );
    const guide = props.guide ?? 'README "From in-cluster to managed"';
    this.record = new TerraformData(this, 'record', {
      input: { cluster: props.clusterName, mode: props.mode },
      lifecycle: { ignoreChanges: ['input'] },
    });
    this.guard = new TerraformData(this, 'guard', {
      input: { mode: props.mode },
      lifecycle: {
        precondition: [
          {
            condition: `\${${this.record.fqn}.output.mode == "${props.mode}"}`,
            errorMessage: `asm.mode: cluster ${props.clusterName} runs the \${${this.record.fqn}.output.mode} control plane; changing it to ${props.mode} in place would put two control planes in one cluster or remove the serving one. Add new clusters in a ${props.mode} mesh beside it and retire this one instead: see ${guide}.`,
          },
        ],
      },
    });
  }
}

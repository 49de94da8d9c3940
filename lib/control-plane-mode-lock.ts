import { type Construct } from 'constructs';
import { RecordedFactLock } from './recorded-fact-lock';
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
 * The record keeps the mode of the first apply; a cluster removed from the config takes its lock
 * with it, so retiring old clusters stays possible.
 */
export class ControlPlaneModeLock extends RecordedFactLock {
  constructor(scope: Construct, id: string, props: ControlPlaneModeLockProps) {
    requireLabel(props.clusterName, 40, 'ControlPlaneModeLock', 'clusterName');
    requireProp(
      CONTROL_PLANE_MODES.includes(props.mode),
      'ControlPlaneModeLock',
      'mode',
      `must be one of ${CONTROL_PLANE_MODES.join(', ')}, got "${props.mode}"`,
    );
    const guide = props.guide ?? 'README "From in-cluster to managed"';
    super(scope, id, {
      constructName: 'ControlPlaneModeLock',
      record: { cluster: props.clusterName, mode: props.mode },
      locked: [
        {
          key: 'mode',
          errorMessage: (recorded) =>
            `asm.mode: cluster ${props.clusterName} runs the ${recorded('mode')} control plane; changing it to ${props.mode} in place would put two control planes in one cluster or remove the serving one. Add new clusters in a ${props.mode} mesh beside it and retire this one instead: see ${guide}.`,
        },
      ],
    });
  }
}

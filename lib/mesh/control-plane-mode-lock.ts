import { type Construct } from 'constructs';
import { ORIGINAL_RELEASE_CHANNEL, RELEASE_CHANNELS, type ReleaseChannel } from '../core/release-channels';
import { type LockedFact, RecordedFactLock } from '../core/recorded-fact-lock';
import { requireLabel, requireProp } from '../core/validate';

export const CONTROL_PLANE_MODES = ['in-cluster', 'managed'] as const;
export type ControlPlaneMode = (typeof CONTROL_PLANE_MODES)[number];

export interface ControlPlaneModeLockProps {
  /** The cluster whose control plane this guards. */
  readonly clusterName: string;
  /** The mode the config asks for now. */
  readonly mode: ControlPlaneMode;
  /**
   * Managed mode: the release channel the control plane was provisioned on, recorded and locked
   * too. Cloud Service Mesh keeps the channel it was provisioned with when the cluster's changes
   * (release-channels-managed-service-mesh), so namespaces relabelled for a new channel would lose
   * injection. The original channel (REGULAR) is not recorded, so locks of clusters on it stay as
   * earlier releases wrote them, and a record without a channel stands for it.
   * @default none: the channel is not locked (in-cluster mode, where it only paces GKE's upgrades)
   */
  readonly channel?: ReleaseChannel;
  /** Where the message sends the user for the supported road. @default 'README "From in-cluster to managed"' */
  readonly guide?: string;
}

/**
 * Refuses, at plan time, to change a cluster's control-plane mode once it has one. Google supports
 * moving from in-cluster to managed only cluster by cluster (new managed clusters, traffic moved,
 * old ones retired), and a managed control plane must never share a cluster with an in-cluster one;
 * switching in place would uninstall the serving istiod and provision another in the same apply.
 * The record keeps the mode (and a managed cluster's channel) of the first apply; a cluster removed
 * from the config takes its lock with it, so retiring old clusters stays possible.
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
    if (props.channel !== undefined) {
      requireProp(
        RELEASE_CHANNELS.includes(props.channel),
        'ControlPlaneModeLock',
        'channel',
        `must be one of ${RELEASE_CHANNELS.join(', ')}, got "${props.channel}"`,
      );
    }
    const guide = props.guide ?? 'README "From in-cluster to managed"';
    const channel = props.channel === ORIGINAL_RELEASE_CHANNEL ? undefined : props.channel;
    const channelFact: LockedFact[] = channel
      ? [
          {
            key: 'channel',
            unrecorded: ORIGINAL_RELEASE_CHANNEL,
            errorMessage: (recorded) =>
              `clusters.releaseChannel: cluster ${props.clusterName}'s managed control plane was provisioned on ${recorded('channel')} and keeps that channel when the cluster's changes; moving it to ${channel} would relabel namespaces for a control plane that is not there. Keep the channel, or add a cluster on ${channel} and retire this one: see docs/autopilot.md.`,
          },
        ]
      : [];
    super(scope, id, {
      constructName: 'ControlPlaneModeLock',
      record: { cluster: props.clusterName, mode: props.mode, ...(channel ? { channel } : {}) },
      locked: [
        ...channelFact,
        {
          key: 'mode',
          errorMessage: (recorded) =>
            `asm.mode: cluster ${props.clusterName} runs the ${recorded('mode')} control plane; changing it to ${props.mode} in place would put two control planes in one cluster or remove the serving one. Add new clusters in a ${props.mode} mesh beside it and retire this one instead: see ${guide}.`,
        },
      ],
    });
  }
}

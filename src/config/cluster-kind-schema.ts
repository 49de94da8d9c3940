import { v } from './valibot';
import { ORIGINAL_RELEASE_CHANNEL, RELEASE_CHANNELS, type ReleaseChannel } from '../../lib/core/release-channels';
import { described, flag, oneOf } from './schema-fields';

/**
 * The per-cluster keys that choose what kind of GKE cluster it is: Standard or Autopilot, and its
 * release channel. Kept apart from schema.ts, which spreads them into the cluster's schema.
 */

/** Today's channel for every cluster: a config that names none keeps its running clusters as they are. */
export const DEFAULT_RELEASE_CHANNEL: ReleaseChannel = ORIGINAL_RELEASE_CHANNEL;

export const clusterKindFields = {
  autopilot: described(
    v.optional(flag(), false),
    'Make this a private GKE Autopilot cluster: Google runs its nodes, so it takes no nodePools. Needs asm.mode: managed. Changing it replaces the cluster. See docs/autopilot.md.',
  ),
  releaseChannel: described(
    v.optional(oneOf(RELEASE_CHANNELS), DEFAULT_RELEASE_CHANNEL),
    "GKE release channel (RAPID, REGULAR, STABLE). A managed control plane takes its channel from the cluster's when it is provisioned, and namespaces get that channel's injection label. See docs/autopilot.md before changing it on a running mesh.",
  ),
};

/**
 * GKE's release channels, which a cluster is enrolled in and which a managed Cloud Service Mesh
 * follows at provisioning (release-channels-managed-service-mesh): a fact of both the cluster and
 * the mesh domains, so it lives here.
 */
export const RELEASE_CHANNELS = ['RAPID', 'REGULAR', 'STABLE'] as const;
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

/** Every cluster's channel before it was configurable: the default, so running clusters stay on it. */
export const ORIGINAL_RELEASE_CHANNEL: ReleaseChannel = 'REGULAR';

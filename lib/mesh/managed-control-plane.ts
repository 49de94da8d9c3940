/**
 * What a Google-managed control plane reads and answers to, per GKE release channel and per
 * control-plane implementation, in one place. Sources (Cloud Service Mesh docs):
 * - enable-optional-features-managed: mesh settings go in `istio-asm-managed<-channel>`; with the
 *   TRAFFIC_DIRECTOR implementation in `istio-asm-managed-rapid` whatever the channel.
 * - anthos-service-mesh-proxy-injection / provision-control-plane: a namespace opts in with the
 *   channel's revision label (`istio.io/rev=asm-managed`, `-rapid`, `-stable`).
 * - check-control-plane-implementation: new meshes get TRAFFIC_DIRECTOR; ISTIOD is deprecated.
 */

import { type ReleaseChannel } from '../core/release-channels';

/** The implementations `gcloud container fleet mesh describe` reports once one serves. */
export const CONTROL_PLANE_IMPLEMENTATIONS = ['TRAFFIC_DIRECTOR', 'ISTIOD'] as const;
export type ControlPlaneImplementation = (typeof CONTROL_PLANE_IMPLEMENTATIONS)[number];

const CHANNEL_REVISIONS: Record<ReleaseChannel, string> = {
  RAPID: 'asm-managed-rapid',
  REGULAR: 'asm-managed',
  STABLE: 'asm-managed-stable',
};

const CHANNEL_MESH_CONFIG_MAPS: Record<ReleaseChannel, string> = {
  RAPID: 'istio-asm-managed-rapid',
  REGULAR: 'istio-asm-managed',
  STABLE: 'istio-asm-managed-stable',
};

/** Where the managed control plane reads its options, such as `multicluster_mode`. */
export const MANAGED_OPTIONS_CONFIG_MAP = 'asm-options';

/** The `istio.io/rev` value a namespace carries so the managed control plane injects its pods. */
export function managedInjectionRevision(channel: ReleaseChannel, implementation: ControlPlaneImplementation): string {
  // Both implementations honour the channel's revision label; kept per implementation so a
  // later channel or implementation with its own label changes only this function.
  void implementation;
  return CHANNEL_REVISIONS[channel];
}

/** The ConfigMap (istio-system) an implementation reads its MeshConfig from, on a channel. */
export function meshConfigMapFor(channel: ReleaseChannel, implementation: ControlPlaneImplementation): string {
  return implementation === 'TRAFFIC_DIRECTOR' ? CHANNEL_MESH_CONFIG_MAPS.RAPID : CHANNEL_MESH_CONFIG_MAPS[channel];
}

/**
 * Every ConfigMap that must carry the mesh settings on a channel. Google picks the implementation
 * (and may migrate ISTIOD to TRAFFIC_DIRECTOR), so the settings go where each one reads them.
 */
export function meshConfigMapsFor(channel: ReleaseChannel): readonly string[] {
  return [...new Set(CONTROL_PLANE_IMPLEMENTATIONS.map((implementation) => meshConfigMapFor(channel, implementation)))];
}

/** The injection label that holds whichever implementation Google runs (they agree on every channel). */
export function managedRevision(channel: ReleaseChannel): string {
  const revisions = new Set(CONTROL_PLANE_IMPLEMENTATIONS.map((implementation) => managedInjectionRevision(channel, implementation)));
  if (revisions.size !== 1) throw new Error(`managed control plane: implementations disagree on the ${channel} injection label (${[...revisions].join(', ')})`);
  return [...revisions][0];
}

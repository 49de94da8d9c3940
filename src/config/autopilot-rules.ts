import type { ConfigProblem } from './messages';

/**
 * What a GKE Autopilot cluster cannot run, refused before anything is written. Sources:
 * - Cloud Service Mesh supported platforms (cloud.google.com/service-mesh/docs/supported-platforms):
 *   Autopilot is supported with the managed control plane only, not with in-cluster istiod.
 * - GKE Autopilot overview, comparison (cloud.google.com/kubernetes-engine/docs/concepts/autopilot-overview):
 *   GKE creates and manages the nodes; google provider 6.50.0 refuses `node_pool` and
 *   `remove_default_node_pool` beside `enable_autopilot` (resource_container_cluster.go, ConflictsWith).
 * - Run privileged workloads from GKE Autopilot partners
 *   (cloud.google.com/kubernetes-engine/docs/how-to/run-autopilot-partner-workloads): a privileged
 *   partner workload, such as the Prisma Cloud Defender, runs only as the partner ships it for
 *   Autopilot, admitted by a WorkloadAllowlist an AllowlistSynchronizer installs. This app's
 *   Defender is the Standard DaemonSet (privileged, host namespaces), which Autopilot rejects.
 */
export function autopilotProblems(root: Record<string, unknown>, clusters: readonly Record<string, unknown>[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const autopilot = clusters.map((cluster, index) => ({ cluster, index })).filter(({ cluster }) => cluster.autopilot === true);
  const asm = root.asm !== null && typeof root.asm === 'object' ? (root.asm as Record<string, unknown>) : {};
  for (const { cluster, index } of autopilot) {
    if (asm.mode === 'in-cluster') {
      problems.push({
        path: `clusters[${index}].autopilot`,
        message: 'needs asm.mode: managed; Cloud Service Mesh supports Autopilot only with the Google-managed control plane, not with in-cluster istiod',
      });
    }
    if (typeof cluster.location === 'string' && /-[a-z]$/.test(cluster.location)) {
      problems.push({
        path: `clusters[${index}].location`,
        message: `"${cluster.location}" is a zone; Autopilot clusters are regional: give a region, or leave it out`,
      });
    }
    if (cluster.nodePools !== undefined) {
      problems.push({
        path: `clusters[${index}].nodePools`,
        message: 'is refused on an Autopilot cluster: GKE creates and manages its nodes; remove nodePools',
      });
    }
  }
  const prisma = root.prismaCloud !== null && typeof root.prismaCloud === 'object' ? (root.prismaCloud as Record<string, unknown>) : {};
  if (prisma.enabled === true && autopilot.length > 0) {
    const names = autopilot.map(({ cluster, index }) => (typeof cluster.name === 'string' ? cluster.name : `clusters[${index}]`));
    problems.push({
      path: 'prismaCloud.enabled',
      message: `is refused with Autopilot clusters (${names.join(', ')}): the Defender DaemonSet is privileged and uses host namespaces, which Autopilot admits only for Prisma's own Autopilot deployment through an allowlist (see docs/autopilot.md)`,
    });
  }
  return problems;
}

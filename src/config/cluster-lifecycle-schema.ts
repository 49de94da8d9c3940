import { v } from './valibot';
import { described, flag, wholeNumber } from './schema-fields';

/**
 * The config keys that make removing and reordering clusters safe (docs/cluster-lifecycle.md).
 * On their own so that schema.ts does not grow; schema.ts spreads them into a cluster's fields
 * and applies the list rule to `clusters`.
 */

/** The control-plane pool holds 256 /28s: no slot beyond it could be planned. */
export const MAX_SLOT = 255;

export const clusterLifecycleFields = {
  slot: described(
    v.optional(wholeNumber({ min: 0, max: MAX_SLOT })),
    "Where the cluster's omitted ranges are planned from. Defaults to the cluster's list position, which is what every cluster deployed before slots existed has: pin it to the recorded value before removing an earlier cluster or reordering the list.",
  ),
  leaveMesh: described(
    v.optional(flag(), false),
    "Step 1 of removing the cluster: its mesh and workloads resources, and every other cluster's peering with it, are removed while the cluster itself stays. Step 2 deletes the entry. See docs/cluster-lifecycle.md.",
  ),
};

interface SlottedCluster {
  readonly slot?: number;
  readonly leaveMesh: boolean;
}

/** Slots are unique (counting defaults), and at least two clusters stay in the mesh. */
function clusterListProblems(clusters: readonly SlottedCluster[]): { readonly index?: number; readonly message: string }[] {
  const problems: { index?: number; message: string }[] = [];
  const owner = new Map<number, number>();
  clusters.forEach((cluster, index) => {
    const slot = cluster.slot ?? index;
    const other = owner.get(slot);
    if (other !== undefined) {
      const how = (at: number) => (clusters[at].slot === undefined ? `clusters[${at}]'s list position` : `clusters[${at}].slot`);
      problems.push({
        index,
        message: `${slot} is also ${how(other)}; every cluster needs its own slot (set slot on the clusters that moved, to the values they were deployed with)`,
      });
    } else owner.set(slot, index);
  });
  const staying = clusters.filter((cluster) => !cluster.leaveMesh).length;
  if (clusters.length >= 2 && staying < 2) problems.push({ message: `a mesh needs at least two clusters that do not leave it; ${staying} would stay` });
  return problems;
}

/** The list rule as a check of `clusters`: a slot problem is reported at that cluster's slot. */
export function clusterListCheck<Cluster extends SlottedCluster>() {
  return v.rawCheck<Cluster[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const clusters = dataset.value;
    for (const { index, message } of clusterListProblems(clusters)) {
      if (index === undefined) {
        addIssue({ message });
        continue;
      }
      const cluster = clusters[index];
      addIssue({
        message,
        path: [
          { type: 'array', origin: 'value', input: clusters, key: index, value: cluster },
          { type: 'object', origin: 'value', input: cluster as unknown as Record<string, unknown>, key: 'slot', value: cluster.slot },
        ],
      });
    }
  });
}

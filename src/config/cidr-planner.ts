import { type Ipv4Range, overlaps, parseCidr, rangeAt } from '../../lib/core/cidr';

export type RangeKind = 'subnetCidr' | 'podCidr' | 'serviceCidr' | 'masterCidr';

/**
 * Where omitted ranges come from. Each kind has its own pool, so a planned range never lands
 * in another kind's space, and every candidate is also checked against every range the user set.
 */
export const RANGE_POOLS: Record<RangeKind, { pool: string; prefix: number }> = {
  subnetCidr: { pool: '10.0.0.0/14', prefix: 20 },
  serviceCidr: { pool: '10.4.0.0/14', prefix: 20 },
  podCidr: { pool: '10.64.0.0/10', prefix: 14 },
  masterCidr: { pool: '172.16.0.0/20', prefix: 28 },
};

export const RANGE_KINDS: readonly RangeKind[] = ['subnetCidr', 'podCidr', 'serviceCidr', 'masterCidr'];

export type ClusterRanges = Partial<Record<RangeKind, string>>;
export type PlannedRanges = Record<RangeKind, string>;

/** A cluster's given ranges and the slot its omitted ones are planned for (default: its list position). */
export type SlottedRanges = ClusterRanges & { readonly slot?: number };

export interface PlanProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Fills in every omitted range, first fit, in slot order and kind order. A cluster's slot is its
 * list position unless it sets one, so configs without slots plan as they always did; a vacant
 * slot (a removed cluster's) is planned as a cluster with no ranges of its own and its ranges left
 * unused, so removing or moving a cluster whose slot is pinned moves no other cluster's ranges.
 * The same input always yields the same plan; adding a cluster at the end never moves the others.
 */
export function planRanges(clusters: readonly SlottedRanges[], reserved: readonly string[] = []): { plans: PlannedRanges[]; problems: PlanProblem[] } {
  // Ranges set elsewhere (such as private services access) are as untouchable as the clusters' own.
  const taken: Ipv4Range[] = reserved.map(parseCidr).filter((range): range is Ipv4Range => typeof range !== 'string');
  for (const cluster of clusters) {
    for (const kind of RANGE_KINDS) {
      const given = cluster[kind];
      if (given !== undefined) {
        const range = parseCidr(given);
        if (typeof range !== 'string') taken.push(range);
      }
    }
  }

  const slots = clusters.map((cluster, index) => cluster.slot ?? index);
  const bySlot = new Map(slots.map((slot, index) => [slot, index]));
  const problems: PlanProblem[] = [];
  const plans: PlannedRanges[] = clusters.map(() => ({}) as PlannedRanges);
  for (let slot = 0; slot <= Math.max(-1, ...slots); slot++) {
    const index = bySlot.get(slot);
    const cluster: ClusterRanges = index === undefined ? {} : clusters[index];
    for (const kind of RANGE_KINDS) {
      const given = cluster[kind];
      if (given !== undefined) {
        plans[index!][kind] = given;
        continue;
      }
      const free = firstFree(kind, taken);
      if (free !== undefined) taken.push(free);
      // A vacant slot only holds its ranges back; running out there is the later clusters' problem.
      if (index === undefined) continue;
      if (free === undefined) {
        const { pool, prefix } = RANGE_POOLS[kind];
        problems.push({
          path: `clusters[${index}].${kind}`,
          message: `no free /${prefix} is left in ${pool} to plan it from; set it explicitly`,
        });
        plans[index][kind] = '';
        continue;
      }
      plans[index][kind] = free.cidr;
    }
  }
  // Problems in list order, as every other problem is reported.
  problems.sort((a, b) => clusterIndex(a.path) - clusterIndex(b.path));
  return { plans, problems };
}

function clusterIndex(path: string): number {
  return Number(/^clusters\[(\d+)\]/.exec(path)?.[1] ?? 0);
}

/** Where private services access (Cloud SQL's peering range) is planned from. */
export const PRIVATE_SERVICES_POOL = { pool: '10.8.0.0/14', prefix: 20 };

/**
 * The private services access range: the given one, or the first /20 of its pool that overlaps
 * no cluster range. Planned after the clusters, so it never moves them.
 */
export function planPrivateServicesRange(given: string | undefined, clusters: readonly PlannedRanges[]): string | undefined {
  if (given !== undefined) return given;
  const taken = clusters.flatMap((plan) => RANGE_KINDS.map((kind) => parseCidr(plan[kind]))).filter((r): r is Ipv4Range => typeof r !== 'string');
  return firstFreeIn(PRIVATE_SERVICES_POOL.pool, PRIVATE_SERVICES_POOL.prefix, taken)?.cidr;
}

function firstFree(kind: RangeKind, taken: readonly Ipv4Range[]): Ipv4Range | undefined {
  return firstFreeIn(RANGE_POOLS[kind].pool, RANGE_POOLS[kind].prefix, taken);
}

function firstFreeIn(pool: string, prefix: number, taken: readonly Ipv4Range[]): Ipv4Range | undefined {
  const poolRange = parseCidr(pool) as Ipv4Range;
  const step = 2 ** (32 - prefix);
  for (let start = poolRange.start; start + step - 1 <= poolRange.end; start += step) {
    const candidate = rangeAt(start, prefix);
    if (!taken.some((range) => overlaps(range, candidate))) return candidate;
  }
  return undefined;
}

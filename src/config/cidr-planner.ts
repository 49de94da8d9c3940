import { type Ipv4Range, overlaps, parseCidr, rangeAt } from '../../lib/cidr';

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

export interface PlanProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Fills in every omitted range, first fit, in cluster order and kind order. The same input
 * always yields the same plan; adding a cluster at the end never moves the earlier ones.
 */
export function planRanges(clusters: readonly ClusterRanges[], reserved: readonly string[] = []): { plans: PlannedRanges[]; problems: PlanProblem[] } {
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

  const problems: PlanProblem[] = [];
  const plans = clusters.map((cluster, index) => {
    const plan = {} as PlannedRanges;
    for (const kind of RANGE_KINDS) {
      const given = cluster[kind];
      if (given !== undefined) {
        plan[kind] = given;
        continue;
      }
      const free = firstFree(kind, taken);
      if (free === undefined) {
        const { pool, prefix } = RANGE_POOLS[kind];
        problems.push({
          path: `clusters[${index}].${kind}`,
          message: `no free /${prefix} is left in ${pool} to plan it from; set it explicitly`,
        });
        plan[kind] = '';
        continue;
      }
      taken.push(free);
      plan[kind] = free.cidr;
    }
    return plan;
  });
  return { plans, problems };
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

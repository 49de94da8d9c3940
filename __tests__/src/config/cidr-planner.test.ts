import fc from 'fast-check';
import { overlaps, parseCidr, type Ipv4Range } from '../../../lib/core/cidr';
import { planRanges, RANGE_KINDS, RANGE_POOLS, type ClusterRanges, type PlannedRanges } from '../../../src/config/cidr-planner';
import { config } from '../../helpers';

const REGIONS = ['us-central1', 'europe-west4', 'asia-east1', 'us-east4-b'];

function meshOf(n: number): string {
  const clusters = Array.from({ length: n }, (_, i) => `  - { name: c${i}, location: ${REGIONS[i % REGIONS.length]} }`).join('\n');
  return `project: test-project\nregion: us-central1\nclusters:\n${clusters}\n`;
}

function allRanges(plans: readonly PlannedRanges[]): { label: string; range: Ipv4Range }[] {
  return plans.flatMap((plan, i) => RANGE_KINDS.map((kind) => ({ label: `${i}.${kind}`, range: parseCidr(plan[kind]) as Ipv4Range })));
}

function expectNoOverlaps(plans: readonly PlannedRanges[]): void {
  const ranges = allRanges(plans);
  const clashes: string[] = [];
  ranges.forEach((a, i) => ranges.slice(i + 1).forEach((b) => overlaps(a.range, b.range) && clashes.push(`${a.label}~${b.label}`)));
  expect(clashes).toEqual([]);
}

describe('CIDR planner', () => {
  it.each([2, 3, 4, 5, 6, 7, 8, 9, 10])('plans %i clusters across regions with no overlap, identically every run', (n) => {
    const first = config(meshOf(n)).clusters;
    const second = config(meshOf(n)).clusters;
    expect(first.map((c) => c.region)).toEqual(Array.from({ length: n }, (_, i) => REGIONS[i % REGIONS.length].replace(/-b$/, '')));
    expect(second).toEqual(first);
    expectNoOverlaps(first);
    for (const cluster of first) {
      expect(parseCidr(cluster.masterCidr)).toMatchObject({ prefix: 28 });
      expect(parseCidr(cluster.podCidr)).toMatchObject({ prefix: 14 });
      expect(parseCidr(cluster.subnetCidr)).toMatchObject({ prefix: 20 });
      expect(parseCidr(cluster.serviceCidr)).toMatchObject({ prefix: 20 });
    }
  });

  it('plans the tenth cluster from the same pools, in order', () => {
    const tenth = config(meshOf(10)).clusters[9];
    expect(tenth).toMatchObject({ subnetCidr: '10.0.144.0/20', podCidr: '10.100.0.0/14', serviceCidr: '10.4.144.0/20', masterCidr: '172.16.0.144/28' });
  });

  it('never moves earlier clusters when one is added at the end', () => {
    const three = planRanges([{}, {}, {}]).plans;
    const four = planRanges([{}, {}, {}, {}]).plans;
    expect(four.slice(0, 3)).toEqual(three);
  });

  it('skips every range the user set, whichever cluster and kind set it', () => {
    const { plans, problems } = planRanges([{ subnetCidr: '10.64.0.0/14' }, { masterCidr: '172.16.0.0/28' }, {}]);
    expect(problems).toEqual([]);
    expect(plans[0].podCidr).toBe('10.68.0.0/14');
    expect(plans[0].masterCidr).toBe('172.16.0.16/28');
    expectNoOverlaps(plans);
  });

  it('says which field to set when a pool runs out', () => {
    const pods = 2 ** (RANGE_POOLS.podCidr.prefix - 10); // /14s in a /10
    const { problems } = planRanges(Array.from({ length: pods + 1 }, () => ({})));
    expect(problems).toEqual([{ path: `clusters[${pods}].podCidr`, message: 'no free /14 is left in 10.64.0.0/10 to plan it from; set it explicitly' }]);
  });

  it('property: for any user-set, non-overlapping pod ranges, the plan has no overlap and is deterministic', () => {
    // User pod ranges anywhere in 10.0.0.0/8 (as /16s), some clusters leaving theirs to the planner.
    const arbitraryClusters = fc
      .array(fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }), { minLength: 2, maxLength: 10 })
      .map((octets) => octets.map((octet, i) => (octets.indexOf(octet) === i ? octet : undefined)));
    fc.assert(
      fc.property(arbitraryClusters, (octets) => {
        const clusters: ClusterRanges[] = octets.map((octet) => (octet === undefined ? {} : { podCidr: `10.${octet}.0.0/16` }));
        const first = planRanges(clusters);
        if (first.problems.length > 0) return; // a pool legitimately exhausted by user ranges
        expect(planRanges(clusters)).toEqual(first);
        expectNoOverlaps(first.plans);
        clusters.forEach((cluster, i) => cluster.podCidr && expect(first.plans[i].podCidr).toBe(cluster.podCidr));
      }),
      { numRuns: 200, seed: 20261124 },
    );
  });
});

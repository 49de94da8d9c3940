/** clusters[].slot and clusters[].leaveMesh: their rules, stable planned ranges, and what they resolve to. */
import { planRanges } from '../../../src/config/cidr-planner';
import { ConfigError } from '../../../src/config/messages';
import { config } from '../../helpers';

const mesh = (clusters: string) => `project: test-project\nregion: us-central1\nclusters:\n${clusters}`;
const THREE = mesh('  - name: alpha\n  - name: beta\n  - name: gamma\n');

function problemsOf(yaml: string): string[] {
  try {
    config(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  return [];
}

const rangesOf = (yaml: string) =>
  Object.fromEntries(
    config(yaml).clusters.map((c) => [c.name, { subnetCidr: c.subnetCidr, podCidr: c.podCidr, serviceCidr: c.serviceCidr, masterCidr: c.masterCidr }]),
  );

describe('cluster slots', () => {
  it('default to list positions, planning exactly what positional planning did', () => {
    expect(config(THREE).clusters.map((c) => c.slot)).toEqual([0, 1, 2]);
    expect(planRanges([{ slot: 0 }, { slot: 1 }, { slot: 2 }]).plans).toEqual(planRanges([{}, {}, {}]).plans);
    expect(rangesOf(THREE).gamma).toEqual({ subnetCidr: '10.0.32.0/20', podCidr: '10.72.0.0/14', serviceCidr: '10.4.32.0/20', masterCidr: '172.16.0.32/28' });
  });

  it('keep every remaining cluster on its ranges when an earlier one is removed and the later ones pinned', () => {
    const before = rangesOf(THREE);
    const after = rangesOf(mesh('  - name: alpha\n  - { name: gamma, slot: 2 }\n'));
    expect(after).toEqual({ alpha: before.alpha, gamma: before.gamma });
    // Without the pin, gamma would move onto beta's old ranges (the placement lock refuses that plan).
    expect(rangesOf(mesh('  - name: alpha\n  - name: gamma\n')).gamma).toEqual(before.beta);
  });

  it('keep every cluster on its ranges when the list is reordered with the slots pinned', () => {
    const before = rangesOf(THREE);
    expect(rangesOf(mesh('  - { name: gamma, slot: 2 }\n  - { name: alpha, slot: 0 }\n  - { name: beta, slot: 1 }\n'))).toEqual(before);
  });

  it('hold a vacant slot planned but unused, whatever else the clusters set', () => {
    const { plans, problems } = planRanges([{ masterCidr: '172.16.0.0/28' }, { slot: 3 }]);
    expect(problems).toEqual([]);
    // Slot 0 set its own master range; slots 1 and 2 are vacant and keep theirs.
    expect(plans[1].masterCidr).toBe('172.16.0.48/28');
    expect(plans[1].podCidr).toBe('10.76.0.0/14');
  });

  it('give the sample version by slot, so removing a cluster flips no other', () => {
    expect(config(THREE).clusters.map((c) => c.sampleVersion)).toEqual(['v1', 'v2', 'v1']);
    expect(config(mesh('  - name: alpha\n  - { name: gamma, slot: 2 }\n')).clusters.map((c) => c.sampleVersion)).toEqual(['v1', 'v1']);
  });

  it.each([
    [
      mesh('  - name: alpha\n  - { name: beta, slot: 0 }\n'),
      [
        "clusters[1].slot: 0 is also clusters[0]'s list position; every cluster needs its own slot (set slot on the clusters that moved, to the values they were deployed with)",
      ],
    ],
    [
      mesh('  - { name: alpha, slot: 4 }\n  - { name: beta, slot: 4 }\n'),
      [
        'clusters[1].slot: 4 is also clusters[0].slot; every cluster needs its own slot (set slot on the clusters that moved, to the values they were deployed with)',
      ],
    ],
    [mesh('  - { name: alpha, slot: -1 }\n  - name: beta\n'), ['clusters[0].slot: must be a whole number from 0 to 255, got -1']],
    [mesh('  - { name: alpha, slot: 256 }\n  - name: beta\n'), ['clusters[0].slot: must be a whole number from 0 to 255, got 256']],
    [mesh('  - { name: alpha, slot: 1.5 }\n  - name: beta\n'), ['clusters[0].slot: must be a whole number from 0 to 255, got 1.5']],
  ])('refuses bad slots (%#)', (yaml, problems) => {
    expect(problemsOf(yaml)).toEqual(problems);
  });

  it('accepts unique slots, pinned or positional', () => {
    expect(problemsOf(mesh('  - { name: alpha, slot: 7 }\n  - name: beta\n  - { name: gamma, slot: 0 }\n'))).toEqual([]);
  });
});

describe('leaveMesh', () => {
  const leaving = config(mesh('  - name: alpha\n  - { name: beta, leaveMesh: true }\n  - name: gamma\n'));

  it('keeps the cluster, takes it out of the mesh members and every peer list', () => {
    expect(leaving.clusters.map((c) => [c.name, c.leavesMesh])).toEqual([
      ['alpha', false],
      ['beta', true],
      ['gamma', false],
    ]);
    expect(leaving.mesh.members.map((c) => c.name)).toEqual(['alpha', 'gamma']);
    expect(leaving.clusters.map((c) => c.peers.map((p) => p.name))).toEqual([['gamma'], [], ['alpha']]);
    // Its ranges stay where they are: it still runs.
    expect(rangesOf(mesh('  - name: alpha\n  - { name: beta, leaveMesh: true }\n  - name: gamma\n'))).toEqual(rangesOf(THREE));
  });

  it('defaults to false', () => {
    expect(config(THREE).clusters.every((c) => !c.leavesMesh)).toBe(true);
  });

  it.each([
    [mesh('  - name: alpha\n  - { name: beta, leaveMesh: true }\n'), ['clusters: a mesh needs at least two clusters that do not leave it; 1 would stay']],
    [mesh('  - name: alpha\n  - { name: beta, leaveMesh: yes }\n'), ['clusters[1].leaveMesh: must be true or false, got "yes"']],
  ])('refuses %#', (yaml, problems) => {
    expect(problemsOf(yaml)).toEqual(problems);
  });
});

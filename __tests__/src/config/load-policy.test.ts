import { config, TWO_CLUSTERS } from '../../helpers';
import { expectProblem } from './load-fixture';

describe('policy waivers', () => {
  it('accepts a waiver of a known rule with a reason', () => {
    const loaded = config(`${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: MESH-GKE-02, resource: "platform/**", reason: "Ubuntu nodes for a driver" }] }\n`);
    expect(loaded.policy.waivers).toEqual([{ rule: 'MESH-GKE-02', resource: 'platform/**', reason: 'Ubuntu nodes for a driver' }]);
  });

  it('refuses unknown rules, malformed IDs and missing reasons', () => {
    expectProblem(
      `${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: MESH-GKE-99, resource: "**", reason: "a reason long enough" }] }\n`,
      /^policy\.waivers\[0\]\.rule: "MESH-GKE-99" is not a rule; the rules are MESH-GKE-01/,
    );
    expectProblem(
      `${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: CKV_GCP_12, resource: "**", reason: "a reason long enough" }] }\n`,
      /^policy\.waivers\[0\]\.rule: "CKV_GCP_12" is not a policy rule ID/,
    );
    expectProblem(
      `${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: MESH-GKE-02, resource: "**", reason: "why" }] }\n`,
      /^policy\.waivers\[0\]\.reason: must say why, in at least 10 characters/,
    );
    expectProblem(
      `${TWO_CLUSTERS}\npolicy: { waivers: [{ rule: MESH-GKE-02, reason: "a reason long enough" }] }\n`,
      /^policy\.waivers\[0\]\.resource: is required/,
    );
  });
});

import * as path from 'path';
import { loadConfig } from '../../../src/config/load';
import { APP_ROOT } from '../../../src/config/resolve';
import { REPORTED_CONFIGS, waiverReport } from '../../../src/tools/policy-report';
import { config, TWO_CLUSTERS } from '../../helpers';
import { synthesizedApp } from '../../app-helpers';
import { CHECKOV_RULES } from '../../support/checkov-rules';

/** Each config's failures, found once for the suite: three tests read the reported configs'. */
const failuresByConfig = new Map<ReturnType<typeof loadConfig>, string[]>();

/** Every resource a checkov rule fails, as `stack: rule resource`. */
function failures(meshConfig: ReturnType<typeof loadConfig>): string[] {
  if (!failuresByConfig.has(meshConfig)) failuresByConfig.set(meshConfig, findFailures(meshConfig));
  return failuresByConfig.get(meshConfig)!;
}

function findFailures(meshConfig: ReturnType<typeof loadConfig>): string[] {
  const { stacks } = synthesizedApp(meshConfig);
  return Object.entries(stacks).flatMap(([stack, json]) =>
    CHECKOV_RULES.flatMap((rule) =>
      rule.resourceTypes.flatMap((type) =>
        json
          .resources(type)
          .filter((block) => !rule.passes(block.config))
          .map((block) => `${stack}: ${rule.id} ${block.address}`),
      ),
    ),
  );
}

describe("checkov's rules on the README's configs, with the README's --skip-check lists", () => {
  const configs = REPORTED_CONFIGS.map((file) => loadConfig(path.join(APP_ROOT, file)));
  const { checkovSkips } = waiverReport(configs);

  it.each(REPORTED_CONFIGS.map((file, index) => [file, index]))('%s: every failing check is in its stack’s skip list', (_file, index) => {
    const unskipped = failures(configs[index as number]).filter((failure) => {
      const [stack, rest] = failure.split(': ');
      return !(checkovSkips.get(stack) ?? []).includes(rest.split(' ')[0]);
    });
    expect(unskipped).toEqual([]);
  });

  it('meets, by construction, the rules the issue fixed: no skip for wildcard roles, admin roles or the SQL major version', () => {
    for (const ids of checkovSkips.values()) for (const id of ['CKV_K8S_49', 'CKV_GCP_42', 'CKV_GCP_79']) expect(ids).not.toContain(id);
    const all = configs.flatMap(failures);
    expect(all.filter((failure) => /CKV_K8S_49|CKV_GCP_42|CKV_GCP_79/.test(failure))).toEqual([]);
  });

  it('gives the sample probes, a fixed tag and pull policy Always: only its digest is waived, and the gateway everything injection supplies', () => {
    const workloads = failures(configs[0]).filter((failure) => failure.startsWith('workloads: '));
    const rulesOn = (pattern: RegExp) => [...new Set(workloads.filter((failure) => pattern.test(failure)).map((failure) => failure.split(' ')[1]))].sort();
    // helloworld and sleep in each of the two clusters fail only the digest rule.
    expect(workloads.filter((failure) => /sample-/.test(failure))).toHaveLength(4);
    expect(rulesOn(/sample-/)).toEqual(['CKV_K8S_43']);
    expect(rulesOn(/gateway-/)).toEqual(['CKV_K8S_14', 'CKV_K8S_15', 'CKV_K8S_43', 'CKV_K8S_8', 'CKV_K8S_9']);
  });

  it('passes CKV_GCP_65 on every cluster once rbacSecurityGroup is set, and CKV_K8S_43 once the sample is pinned by digest', () => {
    const digest = `@sha256:${'0'.repeat(64)}`;
    const pinned = config(
      `${TWO_CLUSTERS}\nrbacSecurityGroup: gke-security-groups@example.com\nsample:\n  images:\n    helloworldV1: docker.io/istio/examples-helloworld-v1${digest}\n    helloworldV2: docker.io/istio/examples-helloworld-v2${digest}\n    sleep: docker.io/curlimages/curl${digest}\n`,
    );
    const found = failures(pinned);
    expect(found.filter((failure) => failure.includes('CKV_GCP_65'))).toEqual([]);
    expect(found.filter((failure) => failure.includes('sample-'))).toEqual([]);
  });
});

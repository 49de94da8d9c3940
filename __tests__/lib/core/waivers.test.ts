import { Construct } from 'constructs';
import { SECCOMP_ANNOTATION_WAIVER } from '../../../lib/core/hardened-pod';
import { GATEWAY_INJECTION_WAIVER } from '../../../lib/workloads/ingress-gateway';
import { MeshFirewall } from '../../../lib/network/mesh-firewall';
import { PrivateCluster, type PrivateClusterProps } from '../../../lib/cluster/private-cluster';
import { waive, WAIVER_METADATA, waiversIn } from '../../../lib/core/waivers';
import { scope } from '../../helpers';
import { build as buildGateway } from '../workloads/ingress-gateway-fixture';
import { BASE } from '../cluster/private-cluster-fixture';
import { build as buildDefender } from '../workloads/prisma-defender-fixture';

// With Google Groups for RBAC set: the CKV_GCP_65 waiver is tested in private-cluster.test.ts.
const CLUSTER: PrivateClusterProps = { ...BASE, network: 'mesh', subnetwork: 'alpha', rbacSecurityGroup: 'gke-security-groups@example.com' };

const CLUSTER_RULES = [
  'kics 11e7550e (Network Policy Disabled)',
  'kics 9192e0f9 (Pod Security Policy Disabled)',
  'GKE secrets encrypted with a customer-managed key (no scanner ID verified)',
  'kics 70cdf849 (GKE Basic Authentication Enabled)',
];
const PRIVATE_ENDPOINT_RULE = 'kics 6ccb85d7 (Private Cluster Disabled: requires enable_private_endpoint)';
const PRIVATE_ENDPOINT_WAIVER = {
  rule: PRIVATE_ENDPOINT_RULE,
  reason: expect.stringContaining('Set privateEndpoint: true to close it'),
};

describe('waive', () => {
  it('records the waiver as metadata on the construct', () => {
    const root = scope();
    const child = new Construct(root, 'child');
    waive(child, { rule: 'CKV_GCP_1', reason: 'because' });
    expect(child.node.metadata.filter((entry) => entry.type === WAIVER_METADATA).map((entry) => entry.data)).toEqual([
      { rule: 'CKV_GCP_1', reason: 'because' },
    ]);
    expect(WAIVER_METADATA).toBe('mesh:waiver');
  });

  it.each(['', ' '])('refuses the empty rule %j, naming the construct', (rule) => {
    const child = new Construct(scope(), 'child');
    expect(() => waive(child, { rule, reason: 'because' })).toThrow(new Error('waive(scope/child): a waiver needs the rule it waives'));
  });

  it.each([
    ['kics 83d1c89f (not upstream)', 'kics 83d1c89f'],
    ['CKV_GCP_1, trivy AVD-GCP-9999', 'AVD-GCP-9999'],
  ])('refuses %j, a kics or trivy ID lib/core/scanner-ids.ts does not list, naming the construct', (rule, id) => {
    const child = new Construct(scope(), 'child');
    expect(() => waive(child, { rule, reason: 'because' })).toThrow(`waive(scope/child): ${id} not in lib/core/scanner-ids.ts`);
    expect(waiversIn(child)).toEqual([]);
  });

  it.each(['', ' ', '\n\t '])('refuses the empty reason %j, naming the construct and the rule', (reason) => {
    const child = new Construct(scope(), 'child');
    expect(() => waive(child, { rule: 'CKV_GCP_1', reason })).toThrow(new Error('waive(scope/child): a waiver of CKV_GCP_1 needs a reason'));
    expect(waiversIn(child)).toEqual([]);
  });
});

describe('waiversIn', () => {
  it('finds waivers on the scope and below, with their paths, and ignores other metadata', () => {
    const root = scope();
    const a = new Construct(root, 'a');
    const b = new Construct(a, 'b');
    const c = new Construct(root, 'c');
    waive(root, { rule: 'R0', reason: 'root' });
    waive(b, { rule: 'R1', reason: 'one' });
    waive(b, { rule: 'R2', reason: 'two' });
    c.node.addMetadata('something-else', { rule: 'R3', reason: 'not a waiver' });
    expect(waiversIn(root)).toEqual([
      { path: 'scope', waiver: { rule: 'R0', reason: 'root' } },
      { path: 'scope/a/b', waiver: { rule: 'R1', reason: 'one' } },
      { path: 'scope/a/b', waiver: { rule: 'R2', reason: 'two' } },
    ]);
    expect(waiversIn(a)).toEqual([
      { path: 'scope/a/b', waiver: { rule: 'R1', reason: 'one' } },
      { path: 'scope/a/b', waiver: { rule: 'R2', reason: 'two' } },
    ]);
    expect(waiversIn(c)).toEqual([]);
  });
});

describe('waivers the constructs record', () => {
  it('MeshFirewall waives all-ports on the cross-cluster pods rule only', () => {
    const firewall = new MeshFirewall(scope(), 'firewall', {
      project: 'mesh-project',
      network: 'mesh',
      namePrefix: 'mesh',
      nodeTags: ['mesh-alpha'],
      controlPlaneCidrs: ['172.16.0.0/28'],
      podCidrs: ['10.64.0.0/14'],
      subnetCidrs: ['10.0.0.0/20'],
    });
    expect(waiversIn(firewall)).toEqual([
      {
        path: 'scope/firewall/cross-cluster-pods',
        waiver: {
          rule: 'kics 22ef1d26 (Firewall Rule that Allows All Ports), trivy AVD-GCP-0072 (all ports), AVD-GCP-0074 (large port range)',
          reason: expect.stringContaining('mTLS STRICT'),
        },
      },
    ]);
    expect(waiversIn(firewall.controlPlaneToWebhooks)).toEqual([]);
    expect(waiversIn(firewall.healthChecks)).toEqual([]);
  });

  it('PrivateCluster waives Dataplane V2, PSP, CMEK and basic auth and, with a public endpoint, the private endpoint, on the cluster', () => {
    const cluster = new PrivateCluster(scope(), 'alpha', CLUSTER);
    expect(waiversIn(cluster).map((entry) => entry.path)).toEqual(Array(5).fill('scope/alpha/cluster'));
    expect(waiversIn(cluster).map((entry) => entry.waiver.rule)).toEqual([...CLUSTER_RULES, PRIVATE_ENDPOINT_RULE]);
    expect(waiversIn(cluster)[4].waiver).toEqual(PRIVATE_ENDPOINT_WAIVER);
    expect(waiversIn(cluster)[0].waiver.reason).toContain('Dataplane V2 enforces NetworkPolicy');
    for (const pool of cluster.nodePools) expect(waiversIn(pool)).toEqual([]);
  });

  it('PrivateCluster keeps the private-endpoint waiver when privateEndpoint is false', () => {
    expect(waiversIn(new PrivateCluster(scope(), 'alpha', { ...CLUSTER, privateEndpoint: false })).map((entry) => entry.waiver.rule)).toEqual([
      ...CLUSTER_RULES,
      PRIVATE_ENDPOINT_RULE,
    ]);
  });

  it('PrivateCluster drops the private-endpoint waiver when privateEndpoint is true', () => {
    expect(waiversIn(new PrivateCluster(scope(), 'alpha', { ...CLUSTER, privateEndpoint: true })).map((entry) => entry.waiver.rule)).toEqual(CLUSTER_RULES);
  });

  it('every recorded waiver has a rule and a reason', () => {
    const root = scope();
    new PrivateCluster(root, 'alpha', CLUSTER);
    new MeshFirewall(root, 'firewall', {
      project: 'mesh-project',
      network: 'mesh',
      namePrefix: 'mesh',
      nodeTags: ['mesh-alpha'],
      controlPlaneCidrs: ['172.16.0.0/28'],
      podCidrs: ['10.64.0.0/14'],
      subnetCidrs: ['10.0.0.0/20'],
    });
    const all = waiversIn(root);
    expect(all).toHaveLength(6);
    for (const { waiver } of all) {
      expect(waiver.rule.trim()).not.toBe('');
      expect(waiver.reason.trim().length).toBeGreaterThan(40);
    }
  });
});

describe('workload waivers of the scanners that read pod templates', () => {
  const rulesOn = (construct: Construct) => waiversIn(construct).map((entry) => `${entry.path.split('/').pop()}: ${entry.waiver.rule}`);

  it("IngressGateway: Istio's gateway injection, and kics' seccomp annotation (the pod sets seccompProfile RuntimeDefault)", () => {
    const { construct } = buildGateway();
    expect(rulesOn(construct)).toEqual([`deployment: ${GATEWAY_INJECTION_WAIVER.rule}`, `deployment: ${SECCOMP_ANNOTATION_WAIVER.rule}`]);
  });

  it("PrismaDefender: the node agent's privileges, host mounts, environment secrets, confinement and tagged image", () => {
    const { construct } = buildDefender();
    expect(rulesOn(construct)).toEqual([
      'daemon-set: MESH-POD-01 (non-root, no privilege escalation)',
      'daemon-set: MESH-POD-04, kics 587d5d82, kics ac1564a3, kics fe771ff7, kics 3f55386d (host namespaces, added capabilities)',
      'daemon-set: MESH-POD-02, kics 8657197e (liveness and readiness probes)',
      'daemon-set: kics a62a99d1 (Volume Mount With OS Directory Write Permissions)',
      'daemon-set: kics 6d8f1a10 (Secrets As Environment Variables)',
      'daemon-set: kics 455f2e0c (Seccomp Profile Is Not Configured)',
      // A DaemonSet: checkov's digest rule does not read it, kics' does.
      'daemon-set: MESH-POD-03, kics 228c4c19 (image by digest)',
    ]);
  });
});

import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ContainerCluster, type ContainerClusterConfig } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool, type ContainerNodePoolConfig } from '@cdktf/provider-google/lib/container-node-pool';
import { SqlDatabaseInstance, type SqlDatabaseInstanceConfig, type SqlDatabaseInstanceSettings } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { globToRegExp, PolicyChecks, PolicyViolationError } from '../../../lib/policy/policy-checks';
import { POLICY_RULES } from '../../../lib/policy/policy-rules';
import { waive } from '../../../lib/core/waivers';
import type { TerraformJson } from '../../../lib/core/synthesized-stack';
import { testStack } from '../../helpers';
import { describePolicyCases, k8s, type PolicyCase } from './policy-checks-fixture';
import { WORKLOAD_CASES } from './workload-policy-cases';

const GOOD_NODE_CONFIG = {
  serviceAccount: 'nodes@p.iam.gserviceaccount.com',
  imageType: 'COS_CONTAINERD',
  workloadMetadataConfig: { mode: 'GKE_METADATA' },
  shieldedInstanceConfig: { enableSecureBoot: true },
};
const GOOD_CLUSTER: ContainerClusterConfig = {
  name: 'c1',
  location: 'us-central1',
  privateClusterConfig: { enablePrivateNodes: true },
  workloadIdentityConfig: { workloadPool: 'p.svc.id.goog' },
  masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: '203.0.113.0/24' }] },
  nodeConfig: GOOD_NODE_CONFIG,
};
const GOOD_POOL: ContainerNodePoolConfig = { name: 'p1', cluster: 'c1', nodeConfig: GOOD_NODE_CONFIG };
const GOOD_SETTINGS: SqlDatabaseInstanceSettings = {
  tier: 'db-custom-2-7680',
  ipConfiguration: { ipv4Enabled: false, privateNetwork: 'net', sslMode: 'ENCRYPTED_ONLY' },
  backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
};
const GOOD_SQL: SqlDatabaseInstanceConfig = { name: 'db', databaseVersion: 'POSTGRES_16', region: 'us-central1', settings: GOOD_SETTINGS };

const CASES: Record<string, PolicyCase> = {
  'MESH-GKE-01': {
    build: (stack, bad) => new ContainerCluster(stack, 'cluster', { ...GOOD_CLUSTER, privateClusterConfig: { enablePrivateNodes: !bad } }),
    expect: /nodes have public IPs/,
  },
  'MESH-GKE-02': {
    build: (stack, bad) =>
      new ContainerNodePool(stack, 'pool', { ...GOOD_POOL, nodeConfig: { ...GOOD_NODE_CONFIG, imageType: bad ? 'UBUNTU_CONTAINERD' : 'COS_CONTAINERD' } }),
    expect: /node image is UBUNTU_CONTAINERD, not COS_CONTAINERD/,
  },
  'MESH-GKE-03': {
    build: (stack, bad) =>
      new ContainerCluster(stack, 'cluster', { ...GOOD_CLUSTER, workloadIdentityConfig: bad ? undefined : GOOD_CLUSTER.workloadIdentityConfig }),
    expect: /Workload Identity is off/,
  },
  'MESH-GKE-04': {
    build: (stack, bad) =>
      new ContainerNodePool(stack, 'pool', {
        ...GOOD_POOL,
        nodeConfig: { ...GOOD_NODE_CONFIG, workloadMetadataConfig: { mode: bad ? 'GCE_METADATA' : 'GKE_METADATA' } },
      }),
    expect: /pods can read the node's metadata \(workload_metadata_config\.mode is GCE_METADATA\)/,
  },
  'MESH-GKE-05': {
    build: (stack, bad) =>
      new ContainerNodePool(stack, 'pool', { ...GOOD_POOL, nodeConfig: { ...GOOD_NODE_CONFIG, shieldedInstanceConfig: { enableSecureBoot: !bad } } }),
    expect: /Secure Boot is off/,
  },
  'MESH-GKE-06': {
    build: (stack, bad) =>
      new ContainerCluster(stack, 'cluster', {
        ...GOOD_CLUSTER,
        masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: bad ? '0.0.0.0/0' : '203.0.113.0/24' }] },
      }),
    expect: /master authorized networks include 0\.0\.0\.0\/0/,
  },
  'MESH-GKE-07': {
    build: (stack, bad) =>
      new ContainerCluster(stack, 'autopilot', {
        name: 'c2',
        location: 'us-central1',
        enableAutopilot: true,
        privateClusterConfig: { enablePrivateNodes: true },
        workloadIdentityConfig: { workloadPool: 'p.svc.id.goog' },
        masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: '203.0.113.0/24' }] },
        clusterAutoscaling: {
          autoProvisioningDefaults: { serviceAccount: bad ? '123-compute@developer.gserviceaccount.com' : 'nodes@p.iam.gserviceaccount.com' },
        },
      }),
    expect: /nodes run as the Compute Engine default service account \(cluster_autoscaling\.auto_provisioning_defaults\.service_account\)/,
  },
  'MESH-NET-01': {
    build: (stack, bad) =>
      new ComputeFirewall(stack, 'ssh', {
        name: 'ssh',
        network: 'net',
        sourceRanges: [bad ? '0.0.0.0/0' : '35.235.240.0/20'],
        allow: [{ protocol: 'tcp', ports: ['22'] }],
      }),
    expect: /ingress from 0\.0\.0\.0\/0 reaches admin ports/,
  },
  'MESH-SQL-01': {
    build: (stack, bad) =>
      new SqlDatabaseInstance(stack, 'sql', {
        ...GOOD_SQL,
        settings: { ...GOOD_SETTINGS, ipConfiguration: { ...GOOD_SETTINGS.ipConfiguration, ipv4Enabled: bad } },
      }),
    expect: /the instance has a public IP/,
  },
  'MESH-SQL-02': {
    build: (stack, bad) =>
      new SqlDatabaseInstance(stack, 'sql', {
        ...GOOD_SQL,
        settings: {
          ...GOOD_SETTINGS,
          ipConfiguration: { ...GOOD_SETTINGS.ipConfiguration, sslMode: bad ? 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' : 'ENCRYPTED_ONLY' },
        },
      }),
    expect: /connections may be unencrypted \(ssl_mode is ALLOW_UNENCRYPTED_AND_ENCRYPTED\)/,
  },
  'MESH-SQL-03': {
    build: (stack, bad) =>
      new SqlDatabaseInstance(stack, 'sql', {
        ...GOOD_SQL,
        settings: { ...GOOD_SETTINGS, backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: !bad } },
      }),
    expect: /point-in-time recovery is off/,
  },
  'MESH-SEC-01': {
    build: (stack, bad) => {
      const password = new TerraformVariable(stack, 'password', { type: 'string', sensitive: true });
      new SecretV1(stack, 'secret', { provider: k8s(stack), metadata: { name: 's' }, data: { token: bad ? 'hunter2' : password.stringValue } });
    },
    expect: /data token is written literally/,
  },
};

describe('every policy rule', () => {
  it('has a case here, so no rule goes untested', () => {
    expect([...Object.keys(CASES), ...Object.keys(WORKLOAD_CASES)].sort()).toEqual(POLICY_RULES.map((rule) => rule.id).sort());
  });

  describePolicyCases(CASES);
});

describe('PolicyChecks', () => {
  it('lists every finding in one error, one line each', () => {
    const stack = testStack();
    CASES['MESH-GKE-01'].build(stack, true);
    CASES['MESH-SQL-01'].build(stack, true);
    try {
      new PolicyChecks().enforce(stack);
      throw new Error('expected a PolicyViolationError');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyViolationError);
      const lines = (error as Error).message.split('\n');
      expect(lines[0]).toBe('2 policy violations:');
      expect(lines[1]).toMatch(/^ {2}- test\/cluster: MESH-GKE-01 nodes have public IPs/);
      expect(lines[2]).toMatch(/^ {2}- test\/sql: MESH-SQL-01 the instance has a public IP/);
    }
  });

  it('does not let a waiver of one rule cover another', () => {
    const stack = testStack();
    CASES['MESH-GKE-01'].build(stack, true);
    waive(stack, { rule: 'MESH-GKE-011 MESH-GKE-0', reason: 'look-alike IDs must not match' });
    expect(() => new PolicyChecks().enforce(stack)).toThrow(/MESH-GKE-01/);
  });

  it('applies config waivers only to matching paths', () => {
    const stack = testStack();
    CASES['MESH-GKE-01'].build(stack, true);
    expect(() => new PolicyChecks({ waivers: [{ rule: 'MESH-GKE-01', resource: 'other/**', reason: 'not this stack at all' }] }).enforce(stack)).toThrow(
      /MESH-GKE-01/,
    );
  });

  it('refuses a config waiver without a reason', () => {
    expect(() => new PolicyChecks({ waivers: [{ rule: 'MESH-GKE-01', resource: '**', reason: ' ' }] })).toThrow(
      'policy waiver of MESH-GKE-01 on ** needs a reason',
    );
  });

  it('checks Deployments written as kubernetes_manifest too', () => {
    const stack = testStack();
    new Manifest(stack, 'raw', {
      provider: k8s(stack),
      manifest: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'x' },
        spec: { template: { spec: { containers: [{ name: 'x', image: 'i' }] } } },
      },
    });
    const policy = new PolicyChecks();
    expect(() => policy.enforce(stack)).toThrow(/MESH-POD-01 x may run as root; x may escalate privileges/);
  });

  it('refuses a plain password on a SQL user', () => {
    const stack = testStack();
    new SqlUser(stack, 'user', { instance: 'db', name: 'u', password: 'hunter2' });
    expect(() => new PolicyChecks().enforce(stack)).toThrow(/MESH-SEC-01 the password is written literally/);
  });

  it('checks the stacks as written to cdk.tf.json, with code and config waivers read from the constructs', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-policy-written-')) });
    const stack = new TerraformStack(app, 'written');
    new GoogleProvider(stack, 'google', { project: 'test-project', region: 'us-central1' });
    CASES['MESH-GKE-01'].build(stack, true);
    CASES['MESH-GKE-02'].build(stack, true);
    waive(stack.node.findChild('pool'), { rule: 'MESH-GKE-02', reason: 'waived in code, next to the pool' });
    CASES['MESH-SQL-01'].build(stack, true);
    app.synth();
    const written = new Map([[stack, JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'written', 'cdk.tf.json'), 'utf8')) as TerraformJson]]);
    const policy = new PolicyChecks({ waivers: [{ rule: 'MESH-SQL-01', resource: 'written/sql', reason: 'waived in config' }] });
    expect(() => policy.enforceWritten(written)).toThrow(/^1 policy violation:\n {2}- written\/cluster: MESH-GKE-01 nodes have public IPs/);
    expect(policy.waived.map(({ path: at, rule, source }) => `${at} ${rule} ${source}`)).toEqual([
      'written/pool MESH-GKE-02 code',
      'written/sql MESH-SQL-01 config',
    ]);
    expect(() => new PolicyChecks().enforceWritten(new Map())).not.toThrow();
  });

  it('refuses a finding on a block whose metadata names no construct, rather than skip its waivers', () => {
    const stack = testStack();
    const json = { resource: { google_container_node_pool: { stray: { node_config: { image_type: 'UBUNTU_CONTAINERD' } } } } };
    expect(() => new PolicyChecks().check(stack, json)).toThrow(
      'PolicyChecks: google_container_node_pool.stray in stack test names no construct of the stack (metadata path undefined)',
    );
  });

  it.each([
    ['workloads/defender-*/daemon-set', 'workloads/defender-a1/daemon-set', true],
    ['workloads/defender-*/daemon-set', 'workloads/defender-a1/x/daemon-set', false],
    ['workloads/**', 'workloads/a/b/c', true],
    ['platform/cluster-a1/cluster', 'platform/cluster-a1/cluster', true],
  ])('glob %s matches %s: %s', (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });
});

describe('MESH-GKE-07 on each kind of node', () => {
  const rule = POLICY_RULES.find((entry) => entry.id === 'MESH-GKE-07')!;
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['a pool with a dedicated account', { node_config: { service_account: 'nodes@p.iam.gserviceaccount.com' } }, undefined],
    [
      'a pool without an account',
      { node_config: { image_type: 'COS_CONTAINERD' } },
      'nodes run as the Compute Engine default service account (node_config.service_account is unset)',
    ],
    [
      'a pool on "default"',
      { node_config: { service_account: 'default' } },
      'nodes run as the Compute Engine default service account (node_config.service_account is default)',
    ],
    ['a cluster without node_config', { name: 'c' }, undefined],
    [
      'an Autopilot cluster without auto-provisioning defaults',
      { enable_autopilot: true },
      'nodes run as the Compute Engine default service account (cluster_autoscaling.auto_provisioning_defaults.service_account is unset)',
    ],
  ])('%s', (what, body, problem) => {
    const type = what.includes('pool') ? 'google_container_node_pool' : 'google_container_cluster';
    expect(rule.check(body, type)).toBe(problem);
  });
});

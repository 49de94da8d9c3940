import * as path from 'path';
import { loadConfig } from '../../src/config/load';
import type { SynthesizedStack } from '../../lib/core/synthesized-stack';
import { hasPath } from '../../src/tools/graph/graph';
import { requiredApi } from '../../lib/core/prerequisites';
import { REPO_ROOT } from '../helpers';
import { appDeployGraph } from '../app-helpers';

/**
 * A first apply on a fresh project, on paper: the deploy graph (depends_on and ${...} references)
 * of every stack must order each resource after what GCP and GKE need first.
 */
const EXAMPLES = [
  '__tests__/fixtures/default.yaml',
  'examples/all-features.yaml',
  'examples/shared-vpc.yaml',
  'examples/shared-vpc-fleet-in-service-project.yaml',
];

function blocks(stack: SynthesizedStack, type: string): [string, Record<string, unknown>][] {
  return stack.resources(type).map((block) => [block.address, block.config]);
}

describe.each(EXAMPLES)('first apply of %s', (file) => {
  const meshConfig = loadConfig(path.join(REPO_ROOT, file));
  const { graph, stacks } = appDeployGraph(meshConfig);
  const platform = stacks.platform;
  const apiNode = (project: string, api: string) => {
    const found = blocks(platform, 'google_project_service').find(([, body]) => body.project === project && body.service === api);
    if (!found) throw new Error(`${api} is not enabled in ${project}`);
    return `platform:${found[0]}`;
  };

  it('orders every google resource of every stack after its API in its project', () => {
    const unordered: string[] = [];
    for (const [stackName, stack] of Object.entries(stacks)) {
      for (const type of new Set(
        stack
          .resources()
          .map((block) => block.type)
          .filter((each) => each.startsWith('google_')),
      )) {
        const api = requiredApi(type);
        if (api === null) continue;
        for (const [address, body] of blocks(stack, type)) {
          const project = String(body.project ?? body.host_project ?? meshConfig.project);
          if (!hasPath(graph, apiNode(project, api), `${stackName}:${address}`)) unordered.push(`${stackName}:${address} (${api} in ${project})`);
        }
      }
    }
    expect(unordered).toEqual([]);
  });

  it('creates the node and database-client service accounts and their grants after iam.googleapis.com', () => {
    const accounts = blocks(platform, 'google_service_account');
    expect(accounts.length).toBeGreaterThan(0);
    for (const [address, body] of accounts) expect(hasPath(graph, apiNode(String(body.project), 'iam.googleapis.com'), `platform:${address}`)).toBe(true);
    for (const [address, body] of blocks(platform, 'google_project_iam_member').filter(([, body]) => String(body.member).includes('google_service_account.'))) {
      expect(hasPath(graph, apiNode(String(body.project), 'iam.googleapis.com'), `platform:${address}`)).toBe(true);
    }
  });

  it("grants Shared VPC subnets after the subnet and after the service project's container.googleapis.com", () => {
    const grants = blocks(platform, 'google_compute_subnetwork_iam_member');
    expect(grants.length > 0).toBe(meshConfig.network.hostProject !== undefined);
    for (const [address, body] of grants) {
      const subnet = /^\$\{(google_compute_subnetwork\.[\w-]+)\.name\}$/.exec(String(body.subnetwork))?.[1];
      expect(subnet).toBeDefined();
      expect(hasPath(graph, `platform:${subnet}`, `platform:${address}`)).toBe(true);
      // data.google_project.project is the main project's, project-<id> any other's.
      const named = /data\.google_project\.project(?:-([a-z][-a-z0-9]+))?\.number/.exec(String(body.member));
      expect(named).not.toBeNull();
      const serviceProject = named![1] ?? meshConfig.project;
      expect(hasPath(graph, apiNode(serviceProject, 'container.googleapis.com'), `platform:${address}`)).toBe(true);
    }
  });

  it("registers a cluster outside the fleet project only after the Hub agent's two grants there", () => {
    const identities = blocks(platform, 'google_project_service_identity');
    const foreign = meshConfig.clusters.filter((cluster) => cluster.project !== meshConfig.fleetProject);
    expect(identities.length).toBe(foreign.length > 0 ? 1 : 0);
    for (const cluster of foreign) {
      const [clusterAddress] = blocks(platform, 'google_container_cluster').find(([, body]) => body.name === cluster.name)!;
      const grants = blocks(platform, 'google_project_iam_member').filter(
        ([, body]) => body.project === cluster.project && String(body.member).includes('google_project_service_identity.'),
      );
      expect(grants.map(([, body]) => body.role).sort()).toEqual(['roles/gkehub.crossProjectServiceAgent', 'roles/gkehub.serviceAgent']);
      for (const [grant] of grants) {
        expect(hasPath(graph, `platform:${identities[0][0]}`, `platform:${grant}`)).toBe(true);
        expect(hasPath(graph, `platform:${grant}`, `platform:${clusterAddress}`)).toBe(true);
      }
    }
  });

  it('binds Workload Identity pools only after a Workload Identity cluster of that project', () => {
    const bindings = blocks(platform, 'google_service_account_iam_member').filter(([, body]) => String(body.member).includes('.svc.id.goog['));
    expect(bindings.length > 0).toBe(meshConfig.cloudSql.enabled);
    for (const [address, body] of bindings) {
      const pool = /^serviceAccount:([-a-z0-9]+)\.svc\.id\.goog\[/.exec(String(body.member))![1];
      const clusters = blocks(platform, 'google_container_cluster').filter(([, cluster]) => cluster.project === pool);
      expect(clusters.some(([cluster]) => hasPath(graph, `platform:${cluster}`, `platform:${address}`))).toBe(true);
    }
  });

  it('creates the Defender DaemonSet after a critical-pods quota in its namespace', () => {
    const daemonSets = blocks(stacks.workloads, 'kubernetes_daemon_set_v1');
    expect(daemonSets.length).toBe(meshConfig.prismaCloud.enabled ? meshConfig.clusters.length : 0);
    for (const [address, body] of daemonSets) {
      const quotas = blocks(stacks.workloads, 'kubernetes_resource_quota_v1').filter(([, quota]) => quota.provider === body.provider);
      expect(quotas.some(([quota]) => hasPath(graph, `workloads:${quota}`, `workloads:${address}`))).toBe(true);
    }
  });
});

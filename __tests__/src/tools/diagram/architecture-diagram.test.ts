import * as path from 'path';
import { SynthesizedStack } from '../../../../lib/core/synthesized-stack';
import { architectureMarkdown } from '../../../../src/tools/diagram/markdown';
import { topologyFlowchart } from '../../../../src/tools/diagram/topology';
import { readArchitecture } from '../../../../src/tools/diagram/read-architecture';
import { loadConfig, type MeshConfig } from '../../../../src/config/load';
import { config, REPO_ROOT, TWO_CLUSTERS, DEFAULT_FIXTURE } from '../../../helpers';
import { synthesizedApp } from '../../../app-helpers';

const THREE_CLUSTERS = TWO_CLUSTERS.replace('  - name: beta\n', '  - name: beta\n  - name: gamma\n');

/** One synth per config for the suite (four configs, each read by several describes); tests only read the stacks. */
const synthesizedByConfig = new Map<string, Readonly<Record<string, SynthesizedStack>>>();
function synthesized(meshConfig: MeshConfig): Record<string, SynthesizedStack> {
  const key = JSON.stringify(meshConfig);
  if (!synthesizedByConfig.has(key)) synthesizedByConfig.set(key, synthesizedApp(meshConfig).stacks);
  // A fresh record each time: a test may swap one stack for an edited copy.
  return { ...synthesizedByConfig.get(key)! };
}

function diagram(meshConfig: MeshConfig): string {
  return architectureMarkdown(synthesized(meshConfig));
}

const REMOTE_SECRET_LINK = /^ *(cluster_\w+) (<?)-\.-> (cluster_\w+)$/gm;
/** The ordered pairs of readers the remote-secret links stand for (a two-way link is both). */
const links = (markdown: string) =>
  [...markdown.matchAll(REMOTE_SECRET_LINK)].flatMap((match) => [`${match[1]}→${match[3]}`, ...(match[2] ? [`${match[3]}→${match[1]}`] : [])]).sort();

// Whether docs/architecture.md describes the user's config is the user's check (`npm run check`
// runs `npm run diagram -- --check`), not a test: tests never read mesh.config.yaml.

describe('the default config', () => {
  const meshConfig = loadConfig(DEFAULT_FIXTURE);
  let markdown: string;
  beforeAll(() => {
    markdown = diagram(meshConfig);
  });

  it('is the topology picture and the firewall table, with no integrations picture', () => {
    expect(markdown.match(/```mermaid\nflowchart TB\n[\s\S]*?\n```/g)).toHaveLength(1);
    expect(markdown).toContain('## Firewall flows');
    expect(markdown).not.toContain('## Cloud SQL');
  });

  it('shows the VPC, every cluster and every subnet with its ranges', () => {
    expect(markdown).toContain(`VPC ${meshConfig.network.name}`);
    for (const cluster of meshConfig.clusters) {
      expect(markdown).toContain(`GKE ${cluster.name}`);
      for (const cidr of [cluster.subnetCidr, cluster.podCidr, cluster.serviceCidr, cluster.masterCidr]) expect(markdown).toContain(cidr);
    }
  });

  it('lists the three firewall rules as table rows with their ports', () => {
    const edges = markdown.split('\n').filter((line) => /^\| `[\w-]+` /.test(line));
    expect(edges).toHaveLength(3);
    expect(edges.find((line) => line.includes('allow-istio-webhooks'))).toContain('tcp 15017, 15014, 8080');
    expect(edges.find((line) => line.includes('allow-lb-health-checks'))).toContain('15021');
    expect(edges.find((line) => line.includes('allow-cross-cluster-pods'))).toContain('(all ports)');
  });

  it('links both clusters both ways through remote secrets, with one two-way edge', () => {
    expect([...markdown.matchAll(REMOTE_SECRET_LINK)].map((match) => match[0].trim())).toEqual(['cluster_asm_cluster_1 <-.-> cluster_asm_cluster_2']);
    expect(links(markdown)).toEqual(['cluster_asm_cluster_1→cluster_asm_cluster_2', 'cluster_asm_cluster_2→cluster_asm_cluster_1']);
  });

  it('points each remote-secret link from the reading cluster to the cluster it reads, as the JSON says', () => {
    // Drop the secret that lets asm-cluster-2 read asm-cluster-1: only 1 → 2 remains.
    const stacks = synthesized(meshConfig);
    const json = structuredClone(stacks.mesh.json);
    const secrets = json.resource!.kubernetes_secret_v1;
    const dropped = Object.keys(secrets).filter((name) => name.startsWith('remote-asm-cluster-1-in-asm-cluster-2'));
    expect(dropped).toHaveLength(1);
    delete secrets[dropped[0]];
    stacks.mesh = new SynthesizedStack(json);
    expect(readArchitecture(stacks).remoteSecrets).toEqual([{ inCluster: 'asm-cluster-1', remote: 'asm-cluster-2' }]);
    expect(links(architectureMarkdown(stacks))).toEqual(['cluster_asm_cluster_1→cluster_asm_cluster_2']);
  });

  it('shows an external gateway per cluster, and no SQL or Prisma', () => {
    expect(markdown.match(/gateway_\w+\("ingress gateway<br\/>external load balancer/g)).toHaveLength(meshConfig.clusters.length);
    expect(markdown).not.toMatch(/Cloud SQL|sql_|Prisma|defender_/);
  });
});

describe('three clusters', () => {
  let stacks: Record<string, SynthesizedStack>;
  let markdown: string;
  beforeAll(() => {
    stacks = synthesized(config(THREE_CLUSTERS));
    markdown = architectureMarkdown(stacks);
  });

  it('has six remote secrets, one per ordered pair, shown as one full-mesh note instead of edges', () => {
    const names = ['alpha', 'beta', 'gamma'];
    const expected = names.flatMap((reader) => names.filter((remote) => remote !== reader).map((remote) => ({ inCluster: reader, remote })));
    expect(readArchitecture(stacks).remoteSecrets).toEqual(expected);
    expect(links(markdown)).toEqual([]);
    expect(markdown).toContain('remote secrets: full mesh<br/>(6 secrets)');
  });

  it('shows every cluster and subnet CIDR', () => {
    for (const cluster of config(THREE_CLUSTERS).clusters) {
      expect(markdown).toContain(`GKE ${cluster.name}`);
      expect(markdown).toContain(cluster.subnetCidr);
    }
  });

  it('does not depend on the order of stacks or resources', () => {
    const reverse = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).reverse());
    const shuffled = Object.fromEntries(
      Object.entries(stacks)
        .reverse()
        .map(([name, { json }]): [string, SynthesizedStack] => [
          name,
          new SynthesizedStack({
            ...json,
            resource: Object.fromEntries(
              Object.entries(json.resource ?? {})
                .map(([type, byName]) => [type, reverse(byName)])
                .reverse(),
            ),
          }),
        ]),
    );
    expect(topologyFlowchart(readArchitecture(shuffled))).toBe(topologyFlowchart(readArchitecture(stacks)));
  });
});

describe('optional parts', () => {
  const meshConfig = loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml'));
  let markdown: string;
  beforeAll(() => {
    markdown = diagram(meshConfig);
  });

  it('shows Cloud SQL with private services access and a client per cluster when enabled', () => {
    expect(markdown).toMatch(/sql_mesh_postgres\[\("Cloud SQL mesh-postgres<br\/>POSTGRES_18/);
    expect(markdown).toContain(meshConfig.cloudSql.privateServicesCidr);
    expect(markdown).toContain('---|"VPC peering"| sql_mesh_postgres');
    for (const cluster of meshConfig.clusters) expect(markdown).toMatch(new RegExp(`sqlclient_${cluster.name.replace(/-/g, '_')} --> psa_`));
  });

  it('shows the Prisma Defender per cluster and its console when enabled', () => {
    expect(markdown).toContain('subgraph outside_google["outside Google Cloud"]');
    expect(markdown).toContain('(`us-east1.cloud.twistlock.com`) over TLS on 443');
    for (const cluster of meshConfig.clusters) expect(markdown).toContain(`defender_${cluster.name.replace(/-/g, '_')} --> prisma_console`);
  });
});

describe('managed mode and internal gateways', () => {
  let markdown: string;
  beforeAll(() => {
    markdown = diagram(config(`${TWO_CLUSTERS}asm:\n  mode: managed\ningress:\n  internal: true\n`));
  });

  it('links the fleet to every cluster instead of remote secrets', () => {
    expect([...markdown.matchAll(REMOTE_SECRET_LINK)]).toHaveLength(0);
    expect(markdown).toMatch(/fleet_\w+\(\["fleet of [\w-]+<br\/>mesh ID proj-#lt;number#gt;<br\/>managed control plane"\]\)/);
    expect(markdown).toMatch(/fleet_\w+ -\.\.- cluster_alpha/);
    expect(markdown).toMatch(/fleet_\w+ -\.\.- cluster_beta/);
  });

  it('marks the gateways internal', () => {
    expect(markdown.match(/internal load balancer<br\/>/g)).toHaveLength(2);
    expect(markdown).toContain('clients in the VPC');
    expect(markdown).not.toContain('clients on the Internet');
  });
});

/**
 * Every box the config asks for is in the picture. The diagram finds things by names lib
 * exports; this fails when a box goes missing anyway (as the in-cluster ASM line once did
 * after the install's inputs were renamed).
 */
describe.each([
  ['the default config', () => loadConfig(DEFAULT_FIXTURE)],
  ['all features', () => loadConfig(path.join(REPO_ROOT, 'examples', 'all-features.yaml'))],
  ['three clusters', () => config(THREE_CLUSTERS)],
  ['managed mode, internal gateways', () => config(`${TWO_CLUSTERS}asm:\n  mode: managed\ningress:\n  internal: true\n`)],
])('every box of %s', (_label, load) => {
  const meshConfig = load();
  const clusters = meshConfig.clusters.map((cluster) => cluster.name).sort();
  const inCluster = meshConfig.asm.mode !== 'managed';
  let markdown: string;
  let model: ReturnType<typeof readArchitecture>;
  beforeAll(() => {
    const stacks = synthesized(meshConfig);
    model = readArchitecture(stacks);
    markdown = architectureMarkdown(stacks);
  });
  const clusterBox = (name: string) => markdown.split('\n').find((line) => line.trim().startsWith(`cluster_${name.replace(/-/g, '_')}["`)) ?? '';

  it('has a box, a control plane and an ingress gateway per cluster', () => {
    expect(model.clusters.map((cluster) => cluster.name)).toEqual(clusters);
    for (const name of clusters) {
      expect(clusterBox(name)).toContain(inCluster ? `ASM ${meshConfig.asm.revision} (asmcli)` : 'ASM managed (fleet)');
    }
    expect(model.installs.map((install) => [install.cluster, install.revision])).toEqual(
      inCluster ? clusters.map((name) => [name, meshConfig.asm.revision]) : [],
    );
    expect(model.fleetMemberships.map((membership) => membership.cluster)).toEqual(inCluster ? [] : clusters);
    expect(model.gateways.map((gateway) => [gateway.cluster, gateway.internal])).toEqual(clusters.map((name) => [name, meshConfig.ingress.internal]));
    expect(model.gateways.every((gateway) => gateway.ports.length > 0 && !gateway.ports.join().includes('15021'))).toBe(true);
  });

  it('links every ordered pair of clusters through remote secrets in-cluster, none in managed mode', () => {
    const pairs = inCluster
      ? clusters.flatMap((reader) => clusters.filter((remote) => remote !== reader).map((remote) => ({ inCluster: reader, remote })))
      : [];
    expect(model.remoteSecrets).toEqual(pairs);
  });

  it('has Cloud SQL with a client per cluster, and the Defender per cluster with its console, exactly when enabled', () => {
    expect(model.sqlInstances).toHaveLength(meshConfig.cloudSql.enabled ? 1 : 0);
    expect(model.privateServiceRanges).toHaveLength(meshConfig.cloudSql.enabled ? 1 : 0);
    expect(model.sqlClients.map((client) => client.cluster)).toEqual(meshConfig.cloudSql.enabled ? clusters : []);
    expect(model.defenders.map((defender) => defender.cluster)).toEqual(meshConfig.prismaCloud.enabled ? clusters : []);
    expect(model.prismaConsoles).toEqual(meshConfig.prismaCloud.enabled ? [new URL(meshConfig.prismaCloud.consoleAddress).hostname] : []);
  });
});

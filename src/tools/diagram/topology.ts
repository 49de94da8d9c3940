import type { ArchitectureModel, Cluster } from './model';
import { Flowchart, label } from './mermaid';

/**
 * Above this many clusters, one note stands for the remote secrets instead of an edge per pair.
 * Measured with mermaid 11.17 at 880 px: three clusters' three two-way edges widened the Shared
 * VPC picture from 1160 px to 1259 px (text at 11.2 px), and six one-way edges had tangled it.
 */
export const FULL_MESH_NOTE_ABOVE = 2;
/**
 * Above this many clusters the clients, admins and fleet say "to every …" instead of an edge to
 * each: at 6 clusters their 18 edges from the top row fanned the picture to 2153 px (1407 px
 * without them), and at 8 they broke the edge cap.
 */
export const EDGES_FROM_OUTSIDE_UP_TO = 4;

/** The region a cluster runs in: its subnet's, else its location without the zone letter. */
export function regionOf(model: ArchitectureModel, cluster: Cluster): string {
  return model.subnets.find((subnet) => subnet.key === cluster.subnet)?.region ?? cluster.location.replace(/-[a-z]$/, '');
}

/** Every project a resource of the picture lives in, host (network) first. */
export function projectsOf(model: ArchitectureModel): string[] {
  const projects = [...model.networks.map((network) => network.project), ...model.clusters.flatMap((cluster) => [cluster.project, cluster.fleetProject])];
  return [...new Set(projects.filter((project): project is string => project !== undefined))];
}

/**
 * The topology: who connects in, the VPC, one box per region holding its Cloud NAT and clusters
 * (in their project's box when there are several projects), each cluster with its ranges and
 * gateway; then the fleet, and the mesh links between clusters.
 */
export function topologyFlowchart(model: ArchitectureModel): string {
  const chart = new Flowchart('TB');
  const severalProjects = projectsOf(model).length > 1;
  const edgesFromOutside = model.clusters.length <= EDGES_FROM_OUTSIDE_UP_TO;
  const toEvery = (what: string) => (edgesFromOutside ? [] : [`to every ${what}`]);
  const clientsId = (internal: boolean) => chart.id(`clients:${internal}`, internal ? 'clients_vpc' : 'clients_internet');
  for (const internal of [false, true]) {
    const lines = [internal ? 'clients in the VPC' : 'clients on the Internet', ...toEvery('gateway')];
    if (model.gateways.some((gateway) => gateway.internal === internal)) chart.add(1, `${clientsId(internal)}(["${label(lines)}"])`);
  }
  const admins = [...new Map(model.clusters.flatMap((cluster) => cluster.adminNetworks).map((entry) => [entry.cidr, entry])).values()];
  const adminsId = chart.id('admins', 'admins');
  // asmcli runs from the admins' machines only for in-cluster control planes; the fleet installs managed ones.
  const tools = model.fleetMemberships.length > 0 ? 'kubectl' : 'kubectl, asmcli';
  if (admins.length > 0) chart.add(1, `${adminsId}(["${label([`admins: ${tools}`, ...toEvery('API server'), ...admins.map((entry) => entry.cidr)])}"])`);

  for (const network of model.networks) {
    const vpc = () =>
      chart.subgraph(severalProjects ? 2 : 1, chart.id(`network:${network.key}`, `vpc_${network.name}`), `VPC ${network.name}`, () =>
        renderRegions(chart, model, network.key, severalProjects ? 3 : 2, severalProjects),
      );
    if (severalProjects && network.project)
      chart.subgraph(1, chart.id(`project:${network.project}`, `project_${network.project}`), `project ${network.project}`, vpc);
    else vpc();
  }
  const fleetId = (project: string) => chart.id(`fleet:${project}`, `fleet_${project}`);
  const managed = model.fleetMemberships.length > 0;
  const fleets = [...new Map(model.clusters.flatMap((cluster) => (cluster.fleetProject ? [[cluster.fleetProject, cluster.meshId ?? '']] : [])))];
  for (const [project, meshId] of fleets) {
    const lines = [
      `fleet of ${project}`,
      `mesh ID ${meshId}`,
      ...(managed ? ['managed control plane'] : []),
      ...toEvery('cluster a member'),
      ...(fullMeshNote(model) ?? []),
    ];
    const node = () => chart.add(severalProjects ? 2 : 1, `${fleetId(project)}(["${label(lines)}"])`);
    const hostsOthers = model.networks.some((network) => network.project === project);
    if (severalProjects && !hostsOthers) chart.subgraph(1, chart.id(`fleet-project:${project}`, `project_${project}`), `project ${project}`, node);
    else node();
  }

  chart.lines.push('');
  for (const gateway of model.gateways) {
    // The gateway above its cluster's node, on the way in, keeps each cluster's box one node wide.
    const gatewayId = chart.id(`gateway:${gateway.cluster}`, `gateway_${gateway.cluster}`);
    chart.add(1, `${edgesFromOutside ? `${clientsId(gateway.internal)} --> ` : ''}${gatewayId} --> ${chart.clusterId(gateway.cluster)}`);
  }
  for (const cluster of model.clusters.filter(() => edgesFromOutside)) {
    // Links two ranks long (`--->`, `-..-`) put admins and the fleet in the top row beside the clients, not beside the VPC.
    if (cluster.adminNetworks.length > 0) chart.add(1, `${adminsId} ---> ${chart.clusterId(cluster.name)}`);
    if (cluster.fleetProject) chart.add(1, `${fleetId(cluster.fleetProject)} -..- ${chart.clusterId(cluster.name)}`);
  }
  for (const cluster of model.clusters) {
    const nat = model.nats.find((entry) => entry.network === cluster.network && entry.region === regionOf(model, cluster));
    if (nat) chart.add(1, `${chart.clusterId(cluster.name)} --> ${chart.id(`nat:${nat.name}`, `nat_${nat.name}`)}`);
  }
  for (const line of stackingLinks(chart, model)) chart.add(1, line);
  for (const link of remoteSecretLinks(model)) chart.add(1, `${chart.clusterId(link.a)} ${link.bothWays ? '<-.->' : '-.->'} ${chart.clusterId(link.b)}`);
  return chart.toString();
}

/** Clusters side by side in one row: one column keeps the picture within GitHub's width at any cluster count (two or three columns measured 1200–1560 px). */
export const CLUSTERS_PER_ROW = 1;

/**
 * Invisible links (`~~~`, mermaid's layout-only link) that stack the picture: each region below
 * the one before it, and within a region a new row every {@link CLUSTERS_PER_ROW} clusters.
 */
function stackingLinks(chart: Flowchart, model: ArchitectureModel): string[] {
  // The first node of a cluster's box: its gateway, else its node.
  const top = (cluster: Cluster) =>
    model.gateways.some((gateway) => gateway.cluster === cluster.name) ? chart.id(`gateway:${cluster.name}`, '') : chart.clusterId(cluster.name);
  const links: string[] = [];
  for (const network of model.networks) {
    const clusters = model.clusters.filter((cluster) => cluster.network === network.key);
    const regions = [...new Set(clusters.map((cluster) => regionOf(model, cluster)))].sort();
    let above: string | undefined;
    for (const region of regions) {
      const inRegion = clusters.filter((cluster) => regionOf(model, cluster) === region);
      if (above) links.push(`${above} ~~~ ${top(inRegion[0])}`);
      inRegion.slice(CLUSTERS_PER_ROW).forEach((cluster, index) => links.push(`${chart.clusterId(inRegion[index].name)} ~~~ ${top(cluster)}`));
      const nat = model.nats.find((entry) => entry.network === network.key && entry.region === region);
      above = nat ? chart.id(`nat:${nat.name}`, '') : chart.clusterId(inRegion[inRegion.length - 1].name);
    }
  }
  return links;
}

/** One link per pair of clusters with remote secrets, two-way when each reads the other. None when the full-mesh note stands for them. */
export function remoteSecretLinks(model: ArchitectureModel): { a: string; b: string; bothWays: boolean }[] {
  if (fullMeshNote(model)) return [];
  const readers = new Set(model.remoteSecrets.map((link) => `${link.inCluster}→${link.remote}`));
  const links = new Map<string, { a: string; b: string; bothWays: boolean }>();
  for (const { inCluster, remote } of model.remoteSecrets) {
    const [a, b] = [inCluster, remote].sort();
    if (!links.has(`${a}|${b}`)) links.set(`${a}|${b}`, { a: inCluster, b: remote, bothWays: readers.has(`${remote}→${inCluster}`) });
  }
  return [...links.values()];
}

/** The note that replaces the remote-secret edges when every cluster reads every other one and there are more than a few. */
export function fullMeshNote(model: ArchitectureModel): string[] | undefined {
  const count = model.clusters.length;
  const complete = model.remoteSecrets.length === count * (count - 1);
  if (count <= FULL_MESH_NOTE_ABOVE || !complete) return undefined;
  return ['remote secrets: full mesh', `(${model.remoteSecrets.length} secrets)`];
}

function renderRegions(chart: Flowchart, model: ArchitectureModel, network: string, depth: number, severalProjects: boolean): void {
  const clusters = model.clusters.filter((cluster) => cluster.network === network);
  const note = fullMeshNote(model);
  // The note joins the fleet's node when there is a fleet (./topology's caller), else stands in the VPC.
  if (note && !model.clusters.some((cluster) => cluster.fleetProject)) chart.add(depth, `${chart.id('full-mesh', 'remote_secrets')}["${label(note)}"]`);
  const regions = [
    ...new Set([
      ...clusters.map((cluster) => regionOf(model, cluster)),
      ...model.nats.filter((nat) => nat.network === network).flatMap((nat) => (nat.region ? [nat.region] : [])),
    ]),
  ].sort();
  for (const region of regions) {
    chart.subgraph(depth, chart.id(`region:${network}:${region}`, `region_${region}`), `region ${region}`, () => {
      for (const nat of model.nats.filter((entry) => entry.network === network && entry.region === region)) {
        chart.add(depth + 1, `${chart.id(`nat:${nat.name}`, `nat_${nat.name}`)}("${label(['Cloud NAT', 'egress for private nodes'])}")`);
      }
      const inRegion = clusters.filter((cluster) => regionOf(model, cluster) === region);
      const projects = [...new Set(inRegion.map((cluster) => cluster.project ?? ''))];
      for (const project of projects) {
        const members = inRegion.filter((cluster) => (cluster.project ?? '') === project);
        const body = (level: number) => () => members.forEach((cluster) => renderCluster(chart, model, level, cluster));
        if (severalProjects && project)
          chart.subgraph(depth + 1, chart.id(`project:${region}:${project}`, `project_${region}_${project}`), `project ${project}`, body(depth + 2));
        else body(depth + 1)();
      }
    });
  }
}

/** A cluster's box: its node with the subnet's ranges, control plane, pools and mesh, and its gateway. */
function renderCluster(chart: Flowchart, model: ArchitectureModel, depth: number, cluster: Cluster): void {
  const subnet = model.subnets.find((entry) => entry.key === cluster.subnet);
  const install = model.installs.find((entry) => entry.cluster === cluster.name);
  const managed = model.fleetMemberships.some((membership) => membership.cluster === cluster.name);
  const lines = [
    ...(cluster.location !== regionOf(model, cluster) ? [`zone ${cluster.location}`] : []),
    ...(subnet ? [`nodes ${subnet.cidr}`, ...subnet.secondary.map((range) => `${range.name} ${range.cidr}`)] : []),
    ...(cluster.masterCidr ? [`master ${cluster.masterCidr}`] : []),
    cluster.privateEndpoint ? 'API: private endpoint' : 'API: authorized networks',
    // Only what differs from a Standard cluster on REGULAR, so existing diagrams stay as they are.
    ...(cluster.autopilot ? ['Autopilot (GKE nodes)'] : []),
    ...(cluster.releaseChannel && cluster.releaseChannel !== 'REGULAR' ? [`channel ${cluster.releaseChannel}`] : []),
    ...cluster.pools.flatMap((pool) => [
      ...(cluster.pools.length > 1 ? [`pool ${pool.name}`] : []),
      `${pool.machineType ?? '?'} × ${pool.min ?? '?'}–${pool.max ?? '?'}`,
    ]),
    ...(install ? [`ASM ${install.revision ?? ''} (asmcli)`.replace('  ', ' ')] : managed ? ['ASM managed (fleet)'] : []),
  ];
  chart.subgraph(depth, chart.id(`gke:${cluster.name}`, `gke_${cluster.name}`), `GKE ${cluster.name}`, () => {
    chart.add(depth + 1, `${chart.clusterId(cluster.name)}["${label(lines)}"]`);
    const gateway = model.gateways.find((entry) => entry.cluster === cluster.name);
    if (gateway) {
      const gatewayLines = ['ingress gateway', `${gateway.internal ? 'internal' : 'external'} load balancer`, gateway.ports.join('; '), ...gateway.hosts];
      chart.add(depth + 1, `${chart.id(`gateway:${cluster.name}`, `gateway_${cluster.name}`)}("${label(gatewayLines)}")`);
    }
  });
}

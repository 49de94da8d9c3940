import * as path from 'path';
import { loadConfig } from '../../../../src/config/load';
import { readArchitecture } from '../../../../src/tools/diagram/read-architecture';
import { topologyFlowchart } from '../../../../src/tools/diagram/topology';
import { layoutProblems } from '../../../../src/tools/diagram/layout-guard';
import { config, REPO_ROOT, TWO_CLUSTERS } from '../../../helpers';
import { synthesizedApp } from '../../../app-helpers';

describe('the Shared VPC topology', () => {
  const meshConfig = loadConfig(path.join(REPO_ROOT, 'examples', 'shared-vpc.yaml'));
  const chart = topologyFlowchart(readArchitecture({ ...synthesizedApp(meshConfig).stacks }));
  const titles = [...chart.matchAll(/subgraph \w+\["([^"]*)"\]/g)].map((match) => match[1]);

  it('draws the host, every service project and the fleet project as boxes', () => {
    const projects = [meshConfig.network.hostProject, meshConfig.fleetProject, ...meshConfig.clusters.map((cluster) => cluster.project)];
    for (const project of new Set(projects)) expect(titles).toContain(`project ${project}`);
    expect(chart).toMatch(
      new RegExp(
        `^  subgraph project_\\w+\\["project ${meshConfig.network.hostProject}"\\]\\n    direction TB\\n    subgraph vpc_\\w+\\["VPC ${meshConfig.network.name}"\\]`,
        'm',
      ),
    );
  });

  it('groups the clusters by region, each with its ranges', () => {
    for (const region of new Set(meshConfig.clusters.map((cluster) => cluster.region))) expect(titles).toContain(`region ${region}`);
    for (const cluster of meshConfig.clusters) {
      expect(titles).toContain(`GKE ${cluster.name}`);
      for (const line of [`nodes ${cluster.subnetCidr}`, `pods ${cluster.podCidr}`, `services ${cluster.serviceCidr}`, `master ${cluster.masterCidr}`])
        expect(chart).toContain(line);
    }
  });

  it('shows the fleet with the mesh ID, and the admins path from the authorized networks', () => {
    expect(chart).toContain(`fleet of ${meshConfig.fleetProject}<br/>mesh ID proj-#lt;number#gt;`);
    expect(chart).toContain(`admins: kubectl, asmcli<br/>${meshConfig.authorizedNetworks[0].cidr}`);
    for (const cluster of meshConfig.clusters) expect(chart).toContain(`admins ---> cluster_${cluster.name.replace(/-/g, '_')}`);
  });

  it('ties every cluster to the Cloud NAT of its region', () => {
    expect(chart.match(/^ {2}cluster_\w+ --> nat_\w+$/gm)).toHaveLength(meshConfig.clusters.length);
  });
});

describe('managed mode', () => {
  it('shows admins with kubectl only: the fleet installs the control plane, asmcli never runs', () => {
    const meshConfig = config(`${TWO_CLUSTERS}asm:\n  mode: managed\n`);
    const chart = topologyFlowchart(readArchitecture({ ...synthesizedApp(meshConfig).stacks }));
    expect(chart).toContain(`admins: kubectl<br/>${meshConfig.authorizedNetworks[0].cidr}`);
    expect(chart).not.toContain('asmcli');
  });
});

describe('six clusters in two regions', () => {
  const clusters = Array.from({ length: 6 }, (_, index) => `  - { name: c${index + 1}, location: ${index % 2 ? 'europe-west4' : 'us-central1'} }`);
  const chart = topologyFlowchart(
    readArchitecture({ ...synthesizedApp(config(`${TWO_CLUSTERS.replace(/clusters:\n( {2}- .*\n)+/, `clusters:\n${clusters.join('\n')}\n`)}`)).stacks }),
  );

  it('keeps the layout rules: the outside nodes say "to every …" instead of an edge to each cluster', () => {
    expect(layoutProblems(chart)).toEqual([]);
    expect(chart).toContain('clients on the Internet<br/>to every gateway');
    expect(chart).toContain('admins: kubectl, asmcli<br/>to every API server');
    expect(chart).not.toMatch(/^ *(clients_internet|admins|fleet_\w+) (-->|--->|-\.\.-) /m);
    expect(chart.match(/subgraph gke_/g)).toHaveLength(6);
  });
});

describe('the topology of a mixed Standard and Autopilot mesh', () => {
  const meshConfig = loadConfig(path.join(REPO_ROOT, 'examples', 'mixed-autopilot.yaml'));
  const model = readArchitecture({ ...synthesizedApp(meshConfig).stacks });
  const chart = topologyFlowchart(model);
  const box = (name: string) => new RegExp(`cluster_${name.replace(/-/g, '_')}\\["([^"]*)"\\]`).exec(chart)?.[1] ?? '';

  it('marks Autopilot clusters, without pools, and names a channel other than REGULAR', () => {
    expect(box('asm-eu-ap')).toContain('Autopilot (GKE nodes)<br/>channel RAPID');
    expect(box('asm-us-ap')).toContain('Autopilot (GKE nodes)');
    expect(box('asm-us-ap')).not.toMatch(/channel|×/);
    expect(box('asm-eu-std')).toContain('channel STABLE<br/>e2-standard-4 × 1–3');
    expect(box('asm-us-std')).not.toMatch(/Autopilot|channel/);
  });

  it("reads an Autopilot cluster's node tags from node_pool_auto_config, so the firewall targets show", () => {
    const autopilot = model.clusters.find((cluster) => cluster.name === 'asm-eu-ap')!;
    expect(autopilot.tags).toEqual([meshConfig.clusters.find((cluster) => cluster.name === 'asm-eu-ap')!.nodeTag]);
  });
});

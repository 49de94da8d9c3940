import * as path from 'path';
import { loadConfig } from '../../../../src/config/load';
import { readArchitecture } from '../../../../src/tools/diagram/read-architecture';
import { topologyFlowchart } from '../../../../src/tools/diagram/topology';
import { REPO_ROOT, synthesizedApp } from '../../../helpers';

describe('the Shared VPC topology', () => {
  const meshConfig = loadConfig(path.join(REPO_ROOT, 'examples', 'shared-vpc.yaml'));
  const chart = topologyFlowchart(readArchitecture({ ...synthesizedApp(meshConfig).stacks }));
  const titles = [...chart.matchAll(/subgraph \w+\["([^"]*)"\]/g)].map((match) => match[1]);

  it('draws the host, every service project and the fleet project as boxes', () => {
    const projects = [meshConfig.network.hostProject, meshConfig.fleetProject, ...meshConfig.clusters.map((cluster) => cluster.project)];
    for (const project of new Set(projects)) expect(titles).toContain(`project ${project}`);
    expect(chart).toMatch(
      new RegExp(
        `^  subgraph project_\\w+\\["project ${meshConfig.network.hostProject}"\\]\\n    subgraph vpc_\\w+\\["VPC ${meshConfig.network.name}"\\]`,
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

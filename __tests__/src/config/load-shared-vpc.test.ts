import { config, TWO_CLUSTERS } from '../../helpers';
import { expectProblem, problemsOf } from './load-fixture';

describe('Shared VPC fields', () => {
  const SHARED = `project: service-one\nregion: us-central1\nnetwork: { hostProject: host-project }\nclusters:\n  - name: a1\n  - { name: b1, project: service-two }\n`;

  it("resolves each cluster's project, the network project and the fleet project", () => {
    const loaded = config(`${SHARED}fleetProject: fleet-project\n`);
    expect(loaded.clusters.map((c) => c.project)).toEqual(['service-one', 'service-two']);
    expect(loaded.network).toEqual({ name: 'asm-mesh', hostProject: 'host-project', project: 'host-project' });
    expect(loaded.fleetProject).toBe('fleet-project');
  });

  it('defaults everything to project when there is no Shared VPC', () => {
    const loaded = config(TWO_CLUSTERS);
    expect(loaded.network.project).toBe('test-project');
    expect(loaded.fleetProject).toBe('test-project');
    expect(loaded.clusters.map((c) => c.project)).toEqual(['test-project', 'test-project']);
  });

  it('checks the project ID format of every new field', () => {
    expectProblem(SHARED.replace('host-project', 'Host_Project'), /^network\.hostProject: must be a GCP project ID .*, got "Host_Project"/);
    expectProblem(SHARED.replace('project: service-two', 'project: X'), /^clusters\[1\]\.project: must be a GCP project ID .*, got "X"/);
    expectProblem(`${SHARED}fleetProject: f1\n`, /^fleetProject: must be a GCP project ID .*, got "f1"/);
  });

  it('keeps clusters out of the host project', () => {
    expect(problemsOf(SHARED.replace('project: service-two', 'project: host-project'))).toEqual([
      'clusters[1].project: "host-project" is network.hostProject; clusters live in service projects (set clusters[1].project)',
    ]);
    expect(problemsOf(SHARED.replace('project: service-one', 'project: host-project'))).toEqual([
      'project: "host-project" is network.hostProject; clusters live in service projects (set clusters[0].project)',
    ]);
  });

  it('requires a host project when clusters live in more than one project', () => {
    expect(problemsOf(SHARED.replace('network: { hostProject: host-project }\n', ''))).toEqual([
      'network.hostProject: is required when clusters live in more than one project (service-one, service-two): they share one VPC through a Shared VPC host',
    ]);
  });
});

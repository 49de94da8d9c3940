import * as path from 'path';
import { loadConfig } from '../../../src/config/load';
import { defaultRevision, regionOf } from '../../../src/config/resolve';
import { config, REPO_ROOT, TWO_CLUSTERS } from '../../helpers';

const example = (file: string) => loadConfig(path.join(REPO_ROOT, 'examples', file));

describe('resolved facts of one project', () => {
  const resolved = config(TWO_CLUSTERS.replace('  - name: beta\n', '  - name: beta\n    location: europe-west4-b\n    privateEndpoint: true\n'));

  it('gives every cluster its subnet, tag, node account, context, credentials command, peers and sample version', () => {
    expect(
      resolved.clusters.map(({ name, subnetName, nodeTag, nodeServiceAccountId, kubeContext, getCredentialsCommand, peers, sampleVersion }) => ({
        name,
        subnetName,
        nodeTag,
        nodeServiceAccountId,
        kubeContext,
        getCredentialsCommand,
        peers,
        sampleVersion,
      })),
    ).toEqual([
      {
        name: 'alpha',
        subnetName: 'asm-mesh-alpha',
        nodeTag: 'mesh-alpha',
        nodeServiceAccountId: 'gke-alpha',
        kubeContext: 'gke_test-project_us-central1_alpha',
        getCredentialsCommand: 'gcloud container clusters get-credentials alpha --location us-central1 --project test-project',
        peers: [{ name: 'beta', podCidr: '10.68.0.0/14' }],
        sampleVersion: 'v1',
      },
      {
        name: 'beta',
        subnetName: 'asm-mesh-beta',
        nodeTag: 'mesh-beta',
        nodeServiceAccountId: 'gke-beta',
        kubeContext: 'gke_test-project_europe-west4-b_beta',
        getCredentialsCommand: 'gcloud container clusters get-credentials beta --location europe-west4-b --project test-project --internal-ip',
        peers: [{ name: 'alpha', podCidr: '10.64.0.0/14' }],
        sampleVersion: 'v2',
      },
    ]);
  });

  it('has one project, no trust-domain aliases, no multiproject option, and a router per region', () => {
    expect(resolved.mesh).toMatchObject({
      projects: ['test-project'],
      clusterProjects: ['test-project'],
      foreignClusterProjects: [],
      multiProject: false,
      trustDomainAliases: [],
      regions: [
        { region: 'us-central1', routerName: 'asm-mesh-us-central1' },
        { region: 'europe-west4', routerName: 'asm-mesh-europe-west4' },
      ],
      sampleVersions: ['v1', 'v2'],
    });
    expect(resolved.asm.options).toEqual(['cni-gcp']);
    expect(resolved.mesh.meshId('123456789')).toBe('proj-123456789');
  });
});

describe('resolved facts across projects (Shared VPC, fleet in its own project)', () => {
  const resolved = example('shared-vpc.yaml');

  it("names each cluster's context and command after the cluster's own project", () => {
    expect(resolved.clusters.map((cluster) => cluster.kubeContext)).toEqual([
      'gke_payments-prod_us-central1_payments-east',
      'gke_payments-prod_us-east1_payments-west',
      'gke_catalog-prod_us-central1_catalog-east',
    ]);
    expect(resolved.clusters[2].getCredentialsCommand).toBe(
      'gcloud container clusters get-credentials catalog-east --location us-central1 --project catalog-prod',
    );
  });

  it('lists every project once, aliases every pool as a trust domain, and adds multiproject', () => {
    expect(resolved.mesh.projects).toEqual(['mesh-platform-prod', 'mesh-network-host', 'mesh-fleet-prod', 'payments-prod', 'catalog-prod']);
    expect(resolved.mesh.clusterProjects).toEqual(['payments-prod', 'catalog-prod']);
    expect(resolved.mesh.foreignClusterProjects).toEqual(['payments-prod', 'catalog-prod']);
    expect(resolved.mesh.multiProject).toBe(true);
    expect(resolved.mesh.trustDomainAliases).toEqual(['mesh-fleet-prod.svc.id.goog', 'payments-prod.svc.id.goog', 'catalog-prod.svc.id.goog']);
    expect(resolved.asm.options).toEqual(['cni-gcp', 'multiproject']);
    expect(resolved.clusters[0].peers.map((peer) => peer.name)).toEqual(['payments-west', 'catalog-east']);
  });

  it("binds the Cloud SQL client's account in every other cluster project's pool", () => {
    expect(resolved.cloudSql.client.otherWorkloadPools).toEqual([
      { project: 'payments-prod', pool: 'payments-prod.svc.id.goog' },
      { project: 'catalog-prod', pool: 'catalog-prod.svc.id.goog' },
    ]);
  });
});

describe('resolved facts with the fleet in a service project', () => {
  it('leaves the fleet project out of the foreign projects', () => {
    const resolved = example('shared-vpc-fleet-in-service-project.yaml');
    expect(resolved.mesh.foreignClusterProjects).not.toContain(resolved.fleetProject);
    expect(resolved.mesh.clusterProjects).toContain(resolved.fleetProject);
  });
});

describe('defaultRevision and regionOf', () => {
  it.each([
    ['1.28', 'asm-128'],
    ['1.28.5-asm.12+config1', 'asm-1285-12'],
  ])('names asmcli %s revision %s', (version, revision) => expect(defaultRevision(version)).toBe(revision));

  it('takes the region of a zone, and a region as itself', () => {
    expect(regionOf('us-central1-a')).toBe('us-central1');
    expect(regionOf('us-central1')).toBe('us-central1');
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, parseConfig } from '../../../src/config/load';
import { REQUIRED_APIS } from '../../../src/stacks/platform-stack';
import { config, REPO_ROOT, resourceAt, resources } from '../../helpers';
import { synthAll } from '../../app-helpers';

/** Host plus one service project: the two-project layout. */
const TWO_PROJECTS = `
project: service-one
region: us-central1
network: { name: mesh, hostProject: host-project }
clusters:
  - name: alpha
  - name: beta
`;

describe('Shared VPC: a host and two service projects (examples/shared-vpc.yaml)', () => {
  const meshConfig = loadConfig(path.join(REPO_ROOT, 'examples', 'shared-vpc.yaml'));
  const stacks = synthAll(meshConfig);
  const clusterOf = (name: string) => resourceAt(stacks.platform, 'google_container_cluster', `cluster-${name}/cluster`);

  it('puts the network, subnets, NAT and firewall rules in the host project', () => {
    for (const type of [
      'google_compute_network',
      'google_compute_subnetwork',
      'google_compute_router',
      'google_compute_router_nat',
      'google_compute_firewall',
    ]) {
      const projects = new Set(resources(stacks.platform, type).map((r) => r.project));
      expect([type, [...projects]]).toEqual([type, ['mesh-network-host']]);
    }
  });

  it('creates each cluster and its node service account in its service project, on the host subnets', () => {
    expect(clusterOf('payments-east')).toMatchObject({ project: 'payments-prod', location: 'us-central1' });
    expect(clusterOf('payments-west')).toMatchObject({ project: 'payments-prod', location: 'us-east1' });
    expect(clusterOf('catalog-east')).toMatchObject({ project: 'catalog-prod' });
    expect(clusterOf('catalog-east').subnetwork).toMatch(/^\$\{google_compute_subnetwork\.network_subnet-asm-mesh-catalog-east_\w+\.id\}$/);
    expect(clusterOf('catalog-east').workload_identity_config).toEqual({ workload_pool: 'catalog-prod.svc.id.goog' });
    expect(
      resources(stacks.platform, 'google_service_account')
        .map((a) => [a.account_id, a.project])
        .sort(),
    ).toEqual([
      ['gke-catalog-east', 'catalog-prod'],
      ['gke-payments-east', 'payments-prod'],
      ['gke-payments-west', 'payments-prod'],
    ]);
  });

  it('enables the host and attaches each distinct service project once', () => {
    expect(resources(stacks.platform, 'google_compute_shared_vpc_host_project')).toEqual([expect.objectContaining({ project: 'mesh-network-host' })]);
    const attachments = resources(stacks.platform, 'google_compute_shared_vpc_service_project')
      .map((a) => a.service_project)
      .sort();
    expect(attachments).toEqual(['catalog-prod', 'payments-prod']);
  });

  it("grants each service project's GKE and Google APIs agents network user on its own subnets only", () => {
    const grants = resources(stacks.platform, 'google_compute_subnetwork_iam_member');
    expect(grants).toHaveLength(6); // 3 subnets × 2 agents
    for (const grant of grants) expect(grant).toMatchObject({ project: 'mesh-network-host', role: 'roles/compute.networkUser' });
    // The subnet by reference: a grant on a subnet that does not exist yet fails.
    const subnetRef = (name: string) => {
      const [id] = Object.entries(stacks.platform.resource?.google_compute_subnetwork ?? {}).find(([, subnet]) => subnet.name === name)!;
      return `\${google_compute_subnetwork.${id}.name}`;
    };
    const catalog = grants
      .filter((g) => g.subnetwork === subnetRef('asm-mesh-catalog-east'))
      .map((g) => g.member)
      .sort();
    expect(catalog).toEqual([
      'serviceAccount:${data.google_project.project-catalog-prod.number}@cloudservices.gserviceaccount.com',
      'serviceAccount:service-${data.google_project.project-catalog-prod.number}@container-engine-robot.iam.gserviceaccount.com',
    ]);
    expect(grants.find((g) => g.subnetwork === subnetRef('asm-mesh-payments-west'))).toMatchObject({ region: 'us-east1' });
  });

  it("grants each GKE agent host service agent user and the host's firewall manager role", () => {
    const hostRoles = resources(stacks.platform, 'google_project_iam_member')
      .filter((m) => m.project === 'mesh-network-host')
      .map(
        (m) =>
          `${String(m.role).replace(/^\$\{google_project_iam_custom_role\.shared-vpc_gke-firewall-manager_\w+\.id\}$/, 'firewall-manager')} ${String(m.member).includes('catalog-prod') ? 'catalog' : 'payments'}`,
      )
      .sort();
    expect(hostRoles).toEqual([
      'firewall-manager catalog',
      'firewall-manager payments',
      'roles/container.hostServiceAgentUser catalog',
      'roles/container.hostServiceAgentUser payments',
    ]);
  });

  it('holds every cluster until the host grants exist', () => {
    for (const name of ['payments-east', 'catalog-east']) {
      expect(clusterOf(name).depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^google_compute_subnetwork_iam_member\.shared-vpc_network-user-/)]),
      );
    }
  });

  it('registers every cluster to one fleet, with one mesh ID from the fleet project', () => {
    for (const name of ['payments-east', 'payments-west', 'catalog-east']) {
      expect(clusterOf(name).fleet).toEqual({ project: 'mesh-fleet-prod' });
      expect(clusterOf(name).resource_labels).toEqual({ mesh_id: '${data.google_project.project-mesh-fleet-prod.number}'.replace(/^/, 'proj-') });
    }
  });

  it('enables the APIs in every project involved', () => {
    const byProject = new Map<string, string[]>();
    for (const service of resources(stacks.platform, 'google_project_service')) {
      byProject.set(service.project as string, [...(byProject.get(service.project as string) ?? []), service.service as string]);
    }
    expect([...byProject.keys()].sort()).toEqual(['catalog-prod', 'mesh-fleet-prod', 'mesh-network-host', 'mesh-platform-prod', 'payments-prod']);
    for (const services of byProject.values()) expect(services.sort()).toEqual([...REQUIRED_APIS].sort());
  });

  it('installs ASM per cluster in its project, on the fleet, with the multi-project option and every pool as a trust domain', () => {
    const install = resourceAt(stacks.mesh, 'terraform_data', 'asm-catalog-east/apply');
    const environment = (install.provisioner as { 'local-exec': { environment: Record<string, string> } }[])[0]['local-exec'].environment;
    expect(environment).toMatchObject({
      ASM_PROJECT: 'catalog-prod',
      ASM_FLEET_PROJECT: 'mesh-fleet-prod',
      ASM_MESH_ID: 'proj-${data.google_project.fleet-project.number}',
      ASM_OPTIONS: 'cni-gcp multiproject',
      ASM_TRUST_DOMAIN_ALIASES: 'mesh-fleet-prod.svc.id.goog payments-prod.svc.id.goog catalog-prod.svc.id.goog',
    });
    expect(stacks.mesh.data?.google_project?.['fleet-project']).toMatchObject({ project_id: 'mesh-fleet-prod' });
  });

  it('reads each cluster from its own project in the mesh and workloads stacks', () => {
    for (const stack of [stacks.mesh, stacks.workloads]) {
      const clusters = Object.values(stack.data?.google_container_cluster ?? {})
        .map((d) => [d.name, d.project])
        .sort();
      expect(clusters).toEqual([
        ['catalog-east', 'catalog-prod'],
        ['payments-east', 'payments-prod'],
        ['payments-west', 'payments-prod'],
      ]);
    }
  });

  it("prints get-credentials for each cluster's own project", () => {
    expect((stacks.platform.output?.cluster_catalog_east.value as { get_credentials: string }).get_credentials).toBe(
      'gcloud container clusters get-credentials catalog-east --location us-central1 --project catalog-prod',
    );
  });
});

describe('Shared VPC: a host and one service project', () => {
  const stacks = synthAll(config(TWO_PROJECTS));

  it('splits the network and the clusters across the two projects', () => {
    expect(new Set(resources(stacks.platform, 'google_compute_network').map((n) => n.project))).toEqual(new Set(['host-project']));
    expect(new Set(resources(stacks.platform, 'google_container_cluster').map((c) => c.project))).toEqual(new Set(['service-one']));
    expect(resources(stacks.platform, 'google_compute_shared_vpc_service_project').map((a) => a.service_project)).toEqual(['service-one']);
  });

  it('runs the managed mesh in the fleet project with every pool trusted', () => {
    const managed = synthAll(config(`${TWO_PROJECTS}asm: { mode: managed }\n`));
    expect(resources(managed.mesh, 'google_gke_hub_feature')).toEqual([{ project: 'service-one', name: 'servicemesh', location: 'global' }]);
    const mesh = resources(managed.mesh, 'kubernetes_config_map_v1_data').find((m) => (m.metadata as { name: string }).name === 'istio-asm-managed')!;
    // One project holds every cluster and the fleet here: no aliases needed.
    expect((mesh.data as { mesh: string }).mesh).not.toContain('trustDomainAliases');
  });
});

describe('the single-project default stays as it was', () => {
  const stacks = synthAll(config('project: only-project\nregion: us-central1\nclusters: [{ name: a1 }, { name: b1 }]\n'));

  it('has no Shared VPC resources, one API set, no multi-project option', () => {
    expect(resources(stacks.platform, 'google_compute_shared_vpc_host_project')).toEqual([]);
    expect(resources(stacks.platform, 'google_compute_subnetwork_iam_member')).toEqual([]);
    expect(new Set(resources(stacks.platform, 'google_project_service').map((s) => s.project))).toEqual(new Set(['only-project']));
    const install = resources(stacks.mesh, 'terraform_data')[0];
    const environment = (install.provisioner as { 'local-exec': { environment: Record<string, string> } }[])[0]['local-exec'].environment;
    expect(environment.ASM_OPTIONS).toBe('cni-gcp');
    expect(environment).not.toHaveProperty('ASM_TRUST_DOMAIN_ALIASES');
  });
});

describe('Shared VPC with Cloud SQL', () => {
  const stacks = synthAll(
    config(`
project: data-project
region: us-central1
network: { name: mesh, hostProject: host-project }
clusters:
  - { name: a1, project: data-project }
  - { name: b1, project: apps-project }
cloudSql: { enabled: true }
`),
  );

  it('reserves private services access on the host, where the network lives', () => {
    expect(resources(stacks.platform, 'google_compute_global_address')).toEqual([expect.objectContaining({ project: 'host-project', purpose: 'VPC_PEERING' })]);
  });

  it('lets the client of every cluster project act as the database identity', () => {
    const members = resources(stacks.platform, 'google_service_account_iam_member')
      .map((m) => m.member)
      .sort();
    expect(members).toEqual([
      'serviceAccount:apps-project.svc.id.goog[db-client/cloud-sql-client]',
      'serviceAccount:data-project.svc.id.goog[db-client/cloud-sql-client]',
    ]);
  });
});

describe('Shared VPC, managed mesh across projects', () => {
  /** An example loaded as the app loads it, with its asm.mode replaced. */
  const example = (file: string, mode: string) =>
    synthAll(
      parseConfig(fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8').replace('mode: in-cluster', `mode: ${mode}`), {
        source: file,
        baseDir: path.join(REPO_ROOT, 'examples'),
      }),
    );
  const meshAgentGrants = (platform: ReturnType<typeof synthAll>['platform']) =>
    resources(platform, 'google_project_iam_member').filter((grant) => grant.role === 'roles/anthosservicemesh.serviceAgent');

  it("grants the fleet project's Cloud Service Mesh agent its role in each other cluster project, in managed mode only", () => {
    // Fleet in payments-prod, clusters in payments-prod and catalog-prod.
    const managed = example('shared-vpc-fleet-in-service-project.yaml', 'managed').platform;
    // Created after mesh.googleapis.com is on in the fleet project (Prerequisites, via requireApi).
    expect(resources(managed, 'google_project_service_identity')).toContainEqual({
      provider: 'google-beta',
      project: 'payments-prod',
      service: 'mesh.googleapis.com',
      depends_on: [expect.stringMatching(/^google_project_service\.apis_mesh-googleapis-com_\w+$/)],
    });
    const grants = meshAgentGrants(managed);
    expect(grants.map((grant) => grant.project)).toEqual(['catalog-prod']);
    expect(grants[0].member).toMatch(/^serviceAccount:\$\{google_project_service_identity\.fleet-agent_mesh-agent_\w+\.email\}$/);
    // The fleet's own project (payments-prod) needs no cross-project grant; in-cluster needs none at all.
    const inCluster = example('shared-vpc-fleet-in-service-project.yaml', 'in-cluster').platform;
    expect(meshAgentGrants(inCluster)).toEqual([]);
    expect(resources(inCluster, 'google_project_service_identity').map((identity) => identity.service)).toEqual(['gkehub.googleapis.com']);
  });

  it('grants nothing to the mesh agent when the fleet and the clusters share one project', () => {
    expect(meshAgentGrants(synthAll(config(`${TWO_PROJECTS}asm: { mode: managed }\n`)).platform)).toEqual([]);
  });

  it("runs the fleet feature in the fleet project and trusts every project's pool", () => {
    // The example in managed mode, loaded as the app loads it (which places the overlays).
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'shared-vpc.yaml'), 'utf8').replace('mode: in-cluster', 'mode: managed');
    const managed = synthAll(parseConfig(text, { source: 'shared-vpc.yaml', baseDir: path.join(REPO_ROOT, 'examples') }));
    expect(resources(managed.mesh, 'google_gke_hub_feature')).toEqual([{ project: 'mesh-fleet-prod', name: 'servicemesh', location: 'global' }]);
    for (const membership of resources(managed.mesh, 'google_gke_hub_feature_membership')) expect(membership.project).toBe('mesh-fleet-prod');
    const mesh = resources(managed.mesh, 'kubernetes_config_map_v1_data').find((m) => (m.metadata as { name: string }).name === 'istio-asm-managed')!;
    expect((mesh.data as { mesh: string }).mesh).toContain(
      'trustDomainAliases:\n  - mesh-fleet-prod.svc.id.goog\n  - payments-prod.svc.id.goog\n  - catalog-prod.svc.id.goog\n',
    );
  });
});

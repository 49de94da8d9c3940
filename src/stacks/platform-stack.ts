import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { Aspects, type ITerraformDependable, TerraformOutput, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import { CloudNat } from '../../lib/network/cloud-nat';
import { ClusterPlacementLock } from '../../lib/cluster/cluster-placement-lock';
import { Prerequisites } from '../../lib/core/prerequisites';
import type { CloudSqlPostgres } from '../../lib/data/cloud-sql-postgres';
import { MeshFirewall } from '../../lib/network/mesh-firewall';
import { MeshNetwork, POD_RANGE_NAME, SERVICE_RANGE_NAME } from '../../lib/network/mesh-network';
import { NodeServiceAccount } from '../../lib/cluster/node-service-account';
import type { AutopilotCluster } from '../../lib/cluster/autopilot-cluster';
import { PrivateCluster } from '../../lib/cluster/private-cluster';
import { ProjectServices } from '../../lib/project/project-services';
import { TeardownStep } from '../../lib/core/teardown-step';
import type { MeshConfig } from '../config/types';
import * as loadFeature from '../features/load';
import { GOOGLE_MANAGED_BY } from '../../lib/core/mesh-conventions';

/** Every API the app's stacks use, enabled once here. */
export const REQUIRED_APIS = [
  'binaryauthorization.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'compute.googleapis.com',
  'container.googleapis.com',
  'gkeconnect.googleapis.com',
  'gkehub.googleapis.com',
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'logging.googleapis.com',
  'mesh.googleapis.com',
  'meshca.googleapis.com',
  'meshconfig.googleapis.com',
  'monitoring.googleapis.com',
  'cloudtrace.googleapis.com',
];

/** Enabled only when the feature that needs them is on. */
export const CLOUD_SQL_APIS = ['servicenetworking.googleapis.com', 'sqladmin.googleapis.com'];
export const SECRET_MANAGER_APIS = ['secretmanager.googleapis.com'];

export interface PlatformStackProps {
  readonly config: MeshConfig;
}

/**
 * The Google side of the mesh: APIs, the VPC with one subnet per cluster, NAT per region,
 * the mesh firewall rules, and the private clusters registered to the fleet.
 */
export class PlatformStack extends TerraformStack {
  public readonly network: MeshNetwork;
  public readonly firewall: MeshFirewall;
  /** Clusters by name. */
  public readonly clusters: ReadonlyMap<string, PrivateCluster | AutopilotCluster>;
  /** `proj-<project number>`: the mesh ID ASM expects. */
  public readonly meshId: string;
  /** Present when `cloudSql.enabled`. */
  public readonly postgres?: CloudSqlPostgres;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config } = props;
    new GoogleProvider(this, 'google', {
      project: config.project,
      region: config.region,
      defaultLabels: { ...GOOGLE_MANAGED_BY, mesh: config.network.name },
    });

    // Every project involved gets the APIs (one project in the default layout).
    const services = [
      ...REQUIRED_APIS,
      ...(config.cloudSql.enabled ? CLOUD_SQL_APIS : []),
      ...(config.ingress.certificate.kind === 'secret-manager' ? SECRET_MANAGER_APIS : []),
    ];
    const apisByProject = new Map(
      config.mesh.projects.map((project) => [
        project,
        new ProjectServices(this, project === config.project ? 'apis' : `apis-${project}`, { project, services }),
      ]),
    );
    const apis = { enabled: [...apisByProject.values()].flatMap((enabled) => enabled.enabled) };
    const projectData = new Map<string, DataGoogleProject>();
    const projectNumber = (project: string) => {
      if (!projectData.has(project)) {
        projectData.set(project, new DataGoogleProject(this, project === config.project ? 'project' : `project-${project}`, { projectId: project }));
      }
      return projectData.get(project)!.number;
    };
    // One fleet, one mesh: the ID ASM expects is the fleet host project's number.
    this.meshId = config.mesh.meshId(projectNumber(config.fleetProject));

    this.network = new MeshNetwork(this, 'network', {
      project: config.network.project,
      name: config.network.name,
      dependsOn: [...apis.enabled],
      subnets: config.clusters.map((cluster) => ({
        name: cluster.subnetName,
        region: cluster.region,
        cidr: cluster.subnetCidr,
        podCidr: cluster.podCidr,
        serviceCidr: cluster.serviceCidr,
      })),
    });

    for (const { region, routerName } of config.mesh.regions) {
      new CloudNat(this, `nat-${region}`, {
        project: config.network.project,
        network: this.network.networkId,
        region,
        name: routerName,
      });
    }

    this.firewall = new MeshFirewall(this, 'firewall', {
      project: config.network.project,
      network: this.network.networkId,
      namePrefix: config.network.name,
      // A cluster leaving the mesh gets no mesh traffic, and sends none.
      nodeTags: config.mesh.members.map((cluster) => cluster.nodeTag),
      controlPlaneCidrs: config.mesh.members.map((cluster) => cluster.masterCidr),
      podCidrs: config.mesh.members.map((cluster) => cluster.podCidr),
      subnetCidrs: config.mesh.members.map((cluster) => cluster.subnetCidr),
    });

    const sharedVpc = config.network.hostProject
      ? loadFeature.sharedVpc().addSharedVpc(this, config, config.network.hostProject, projectNumber, this.network, apis.enabled)
      : undefined;

    const fleetAgent = config.mesh.foreignClusterProjects.length > 0 ? loadFeature.crossProjectFleet().addFleetServiceAgent(this, config) : undefined;

    // At destroy: after the clusters, before the subnets and the VPC, no load balancer object of GKE's is left.
    const loadBalancersGone = new TeardownStep(this, 'teardown-load-balancers', {
      step: 'network-clean',
      input: {
        network: this.network.networkId,
        network_project: config.network.project,
        projects: [...new Set([config.network.project, ...config.clusters.map((cluster) => cluster.project)])].join(' '),
      },
      dependsOn: [...this.network.subnets.values()],
    });

    const clusters = new Map<string, PrivateCluster | AutopilotCluster>();
    for (const cluster of config.clusters) {
      const nodes = new NodeServiceAccount(this, `nodes-${cluster.name}`, {
        project: cluster.project,
        accountId: cluster.nodeServiceAccountId,
        displayName: `GKE nodes of mesh cluster ${cluster.name}`,
      });
      // istiod in every other cluster reads this API server for endpoint discovery.
      const peerPodRanges = cluster.peers.map((peer) => ({ cidr: peer.podCidr, displayName: `mesh pods of ${peer.name}` }));
      // Standard and Autopilot clusters get the same access, identity, channel, fleet and mesh label.
      const common = {
        project: cluster.project,
        fleetProject: config.fleetProject,
        name: cluster.name,
        location: cluster.location,
        releaseChannel: cluster.releaseChannel,
        network: this.network.networkId,
        subnetwork: this.network.subnet(cluster.subnetName).id,
        podRangeName: POD_RANGE_NAME,
        serviceRangeName: SERVICE_RANGE_NAME,
        masterCidr: cluster.masterCidr,
        privateEndpoint: cluster.privateEndpoint,
        authorizedNetworks: [...config.authorizedNetworks.map((entry) => ({ cidr: entry.cidr, displayName: entry.name })), ...peerPodRanges],
        nodeServiceAccount: nodes.email,
        nodeTags: [cluster.nodeTag],
        labels: { mesh_id: this.meshId },
        deletionProtection: config.deletionProtection,
        rbacSecurityGroup: config.rbacSecurityGroup,
        dependsOn: [
          ...apis.enabled,
          ...nodes.grants,
          ...(sharedVpc?.grants ?? []),
          ...(fleetAgent?.grants.get(cluster.project) ?? []),
          loadBalancersGone.resource,
        ],
      };
      const privateCluster = cluster.autopilot
        ? loadFeature.autopilot().addAutopilotCluster(this, `cluster-${cluster.name}`, common)
        : new PrivateCluster(this, `cluster-${cluster.name}`, { ...common, nodePools: cluster.nodePools });
      clusters.set(cluster.name, privateCluster);
      // Nothing that would replace the running cluster or its subnet reaches a plan (docs/cluster-lifecycle.md).
      new ClusterPlacementLock(this, `placement-lock-${cluster.name}`, {
        clusterName: cluster.name,
        slot: cluster.slot,
        placement: {
          project: cluster.project,
          location: cluster.location,
          network: config.network.name,
          subnetCidr: cluster.subnetCidr,
          podCidr: cluster.podCidr,
          serviceCidr: cluster.serviceCidr,
          masterCidr: cluster.masterCidr,
        },
      });

      new TerraformOutput(this, `cluster_${cluster.name.replace(/-/g, '_')}`, {
        description: `Cluster ${cluster.name}: name, location, endpoints and the command for a kubectl context.`,
        value: {
          name: cluster.name,
          location: cluster.location,
          endpoint: privateCluster.endpoint,
          private_endpoint: privateCluster.privateEndpoint,
          get_credentials: cluster.getCredentialsCommand,
        },
      });
    }
    this.clusters = clusters;

    if (config.cloudSql.enabled) this.postgres = loadFeature.cloudSql().addCloudSql(this, config, this.network, apisByProject.get(config.project)!);

    // Every google resource here waits for its API, and pool bindings for a cluster of the pool.
    const workloadPools = new Map<string, ITerraformDependable>();
    for (const cluster of config.clusters) if (!workloadPools.has(cluster.project)) workloadPools.set(cluster.project, clusters.get(cluster.name)!.cluster);
    Aspects.of(this).add(
      new Prerequisites({
        apis: new Map([...apisByProject].map(([project, enabled]) => [project, enabled.byName])),
        defaultProject: config.project,
        workloadPools,
      }),
    );
  }
}

import { ComputeSharedVpcHostProject } from '@cdktf/provider-google/lib/compute-shared-vpc-host-project';
import { ComputeSharedVpcServiceProject } from '@cdktf/provider-google/lib/compute-shared-vpc-service-project';
import { ComputeSubnetworkIamMember } from '@cdktf/provider-google/lib/compute-subnetwork-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { requireApi } from './prerequisites';
import { projectId } from './rules';
import { check, requireLabel, requireProp } from './validate';

export interface SharedVpcSubnet {
  /** Subnet name, in the host project. */
  readonly name: string;
  readonly region: string;
  /**
   * The subnet resource's `name` attribute: the grants then wait for the subnet.
   * @default name, for a subnet that already exists
   */
  readonly reference?: string;
}

export interface SharedVpcServiceProject {
  readonly project: string;
  /** The project's number (a reference is fine), which names its service agents. */
  readonly projectNumber: string;
  /** The host subnets its clusters use. */
  readonly subnets: readonly SharedVpcSubnet[];
}

/** Grants to a project's GKE agent wait for its container.googleapis.com. */
function requireApiOf<T extends ProjectIamMember>(grant: T, project: string): T {
  requireApi(grant, project, 'container.googleapis.com');
  return grant;
}

export interface SharedVpcProps {
  readonly hostProject: string;
  readonly serviceProjects: readonly SharedVpcServiceProject[];
  /**
   * Let each project's GKE service agent manage the firewall rules its load balancers need,
   * instead of pre-creating them.
   * @default true
   */
  readonly grantFirewallAdmin?: boolean;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** Roles GKE's service agent needs on the host project (Shared VPC for GKE docs). */
export const HOST_PROJECT_ROLES = ['roles/container.hostServiceAgentUser'];
export const FIREWALL_ADMIN_ROLE = 'roles/compute.securityAdmin';
export const SUBNET_ROLE = 'roles/compute.networkUser';

/**
 * A Shared VPC: the host project enabled, each service project attached, and on the host the
 * grants GKE needs to run clusters of the service projects on its subnets: network user on
 * each subnet for the project's GKE and Google APIs service agents, host service agent user,
 * and (by default) security admin so GKE creates its load balancers' firewall rules.
 */
export class SharedVpc extends Construct {
  public readonly host: ComputeSharedVpcHostProject;
  public readonly attachments: readonly ComputeSharedVpcServiceProject[];
  /** Every grant, for `dependsOn`: clusters must not start before them. */
  public readonly grants: readonly (ProjectIamMember | ComputeSubnetworkIamMember)[];

  constructor(scope: Construct, id: string, props: SharedVpcProps) {
    super(scope, id);
    check('SharedVpc', 'hostProject', props.hostProject, projectId);
    requireProp(props.serviceProjects.length > 0, 'SharedVpc', 'serviceProjects', 'must list at least one service project');
    const projects = props.serviceProjects.map((service) => service.project);
    requireProp(new Set(projects).size === projects.length, 'SharedVpc', 'serviceProjects', `must list each project once, got ${projects.join(', ')}`);
    props.serviceProjects.forEach((service, index) => {
      check('SharedVpc', `serviceProjects[${index}].project`, service.project, projectId);
      requireProp(service.project !== props.hostProject, 'SharedVpc', `serviceProjects[${index}].project`, 'must differ from the host project');
      service.subnets.forEach((subnet, subnetIndex) => requireLabel(subnet.name, 63, 'SharedVpc', `serviceProjects[${index}].subnets[${subnetIndex}].name`));
    });

    this.host = new ComputeSharedVpcHostProject(this, 'host', { project: props.hostProject, dependsOn: props.dependsOn });
    const grants: (ProjectIamMember | ComputeSubnetworkIamMember)[] = [];
    this.attachments = props.serviceProjects.map((service) => {
      const attachment = new ComputeSharedVpcServiceProject(this, `attach-${service.project}`, {
        hostProject: props.hostProject,
        serviceProject: service.project,
        dependsOn: [this.host],
      });
      requireApi(attachment, service.project, 'compute.googleapis.com');
      const gke = `serviceAccount:service-${service.projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
      const googleApis = `serviceAccount:${service.projectNumber}@cloudservices.gserviceaccount.com`;
      for (const subnet of service.subnets) {
        for (const [agent, member, api] of [
          ['gke', gke, 'container.googleapis.com'],
          ['cloudservices', googleApis, 'compute.googleapis.com'],
        ] as const) {
          const grant = new ComputeSubnetworkIamMember(this, `network-user-${service.project}-${subnet.name}-${agent}`, {
            project: props.hostProject,
            region: subnet.region,
            subnetwork: subnet.reference ?? subnet.name,
            role: SUBNET_ROLE,
            member,
          });
          // The agent exists only once its API is on in the service project.
          requireApi(grant, service.project, api);
          grants.push(grant);
        }
      }
      const hostRoles = [...HOST_PROJECT_ROLES, ...((props.grantFirewallAdmin ?? true) ? [FIREWALL_ADMIN_ROLE] : [])];
      for (const role of hostRoles) {
        grants.push(
          requireApiOf(
            new ProjectIamMember(this, `${service.project}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`, {
              project: props.hostProject,
              role,
              member: gke,
              dependsOn: [attachment],
            }),
            service.project,
          ),
        );
      }
      return attachment;
    });
    this.grants = grants;
  }
}

import { ComputeSharedVpcHostProject } from '@cdktf/provider-google/lib/compute-shared-vpc-host-project';
import { ComputeSharedVpcServiceProject } from '@cdktf/provider-google/lib/compute-shared-vpc-service-project';
import { ComputeSubnetworkIamMember } from '@cdktf/provider-google/lib/compute-subnetwork-iam-member';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { type ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { requireApi } from '../core/prerequisites';
import { projectId } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';

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
   * Let each project's GKE service agent manage the firewall rules its load balancers need
   * (through FIREWALL_MANAGER_ROLE_ID, a custom role on the host), instead of pre-creating them.
   * @default true
   */
  readonly grantFirewallManagement?: boolean;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** Roles GKE's service agent needs on the host project (Shared VPC for GKE docs). */
export const HOST_PROJECT_ROLES = ['roles/container.hostServiceAgentUser'];
export const SUBNET_ROLE = 'roles/compute.networkUser';

/**
 * The permissions GKE's service agent needs to manage its load balancers' firewall rules in a
 * host project (GKE docs, Shared VPC, "Managing firewall resources"), instead of the whole of
 * roles/compute.securityAdmin (checkov CKV_GCP_42 flags admin roles for service accounts).
 */
export const FIREWALL_MANAGER_PERMISSIONS = [
  'compute.firewalls.create',
  'compute.firewalls.delete',
  'compute.firewalls.get',
  'compute.firewalls.list',
  'compute.firewalls.update',
  'compute.networks.updatePolicy',
] as const;
export const FIREWALL_MANAGER_ROLE_ID = 'gkeFirewallManager';
/** What earlier releases granted instead; its grants are replaced create-before-destroy. */
export const PREVIOUS_FIREWALL_ROLE = 'roles/compute.securityAdmin';

/** A host-project grant's construct ID, from the role it grants. */
function grantId(project: string, role: string): string {
  return `${project}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`;
}

/**
 * A Shared VPC: the host project enabled, each service project attached, and on the host the
 * grants GKE needs to run clusters of the service projects on its subnets: network user on
 * each subnet for the project's GKE and Google APIs service agents, host service agent user,
 * and (by default) a custom role with only the firewall permissions GKE needs to create its load
 * balancers' firewall rules.
 */
export class SharedVpc extends Construct {
  public readonly host: ComputeSharedVpcHostProject;
  public readonly attachments: readonly ComputeSharedVpcServiceProject[];
  /** Every grant, for `dependsOn`: clusters must not start before them. */
  public readonly grants: readonly (ProjectIamMember | ComputeSubnetworkIamMember)[];
  /** The host's firewall role for GKE, unless firewall management is off. */
  public readonly firewallManagerRole?: ProjectIamCustomRole;

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
    if (props.grantFirewallManagement ?? true) {
      this.firewallManagerRole = new ProjectIamCustomRole(this, 'gke-firewall-manager', {
        project: props.hostProject,
        roleId: FIREWALL_MANAGER_ROLE_ID,
        title: 'GKE firewall manager (Shared VPC)',
        description: "Lets service projects' GKE service agents manage their load balancers' firewall rules on this host.",
        permissions: [...FIREWALL_MANAGER_PERMISSIONS],
      });
    }
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
      for (const role of HOST_PROJECT_ROLES) {
        grants.push(
          requireApiOf(
            new ProjectIamMember(this, grantId(service.project, role), { project: props.hostProject, role, member: gke, dependsOn: [attachment] }),
            service.project,
          ),
        );
      }
      if (this.firewallManagerRole) grants.push(this.grantFirewallManager(props.hostProject, service.project, gke, attachment));
      return attachment;
    });
    this.grants = grants;
  }

  /**
   * The firewall role for one project's GKE agent. Meshes deployed by an earlier release granted
   * roles/compute.securityAdmin at another address: the moved block carries that grant over, and
   * create-before-destroy adds the new binding before the old one goes, so GKE can manage its
   * firewall rules at every moment of the apply.
   */
  private grantFirewallManager(hostProject: string, project: string, member: string, attachment: ComputeSharedVpcServiceProject): ProjectIamMember {
    const grant = new ProjectIamMember(this, `${project}-gke-firewall-manager`, {
      project: hostProject,
      role: this.firewallManagerRole!.id,
      member,
      dependsOn: [attachment],
      lifecycle: { createBeforeDestroy: true },
    });
    const previousAddress = new Construct(this, grantId(project, PREVIOUS_FIREWALL_ROLE));
    grant.moveFromId(`google_project_iam_member.${TerraformStack.of(this).getLogicalId(previousAddress.node)}`);
    return requireApiOf(grant, project);
  }
}

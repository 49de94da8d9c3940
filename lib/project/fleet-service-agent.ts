import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ProjectServiceIdentity } from './project-service-identity';
import { projectId } from '../core/rules';
import { check, requireProp } from '../core/validate';

/** What the fleet project's Hub agent needs in a cluster project to register its clusters. */
export const FLEET_AGENT_ROLES = ['roles/gkehub.serviceAgent', 'roles/gkehub.crossProjectServiceAgent'];

/**
 * What the fleet project's Cloud Service Mesh agent (`service-<fleet number>@gcp-sa-servicemesh`)
 * needs in a cluster project to run a managed control plane there (Cloud Service Mesh docs,
 * managed/provision-managed-anthos-service-mesh, multi-project step "Grant service accounts in the
 * fleet project permission to access the cluster project"; anthos-service-mesh-packages#1417).
 */
export const MESH_AGENT_ROLE = 'roles/anthosservicemesh.serviceAgent';

export interface FleetServiceAgentProps {
  /** A {@link GoogleBetaProvider}, for the agent's creation. */
  readonly betaProvider: TerraformProvider;
  /** The fleet host project. */
  readonly fleetProject: string;
  /** Projects whose clusters register to that fleet; the fleet project itself needs no grant. */
  readonly clusterProjects: readonly string[];
  /**
   * The mesh is managed (fleet feature): also create the fleet project's Cloud Service Mesh agent
   * and grant it {@link MESH_AGENT_ROLE} in each cluster project.
   * @default false
   */
  readonly managedMesh?: boolean;
}

/**
 * Lets a fleet register clusters of other projects: creates the fleet project's GKE Hub service
 * agent (it otherwise appears only on first use) and grants it the Hub agent roles in each
 * cluster project, as terraform-google-modules' `fleet_project_grant_service_agent` does.
 * Without them GKE refuses the registration. For a managed mesh, does the same for the fleet
 * project's Cloud Service Mesh agent, without which the managed control plane cannot act in
 * the cluster project.
 */
export class FleetServiceAgent extends Construct {
  public readonly identity: ProjectServiceIdentity;
  /** Grants by cluster project: that project's clusters depend on them. */
  public readonly grants: ReadonlyMap<string, readonly ProjectIamMember[]>;
  /** With `managedMesh`: the fleet project's Cloud Service Mesh agent. */
  public readonly meshIdentity?: ProjectServiceIdentity;
  /** With `managedMesh`: its grant by cluster project (the mesh stack, applied later, needs them). */
  public readonly meshGrants: ReadonlyMap<string, ProjectIamMember>;

  constructor(scope: Construct, id: string, props: FleetServiceAgentProps) {
    super(scope, id);
    check('FleetServiceAgent', 'fleetProject', props.fleetProject, projectId);
    props.clusterProjects.forEach((project, index) => {
      check('FleetServiceAgent', `clusterProjects[${index}]`, project, projectId);
      requireProp(project !== props.fleetProject, 'FleetServiceAgent', `clusterProjects[${index}]`, 'must differ from fleetProject');
    });
    requireProp(new Set(props.clusterProjects).size === props.clusterProjects.length, 'FleetServiceAgent', 'clusterProjects', 'must list each project once');
    this.identity = new ProjectServiceIdentity(this, 'hub-agent', {
      provider: props.betaProvider,
      project: props.fleetProject,
      service: 'gkehub.googleapis.com',
    });
    this.grants = new Map(props.clusterProjects.map((project) => [project, FLEET_AGENT_ROLES.map((role) => this.grant(project, role, this.identity))]));
    const meshIdentity = props.managedMesh
      ? new ProjectServiceIdentity(this, 'mesh-agent', { provider: props.betaProvider, project: props.fleetProject, service: 'mesh.googleapis.com' })
      : undefined;
    this.meshIdentity = meshIdentity;
    this.meshGrants = new Map(meshIdentity ? props.clusterProjects.map((project) => [project, this.grant(project, MESH_AGENT_ROLE, meshIdentity)]) : []);
  }

  private grant(project: string, role: string, agent: ProjectServiceIdentity): ProjectIamMember {
    return new ProjectIamMember(this, `${project}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`, { project, role, member: agent.member });
  }
}

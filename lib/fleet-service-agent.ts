import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ProjectServiceIdentity } from './project-service-identity';
import { projectId } from './rules';
import { check, requireProp } from './validate';

/** What the fleet project's Hub agent needs in a cluster project to register its clusters. */
export const FLEET_AGENT_ROLES = ['roles/gkehub.serviceAgent', 'roles/gkehub.crossProjectServiceAgent'];

export interface FleetServiceAgentProps {
  /** A {@link GoogleBetaProvider}, for the agent's creation. */
  readonly betaProvider: TerraformProvider;
  /** The fleet host project. */
  readonly fleetProject: string;
  /** Projects whose clusters register to that fleet; the fleet project itself needs no grant. */
  readonly clusterProjects: readonly string[];
}

/**
 * Lets a fleet register clusters of other projects: creates the fleet project's GKE Hub service
 * agent (it otherwise appears only on first use) and grants it the Hub agent roles in each
 * cluster project, as terraform-google-modules' `fleet_project_grant_service_agent` does.
 * Without them GKE refuses the registration.
 */
export class FleetServiceAgent extends Construct {
  public readonly identity: ProjectServiceIdentity;
  /** Grants by cluster project: that project's clusters depend on them. */
  public readonly grants: ReadonlyMap<string, readonly ProjectIamMember[]>;

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
    this.grants = new Map(
      props.clusterProjects.map((project) => [
        project,
        FLEET_AGENT_ROLES.map(
          (role) =>
            new ProjectIamMember(this, `${project}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`, {
              project,
              role,
              member: this.identity.member,
            }),
        ),
      ]),
    );
  }
}

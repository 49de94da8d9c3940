import { FLEET_AGENT_ROLES, FleetServiceAgent, MESH_AGENT_ROLE } from '../../../lib/project/fleet-service-agent';
import { GoogleBetaProvider } from '../../../lib/project/google-beta-provider';
import { resources, synth, testStack } from '../../helpers';

function agentStack(managedMesh?: boolean) {
  const stack = testStack();
  const agent = new FleetServiceAgent(stack, 'fleet-agent', {
    betaProvider: new GoogleBetaProvider(stack, 'beta', { project: 'fleet-project', region: 'us-central1' }),
    fleetProject: 'fleet-project',
    clusterProjects: ['cluster-one', 'cluster-two'],
    ...(managedMesh === undefined ? {} : { managedMesh }),
  });
  return { agent, json: synth(stack) };
}

const MESH_AGENT_MEMBER = /^serviceAccount:\$\{google_project_service_identity\.fleet-agent_mesh-agent_\w+\.email\}$/;

describe('FleetServiceAgent with a managed mesh', () => {
  const { agent, json } = agentStack(true);

  it("creates the fleet project's Cloud Service Mesh agent with google-beta", () => {
    expect(resources(json, 'google_project_service_identity')).toContainEqual({
      provider: 'google-beta',
      project: 'fleet-project',
      service: 'mesh.googleapis.com',
    });
    expect(agent.meshIdentity).toBeDefined();
  });

  it('grants it roles/anthosservicemesh.serviceAgent in each cluster project, once', () => {
    const grants = resources(json, 'google_project_iam_member').filter((grant) => grant.role === MESH_AGENT_ROLE);
    expect(grants.map((grant) => grant.project).sort()).toEqual(['cluster-one', 'cluster-two']);
    for (const grant of grants) expect(grant.member).toMatch(MESH_AGENT_MEMBER);
    expect([...agent.meshGrants.keys()]).toEqual(['cluster-one', 'cluster-two']);
  });

  it("keeps the Hub agent's grants as they were", () => {
    const hubGrants = resources(json, 'google_project_iam_member').filter((grant) => grant.role !== MESH_AGENT_ROLE);
    expect(hubGrants.map((grant) => `${grant.project} ${grant.role}`).sort()).toEqual(
      ['cluster-one', 'cluster-two'].flatMap((project) => FLEET_AGENT_ROLES.map((role) => `${project} ${role}`)).sort(),
    );
  });
});

describe.each([
  ['by default', undefined],
  ['for an in-cluster mesh', false],
])('FleetServiceAgent %s', (_label, managedMesh) => {
  const { agent, json } = agentStack(managedMesh);

  it('creates no mesh agent and grants it nothing', () => {
    expect(resources(json, 'google_project_service_identity').map((identity) => identity.service)).toEqual(['gkehub.googleapis.com']);
    expect(resources(json, 'google_project_iam_member').filter((grant) => grant.role === MESH_AGENT_ROLE)).toEqual([]);
    expect(agent.meshIdentity).toBeUndefined();
    expect(agent.meshGrants.size).toBe(0);
  });
});

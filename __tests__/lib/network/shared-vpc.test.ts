import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { Construct } from 'constructs';
import {
  FIREWALL_MANAGER_PERMISSIONS,
  FIREWALL_MANAGER_ROLE_ID,
  HOST_PROJECT_ROLES,
  PREVIOUS_FIREWALL_ROLE,
  SharedVpc,
  type SharedVpcProps,
  SUBNET_ROLE,
} from '../../../lib/network/shared-vpc';
import { resources, scope, synth, testStack } from '../../helpers';

const PROPS: SharedVpcProps = {
  hostProject: 'host-project',
  serviceProjects: [
    { project: 'service-one', projectNumber: '111', subnets: [{ name: 'mesh-a1', region: 'us-central1' }] },
    {
      project: 'service-two',
      projectNumber: '222',
      subnets: [
        { name: 'mesh-b1', region: 'europe-west4' },
        { name: 'mesh-c1', region: 'us-east1' },
      ],
    },
  ],
};

describe('SharedVpc', () => {
  const stack = testStack();
  const shared = new SharedVpc(stack, 'shared', PROPS);
  const json = synth(stack);

  it('enables the host project and attaches every service project to it', () => {
    expect(resources(json, 'google_compute_shared_vpc_host_project')).toEqual([{ project: 'host-project' }]);
    const attachments = resources(json, 'google_compute_shared_vpc_service_project');
    expect(attachments.map((a) => a.service_project)).toEqual(['service-one', 'service-two']);
    // A literal host, so Prerequisites can order the host's APIs first; it still waits for the host.
    for (const attachment of attachments) {
      expect(attachment.host_project).toBe('host-project');
      expect(attachment.depends_on).toEqual([expect.stringMatching(/^google_compute_shared_vpc_host_project\.shared_host_\w+$/)]);
    }
    expect(shared.attachments).toHaveLength(2);
  });

  it('grants network user on each subnet to both service agents of the project that uses it', () => {
    const grants = resources(json, 'google_compute_subnetwork_iam_member').map((g) => [g.subnetwork, g.region, g.member, g.role, g.project]);
    expect(grants.sort()).toEqual(
      [
        ['mesh-a1', 'us-central1', 'serviceAccount:111@cloudservices.gserviceaccount.com', SUBNET_ROLE, 'host-project'],
        ['mesh-a1', 'us-central1', 'serviceAccount:service-111@container-engine-robot.iam.gserviceaccount.com', SUBNET_ROLE, 'host-project'],
        ['mesh-b1', 'europe-west4', 'serviceAccount:222@cloudservices.gserviceaccount.com', SUBNET_ROLE, 'host-project'],
        ['mesh-b1', 'europe-west4', 'serviceAccount:service-222@container-engine-robot.iam.gserviceaccount.com', SUBNET_ROLE, 'host-project'],
        ['mesh-c1', 'us-east1', 'serviceAccount:222@cloudservices.gserviceaccount.com', SUBNET_ROLE, 'host-project'],
        ['mesh-c1', 'us-east1', 'serviceAccount:service-222@container-engine-robot.iam.gserviceaccount.com', SUBNET_ROLE, 'host-project'],
      ].sort(),
    );
  });

  it('grants each GKE agent host service agent user and the firewall manager role on the host', () => {
    const grants = resources(json, 'google_project_iam_member').map((m) => [m.project, m.role, m.member]);
    const agents = ['111', '222'].map((n) => `serviceAccount:service-${n}@container-engine-robot.iam.gserviceaccount.com`);
    const firewallRole = expect.stringMatching(/^\$\{google_project_iam_custom_role\.shared_gke-firewall-manager_\w+\.id\}$/);
    expect(grants).toEqual(
      expect.arrayContaining(
        agents.flatMap((agent) => [...HOST_PROJECT_ROLES.map((role) => ['host-project', role, agent]), ['host-project', firewallRole, agent]]),
      ),
    );
    expect(grants).toHaveLength(4);
    expect(shared.grants).toHaveLength(6 + 4);
  });

  it('defines one host custom role with only the firewall permissions GKE documents, never roles/compute.securityAdmin', () => {
    expect(resources(json, 'google_project_iam_custom_role')).toEqual([
      expect.objectContaining({ project: 'host-project', role_id: FIREWALL_MANAGER_ROLE_ID, permissions: [...FIREWALL_MANAGER_PERMISSIONS] }),
    ]);
    expect(resources(json, 'google_project_iam_member').map((m) => m.role)).not.toContain(PREVIOUS_FIREWALL_ROLE);
  });

  it("moves an earlier release's security admin grant to the new one and replaces it create-before-destroy", () => {
    // The address the grant had: a ProjectIamMember at the old construct path.
    const earlier = testStack();
    const oldGrant = new ProjectIamMember(new Construct(earlier, 'shared'), 'service-one-compute-securityAdmin', {
      project: 'host-project',
      role: PREVIOUS_FIREWALL_ROLE,
      member: 'serviceAccount:service-111@container-engine-robot.iam.gserviceaccount.com',
    });
    const oldAddress = `google_project_iam_member.${earlier.getLogicalId(oldGrant)}`;
    const grants = Object.entries(json.resource?.google_project_iam_member as Record<string, Record<string, unknown>>).filter(([, body]) =>
      String(body.role).includes('gke-firewall-manager'),
    );
    expect(grants).toHaveLength(2);
    for (const [, body] of grants) expect(body.lifecycle).toEqual({ create_before_destroy: true });
    const moved = (json as { moved?: { from: string; to: string }[] }).moved ?? [];
    expect(moved).toContainEqual({ from: oldAddress, to: expect.stringMatching(/^google_project_iam_member\.shared_service-one-gke-firewall-manager_\w+$/) });
    expect(moved).toHaveLength(2);
  });

  it('leaves out the firewall role and its grants when firewall rules are pre-created', () => {
    const other = testStack();
    new SharedVpc(other, 'shared', { ...PROPS, grantFirewallManagement: false });
    const otherJson = synth(other);
    expect(resources(otherJson, 'google_project_iam_member').map((m) => m.role)).toEqual([
      'roles/container.hostServiceAgentUser',
      'roles/container.hostServiceAgentUser',
    ]);
    expect(resources(otherJson, 'google_project_iam_custom_role')).toEqual([]);
  });

  describe('validation', () => {
    const attempt = (overrides: Partial<SharedVpcProps>) => () => new SharedVpc(scope(), 'shared', { ...PROPS, ...overrides });

    it.each([
      [
        { hostProject: 'Host' },
        'props.hostProject must be a GCP project ID (6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen), got "Host"',
      ],
      [{ serviceProjects: [] }, 'props.serviceProjects must list at least one service project'],
      [
        { serviceProjects: [PROPS.serviceProjects[0], PROPS.serviceProjects[0]] },
        'props.serviceProjects must list each project once, got service-one, service-one',
      ],
      [{ serviceProjects: [{ ...PROPS.serviceProjects[0], project: 'host-project' }] }, 'props.serviceProjects[0].project must differ from the host project'],
      [
        { serviceProjects: [{ ...PROPS.serviceProjects[0], project: 'x' }] },
        'props.serviceProjects[0].project must be a GCP project ID (6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen), got "x"',
      ],
      [
        { serviceProjects: [{ ...PROPS.serviceProjects[0], subnets: [{ name: 'Bad_Subnet', region: 'us-central1' }] }] },
        'props.serviceProjects[0].subnets[0].name must be an RFC 1035 label of at most 63 characters, got "Bad_Subnet"',
      ],
    ])('refuses %j', (overrides, message) => {
      expect(attempt(overrides as Partial<SharedVpcProps>)).toThrow(new Error(`SharedVpc: ${message}`));
    });
  });
});

import { FIREWALL_ADMIN_ROLE, HOST_PROJECT_ROLES, SharedVpc, type SharedVpcProps, SUBNET_ROLE } from '../../lib/shared-vpc';
import { resources, scope, synth, testStack } from '../helpers';

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

  it('grants each GKE agent host service agent user and security admin on the host', () => {
    const roles = resources(json, 'google_project_iam_member')
      .map((m) => `${m.project} ${m.role} ${m.member}`)
      .sort();
    expect(roles).toEqual(
      [...HOST_PROJECT_ROLES, FIREWALL_ADMIN_ROLE]
        .flatMap((role) => ['111', '222'].map((n) => `host-project ${role} serviceAccount:service-${n}@container-engine-robot.iam.gserviceaccount.com`))
        .sort(),
    );
    expect(shared.grants).toHaveLength(6 + 4);
  });

  it('leaves out security admin when firewall rules are pre-created', () => {
    const other = testStack();
    new SharedVpc(other, 'shared', { ...PROPS, grantFirewallAdmin: false });
    expect(resources(synth(other), 'google_project_iam_member').map((m) => m.role)).toEqual([
      'roles/container.hostServiceAgentUser',
      'roles/container.hostServiceAgentUser',
    ]);
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

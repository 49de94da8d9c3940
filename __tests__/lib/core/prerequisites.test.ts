import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Aspects, type TerraformStack } from 'cdktf';
import { FLEET_AGENT_ROLES, FleetServiceAgent } from '../../../lib/project/fleet-service-agent';
import { GoogleBetaProvider } from '../../../lib/project/google-beta-provider';
import { Prerequisites, requireApi, requiredApi } from '../../../lib/core/prerequisites';
import { ProjectServices } from '../../../lib/project/project-services';
import { resourceAt, synth, testStack } from '../../helpers';

function stackWithApis(services: string[]) {
  const stack = testStack();
  const apis = new ProjectServices(stack, 'apis', { project: 'test-project', services });
  return { stack, apis };
}

function apply(stack: TerraformStack, apis: ProjectServices, workloadPools = new Map()) {
  Aspects.of(stack).add(new Prerequisites({ apis: new Map([['test-project', apis.byName]]), defaultProject: 'test-project', workloadPools }));
}

describe('Prerequisites', () => {
  it('knows the API of every type by its longest prefix, and refuses an unknown google type', () => {
    expect(requiredApi('google_service_account')).toBe('iam.googleapis.com');
    expect(requiredApi('google_service_account_iam_member')).toBe('iam.googleapis.com');
    expect(requiredApi('google_project_iam_member')).toBe('cloudresourcemanager.googleapis.com');
    expect(requiredApi('google_project_service')).toBeNull();
    expect(() => requiredApi('google_pubsub_topic')).toThrow(/no API is known for google_pubsub_topic/);
  });

  it('makes a service account and its grant wait for the IAM and Resource Manager APIs', () => {
    const { stack, apis } = stackWithApis(['iam.googleapis.com', 'cloudresourcemanager.googleapis.com']);
    const account = new ServiceAccount(stack, 'account', { accountId: 'nodes-alpha' });
    new ProjectIamMember(stack, 'grant', { project: 'test-project', role: 'roles/logging.logWriter', member: account.member });
    apply(stack, apis);
    const json = synth(stack);
    expect(resourceAt(json, 'google_service_account', 'account').depends_on).toEqual([
      expect.stringMatching(/^google_project_service\.apis_iam-googleapis-com_\w+$/),
    ]);
    expect(resourceAt(json, 'google_project_iam_member', 'grant').depends_on).toEqual([
      expect.stringMatching(/^google_project_service\.apis_cloudresourcemanager-googleapis-com_\w+$/),
    ]);
  });

  it('adds an API recorded for another need, and lists nothing twice', () => {
    const { stack, apis } = stackWithApis(['cloudresourcemanager.googleapis.com', 'container.googleapis.com']);
    const grant = new ProjectIamMember(stack, 'grant', {
      project: 'test-project',
      role: 'roles/x',
      member: 'user:a@example.com',
      dependsOn: [apis.byName.get('container.googleapis.com')!],
    });
    requireApi(grant, 'test-project', 'container.googleapis.com');
    apply(stack, apis);
    expect(resourceAt(synth(stack), 'google_project_iam_member', 'grant').depends_on).toEqual([
      expect.stringMatching(/container-googleapis-com/),
      expect.stringMatching(/cloudresourcemanager-googleapis-com/),
    ]);
  });

  it('fails synth when the stack does not enable an API a resource needs', () => {
    const { stack, apis } = stackWithApis(['compute.googleapis.com']);
    new ServiceAccount(stack, 'account', { accountId: 'nodes-alpha' });
    apply(stack, apis);
    expect(() => synth(stack)).toThrow(/needs iam\.googleapis\.com in test-project, which this stack does not enable/);
  });

  it('makes a binding on a Workload Identity pool wait for a cluster of that project, and refuses an unknown pool', () => {
    const { stack, apis } = stackWithApis(['iam.googleapis.com']);
    const account = new ServiceAccount(stack, 'account', { accountId: 'sql-client' });
    new ServiceAccountIamMember(stack, 'wi', {
      serviceAccountId: account.name,
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:test-project.svc.id.goog[db/client]',
    });
    const cluster = new ServiceAccount(stack, 'stand-in-cluster', { accountId: 'stand-in' });
    apply(stack, apis, new Map([['test-project', cluster]]));
    expect(resourceAt(synth(stack), 'google_service_account_iam_member', 'wi').depends_on).toEqual([
      expect.stringMatching(/iam-googleapis-com/),
      expect.stringMatching(/^google_service_account\.stand-in-cluster(_\w+)?$/),
    ]);
    const other = stackWithApis(['iam.googleapis.com']);
    const account2 = new ServiceAccount(other.stack, 'account', { accountId: 'sql-client' });
    new ServiceAccountIamMember(other.stack, 'wi', {
      serviceAccountId: account2.name,
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:test-project.svc.id.goog[db/client]',
    });
    apply(other.stack, other.apis);
    expect(() => synth(other.stack)).toThrow(/no Workload Identity cluster of test-project is known/);
  });
});

describe('FleetServiceAgent', () => {
  const stack = testStack();
  const agent = new FleetServiceAgent(stack, 'fleet-agent', {
    betaProvider: new GoogleBetaProvider(stack, 'beta', { project: 'fleet-project', region: 'us-central1' }),
    fleetProject: 'fleet-project',
    clusterProjects: ['cluster-project'],
  });
  const json = synth(stack);

  it('creates the Hub agent with google-beta, and grants it both Hub roles in the cluster project', () => {
    expect(resourceAt(json, 'google_project_service_identity', 'fleet-agent/hub-agent')).toEqual({
      provider: 'google-beta',
      project: 'fleet-project',
      service: 'gkehub.googleapis.com',
    });
    expect((json.provider as Record<string, unknown>)['google-beta']).toEqual([{ project: 'fleet-project', region: 'us-central1' }]);
    const grants = agent.grants
      .get('cluster-project')!
      .map((grant) => resourceAt(json, 'google_project_iam_member', grant.node.path.split('/').slice(1).join('/')));
    expect(grants.map((grant) => grant.role)).toEqual(FLEET_AGENT_ROLES);
    for (const grant of grants)
      expect(grant).toMatchObject({
        project: 'cluster-project',
        member: expect.stringMatching(/^serviceAccount:\$\{google_project_service_identity\.fleet-agent_hub-agent_\w+\.email\}$/),
      });
  });

  it('refuses the fleet project among the cluster projects', () => {
    expect(
      () =>
        new FleetServiceAgent(testStack(), 'x', {
          betaProvider: new GoogleBetaProvider(testStack(), 'b', { project: 'fleet-project', region: 'r' }),
          fleetProject: 'fleet-project',
          clusterProjects: ['fleet-project'],
        }),
    ).toThrow('FleetServiceAgent: props.clusterProjects[0] must differ from fleetProject');
  });
});

import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { TerraformOutput, Token } from 'cdktf';
import { CLOUD_SQL_CLIENT_ROLES, CloudSqlIamClient, type CloudSqlIamClientProps } from '../../../lib/data/cloud-sql-iam-client';
import { CloudSqlPostgres } from '../../../lib/data/cloud-sql-postgres';
import { logicalId, resourceAt, resources, scope, synth, type SynthJson, testStack } from '../../helpers';

const BASE: CloudSqlIamClientProps = {
  project: 'test-project',
  instance: 'orders-db',
  accountId: 'orders-sql-client',
  kubernetesServiceAccount: 'orders/cloud-sql-client',
  workloadPool: 'test-project.svc.id.goog',
};
const TYPES = ['google_service_account', 'google_project_iam_member', 'google_sql_user', 'google_service_account_iam_member'];

/** The logical ID of the one resource of a type whose construct path is `<path>`. */
function build(props: Partial<CloudSqlIamClientProps> = {}) {
  const stack = testStack();
  const construct = new CloudSqlIamClient(stack, 'client', { ...BASE, ...props });
  new TerraformOutput(stack, 'email', { value: construct.email });
  return { construct, json: synth(stack) };
}

describe('CloudSqlIamClient', () => {
  it('exports exactly the Cloud SQL client and instance user roles', () => {
    expect(CLOUD_SQL_CLIENT_ROLES).toEqual(['roles/cloudsql.client', 'roles/cloudsql.instanceUser']);
  });

  describe('with base props', () => {
    let construct: CloudSqlIamClient;
    let json: SynthJson;
    let account: string;

    beforeAll(() => {
      ({ construct, json } = build());
      account = `google_service_account.${logicalId(json, 'google_service_account', 'client/account')}`;
    });

    it('creates one service account, two project IAM members, one SQL user and one Workload Identity binding', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual([...TYPES].sort());
      expect(resources(json, 'google_service_account')).toHaveLength(1);
      expect(resources(json, 'google_project_iam_member')).toHaveLength(2);
      expect(resources(json, 'google_sql_user')).toHaveLength(1);
      expect(resources(json, 'google_service_account_iam_member')).toHaveLength(1);
      expect(construct.account).toBeInstanceOf(ServiceAccount);
      expect(construct.user).toBeInstanceOf(SqlUser);
    });

    it('creates the service account, named after the Kubernetes service account', () => {
      expect(resourceAt(json, 'google_service_account', 'client/account')).toEqual({
        project: 'test-project',
        account_id: 'orders-sql-client',
        display_name: 'Cloud SQL client orders/cloud-sql-client',
      });
    });

    it("exposes email as a reference to the service account's email", () => {
      expect(Token.isUnresolved(construct.email)).toBe(true);
      expect(json.output?.email.value).toBe(`\${${account}.email}`);
    });

    it('grants the service account exactly roles/cloudsql.client and roles/cloudsql.instanceUser on the project', () => {
      expect(resources(json, 'google_project_iam_member')).toEqual([
        { project: 'test-project', role: 'roles/cloudsql.client', member: `\${${account}.member}` },
        { project: 'test-project', role: 'roles/cloudsql.instanceUser', member: `\${${account}.member}` },
      ]);
      expect(resourceAt(json, 'google_project_iam_member', 'client/cloudsql-client').role).toBe('roles/cloudsql.client');
      expect(resourceAt(json, 'google_project_iam_member', 'client/cloudsql-instanceUser').role).toBe('roles/cloudsql.instanceUser');
    });

    it('registers the IAM database user, the email without .gserviceaccount.com', () => {
      expect(resourceAt(json, 'google_sql_user', 'client/user')).toEqual({
        project: 'test-project',
        instance: 'orders-db',
        name: 'orders-sql-client@test-project.iam',
        type: 'CLOUD_IAM_SERVICE_ACCOUNT',
        // A user that owns objects cannot be dropped; the instance's delete takes it along.
        deletion_policy: 'ABANDON',
      });
      expect(resourceAt(json, 'google_sql_user', 'client/user')).not.toHaveProperty('password');
    });

    it('exposes databaseUser as a plain string', () => {
      expect(construct.databaseUser).toBe('orders-sql-client@test-project.iam');
      expect(Token.isUnresolved(construct.databaseUser)).toBe(false);
    });

    it('lets exactly the Kubernetes service account act as the service account through Workload Identity', () => {
      expect(resourceAt(json, 'google_service_account_iam_member', 'client/workload-identity')).toEqual({
        service_account_id: `\${${account}.name}`,
        role: 'roles/iam.workloadIdentityUser',
        member: 'serviceAccount:test-project.svc.id.goog[orders/cloud-sql-client]',
      });
    });

    it('has no depends_on', () => {
      for (const type of TYPES) for (const resource of resources(json, type)) expect(resource).not.toHaveProperty('depends_on');
    });
  });

  describe('in another project, on a CloudSqlPostgres instance', () => {
    let construct: CloudSqlIamClient;
    let json: SynthJson;

    beforeAll(() => {
      const stack = testStack();
      const postgres = new CloudSqlPostgres(stack, 'pg', {
        project: 'data-project',
        name: 'orders-db',
        region: 'europe-west1',
        privateNetwork: 'projects/net/global/networks/mesh',
      });
      construct = new CloudSqlIamClient(stack, 'client', {
        project: 'data-project',
        instance: postgres.instance.name,
        accountId: 'reporting',
        kubernetesServiceAccount: 'reports/reporter-1',
        workloadPool: 'mesh-host.svc.id.goog',
      });
      json = synth(stack);
    });

    it('derives the database user from the account ID and project', () => {
      expect(construct.databaseUser).toBe('reporting@data-project.iam');
      expect(resourceAt(json, 'google_sql_user', 'client/user').name).toBe('reporting@data-project.iam');
    });

    it('references the instance by name', () => {
      const instanceId = logicalId(json, 'google_sql_database_instance', 'pg/instance');
      expect(resourceAt(json, 'google_sql_user', 'client/user').instance).toBe(`\${google_sql_database_instance.${instanceId}.name}`);
    });

    it('grants the roles in the given project', () => {
      expect(resources(json, 'google_project_iam_member').map((member) => [member.project, member.role])).toEqual([
        ['data-project', 'roles/cloudsql.client'],
        ['data-project', 'roles/cloudsql.instanceUser'],
      ]);
    });

    it('binds the pool and namespace/name given', () => {
      expect(resourceAt(json, 'google_service_account_iam_member', 'client/workload-identity').member).toBe(
        'serviceAccount:mesh-host.svc.id.goog[reports/reporter-1]',
      );
      expect(resourceAt(json, 'google_service_account', 'client/account').display_name).toBe('Cloud SQL client reports/reporter-1');
    });
  });

  describe('validation', () => {
    const attempt = (overrides: Partial<CloudSqlIamClientProps>) => () => {
      new CloudSqlIamClient(scope(), 'client', { ...BASE, ...overrides });
    };

    it('accepts the base props', () => {
      expect(attempt({})).not.toThrow();
    });

    it.each(['', 'abcde', 'a'.repeat(31), 'Orders-client', '1orders-client', 'orders-client-', 'orders_client', 'orders.client', '-orders-client'])(
      'refuses the accountId %j',
      (accountId) => {
        expect(attempt({ accountId })).toThrow(
          new Error(`CloudSqlIamClient: props.accountId must be 6-30 lowercase letters, digits or hyphens, got "${accountId}"`),
        );
      },
    );

    it.each(['abcdef', 'a'.repeat(30), 'orders-sql-client', 'client-2', 'a1b2c3'])('accepts the accountId %j', (accountId) => {
      expect(attempt({ accountId })).not.toThrow();
    });

    it.each(['', 'cloud-sql-client', 'orders/cloud-sql-client/x', 'orders:cloud-sql-client'])(
      'refuses the kubernetesServiceAccount %j as not namespace/name',
      (kubernetesServiceAccount) => {
        expect(attempt({ kubernetesServiceAccount })).toThrow(
          new Error(`CloudSqlIamClient: props.kubernetesServiceAccount must be namespace/name, got "${kubernetesServiceAccount}"`),
        );
      },
    );

    it.each([
      ['Orders/cloud-sql-client', 'Orders'],
      ['orders/Cloud-Sql-Client', 'Cloud-Sql-Client'],
      ['/cloud-sql-client', ''],
      ['orders/', ''],
      ['orders/cloud_sql_client', 'cloud_sql_client'],
      ['orders-/client', 'orders-'],
      [`${'a'.repeat(64)}/client`, 'a'.repeat(64)],
      [`orders/${'a'.repeat(64)}`, 'a'.repeat(64)],
    ])('refuses the kubernetesServiceAccount %j for its label %j', (kubernetesServiceAccount, label) => {
      expect(attempt({ kubernetesServiceAccount })).toThrow(
        new Error(`CloudSqlIamClient: props.kubernetesServiceAccount must be an RFC 1035 label of at most 63 characters, got "${label}"`),
      );
    });

    it.each(['a/b', 'orders/cloud-sql-client', `${'a'.repeat(63)}/${'b'.repeat(63)}`])(
      'accepts the kubernetesServiceAccount %j',
      (kubernetesServiceAccount) => {
        expect(attempt({ kubernetesServiceAccount })).not.toThrow();
      },
    );

    it.each([
      '',
      'test-project',
      'test-project.svc.id',
      'test-project.svc.id.goog.evil.com',
      'test-project.svcXid.goog',
      'test-project.svc.id.google',
      'test-project.SVC.ID.GOOG',
    ])('refuses the workloadPool %j', (workloadPool) => {
      expect(attempt({ workloadPool })).toThrow(new Error(`CloudSqlIamClient: props.workloadPool must be <project>.svc.id.goog, got "${workloadPool}"`));
    });

    it.each(['test-project.svc.id.goog', 'mesh-host-123.svc.id.goog'])('accepts the workloadPool %j', (workloadPool) => {
      expect(attempt({ workloadPool })).not.toThrow();
    });

    it.each(['.svc.id.goog', 'not a project!.svc.id.goog'])('refuses the workloadPool %j, which names no project', (workloadPool) => {
      expect(attempt({ workloadPool })).toThrow(new Error(`CloudSqlIamClient: props.workloadPool must be <project>.svc.id.goog, got "${workloadPool}"`));
    });
  });
});

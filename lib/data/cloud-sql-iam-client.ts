import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { Construct } from 'constructs';
import { PROJECT_ID, serviceAccountId } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';

/** Connect through the Auth Proxy, and log in as an IAM database user. */
export const CLOUD_SQL_CLIENT_ROLES = ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'];

export interface CloudSqlIamClientProps {
  readonly project: string;
  /** The instance's name. */
  readonly instance: string;
  /** Service account ID (6-30 characters). */
  readonly accountId: string;
  /** The Kubernetes service account allowed to act as it: `namespace/name`. */
  readonly kubernetesServiceAccount: string;
  /** The Workload Identity pool: `<project>.svc.id.goog`. */
  readonly workloadPool: string;
}

/**
 * A database identity without a password: a Google service account with the Cloud SQL client
 * roles, registered as an IAM database user, which one Kubernetes service account may use
 * through Workload Identity.
 */
export class CloudSqlIamClient extends Construct {
  public readonly account: ServiceAccount;
  public readonly email: string;
  /** The account's resource name, for IAM bindings on it. */
  public readonly accountName: string;
  public readonly user: SqlUser;
  /** The IAM database user name. */
  public readonly databaseUser: string;

  constructor(scope: Construct, id: string, props: CloudSqlIamClientProps) {
    super(scope, id);
    check('CloudSqlIamClient', 'accountId', props.accountId, serviceAccountId);
    const [namespace, name, ...rest] = props.kubernetesServiceAccount.split('/');
    requireProp(
      rest.length === 0 && namespace !== undefined && name !== undefined,
      'CloudSqlIamClient',
      'kubernetesServiceAccount',
      `must be namespace/name, got "${props.kubernetesServiceAccount}"`,
    );
    requireLabel(namespace, 63, 'CloudSqlIamClient', 'kubernetesServiceAccount');
    requireLabel(name, 63, 'CloudSqlIamClient', 'kubernetesServiceAccount');
    requireProp(
      PROJECT_ID.test(props.workloadPool.replace(/\.svc\.id\.goog$/, '')) && props.workloadPool.endsWith('.svc.id.goog'),
      'CloudSqlIamClient',
      'workloadPool',
      `must be <project>.svc.id.goog, got "${props.workloadPool}"`,
    );

    this.account = new ServiceAccount(this, 'account', {
      project: props.project,
      accountId: props.accountId,
      displayName: `Cloud SQL client ${props.kubernetesServiceAccount}`,
    });
    this.accountName = this.account.name;
    this.email = this.account.email;
    for (const role of CLOUD_SQL_CLIENT_ROLES) {
      new ProjectIamMember(this, role.replace(/^roles\//, '').replace(/\./g, '-'), { project: props.project, role, member: this.account.member });
    }
    // IAM database users drop the ".gserviceaccount.com" suffix.
    this.databaseUser = `${props.accountId}@${props.project}.iam`;
    this.user = new SqlUser(this, 'user', {
      project: props.project,
      instance: props.instance,
      name: this.databaseUser,
      type: 'CLOUD_IAM_SERVICE_ACCOUNT',
      // A user that owns objects cannot be dropped (terraform-google-sql-db #323); the
      // instance's delete takes it with it.
      deletionPolicy: 'ABANDON',
    });
    new ServiceAccountIamMember(this, 'workload-identity', {
      serviceAccountId: this.account.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${props.workloadPool}[${namespace}/${name}]`,
    });
  }
}

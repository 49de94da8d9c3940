import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_POSTGRES_VERSION, MAINTENANCE_DAY, NEWEST_POSTGRES_VERSION, MAINTENANCE_HOUR, POSTGRES_VERSIONS, timeOfDay, wholeNumber } from '../core/rules';
import { check, requireLabel, requireProp } from '../core/validate';
import { GOOGLE_MANAGED_BY } from '../core/mesh-conventions';
import { waive } from '../core/waivers';

/**
 * PostgreSQL flags: IAM database authentication, and the logging the CIS benchmark and the
 * checkov/trivy/kics Cloud SQL rules require (values as those rules read them).
 */
export const POSTGRES_FLAGS: Readonly<Record<string, string>> = {
  'cloudsql.iam_authentication': 'on',
  'cloudsql.enable_pgaudit': 'on',
  log_checkpoints: 'on',
  log_connections: 'on',
  log_disconnections: 'on',
  log_duration: 'on',
  log_hostname: 'on',
  log_lock_waits: 'on',
  log_min_duration_statement: '-1',
  log_min_error_statement: 'error',
  log_min_messages: 'warning',
  log_statement: 'ddl',
  log_temp_files: '0',
};

/** Why an instance runs an older major version than checkov's CKV_GCP_79 wants. */
export function olderPostgresWaiver(version: string): { rule: string; reason: string } {
  return {
    rule: 'CKV_GCP_79 (latest major version)',
    reason: `${version} is configured or the default: moving a running instance to another major version upgrades it in place, with downtime, so it happens only when asked. Set cloudSql.databaseVersion: ${NEWEST_POSTGRES_VERSION} for a new instance, or to upgrade.`,
  };
}

export interface CloudSqlPostgresProps {
  readonly project: string;
  readonly name: string;
  readonly region: string;
  /** Network ID or self link; the instance gets a private IP there and no public one. */
  readonly privateNetwork: string;
  /**
   * Changing the major version of a running instance upgrades it in place, with downtime.
   * @default DEFAULT_POSTGRES_VERSION ("POSTGRES_16"; anything older than NEWEST_POSTGRES_VERSION records a CKV_GCP_79 waiver)
   */
  readonly databaseVersion?: string;
  /** @default "db-custom-2-7680" */
  readonly tier?: string;
  /** @default "REGIONAL" */
  readonly availability?: 'ZONAL' | 'REGIONAL';
  /** @default "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" */
  readonly sslMode?: 'ENCRYPTED_ONLY' | 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED';
  /** Databases to create. @default ["app"] */
  readonly databases?: readonly string[];
  /** Daily backup start, HH:MM UTC. @default "03:00" */
  readonly backupStartTime?: string;
  /** @default { day: 7, hour: 4 } (Sunday 04:00 UTC) */
  readonly maintenanceWindow?: { readonly day: number; readonly hour: number };
  /** In Terraform and in GCP. @default true */
  readonly deletionProtection?: boolean;
  /** What must exist first: the private services connection. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Cloud SQL for PostgreSQL reachable only on a private IP, TLS enforced, IAM authentication on,
 * daily backups with point-in-time recovery, audit logging, and a maintenance window.
 */
export class CloudSqlPostgres extends Construct {
  public readonly instance: SqlDatabaseInstance;
  public readonly databases: readonly SqlDatabase[];
  /** `project:region:instance`, as the Auth Proxy takes it. */
  public readonly connectionName: string;
  /** The instance's address on the VPC: it has no public IP. */
  public readonly privateIp: string;
  /** The instance's name, for users and clients of it. */
  public readonly instanceName: string;

  constructor(scope: Construct, id: string, props: CloudSqlPostgresProps) {
    super(scope, id);
    requireLabel(props.name, 80, 'CloudSqlPostgres', 'name');
    const version = props.databaseVersion ?? DEFAULT_POSTGRES_VERSION;
    requireProp(
      (POSTGRES_VERSIONS as readonly string[]).includes(version),
      'CloudSqlPostgres',
      'databaseVersion',
      `must be one of ${POSTGRES_VERSIONS.join(', ')}, got "${version}"`,
    );
    const databases = props.databases ?? ['app'];
    requireProp(
      databases.length > 0 && new Set(databases).size === databases.length,
      'CloudSqlPostgres',
      'databases',
      'must list at least one database, each once',
    );
    const backupStartTime = props.backupStartTime ?? '03:00';
    check('CloudSqlPostgres', 'backupStartTime', backupStartTime, timeOfDay);
    const window = props.maintenanceWindow ?? { day: 7, hour: 4 };
    check('CloudSqlPostgres', 'maintenanceWindow.day', window.day, wholeNumber(MAINTENANCE_DAY));
    check('CloudSqlPostgres', 'maintenanceWindow.hour', window.hour, wholeNumber(MAINTENANCE_HOUR));
    const deletionProtection = props.deletionProtection ?? true;

    this.instance = new SqlDatabaseInstance(this, 'instance', {
      project: props.project,
      name: props.name,
      region: props.region,
      databaseVersion: version,
      deletionProtection,
      dependsOn: props.dependsOn,
      settings: {
        tier: props.tier ?? 'db-custom-2-7680',
        availabilityType: props.availability ?? 'REGIONAL',
        edition: 'ENTERPRISE',
        diskType: 'PD_SSD',
        diskAutoresize: true,
        deletionProtectionEnabled: deletionProtection,
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: props.privateNetwork,
          sslMode: props.sslMode ?? 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
          enablePrivatePathForGoogleCloudServices: true,
        },
        backupConfiguration: {
          enabled: true,
          startTime: backupStartTime,
          pointInTimeRecoveryEnabled: true,
          transactionLogRetentionDays: 7,
          backupRetentionSettings: { retainedBackups: 14, retentionUnit: 'COUNT' },
        },
        databaseFlags: Object.entries(POSTGRES_FLAGS).map(([name, value]) => ({ name, value })),
        maintenanceWindow: { day: window.day, hour: window.hour, updateTrack: 'stable' },
        insightsConfig: { queryInsightsEnabled: true, recordClientAddress: false },
        userLabels: { ...GOOGLE_MANAGED_BY },
      },
    });
    if (version !== NEWEST_POSTGRES_VERSION) waive(this.instance, olderPostgresWaiver(version));
    this.connectionName = this.instance.connectionName;
    this.privateIp = this.instance.privateIpAddress;
    this.instanceName = this.instance.name;
    this.databases = databases.map(
      (database) =>
        new SqlDatabase(this, `database-${database}`, {
          project: props.project,
          instance: this.instance.name,
          name: database,
          // A database with open connections or other users' grants refuses its delete
          // (terraform-provider-google #12968); the instance's delete takes it with it.
          deletionPolicy: 'ABANDON',
        }),
    );
  }
}

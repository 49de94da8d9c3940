import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { TerraformOutput, Token } from 'cdktf';
import { CloudSqlPostgres, type CloudSqlPostgresProps, POSTGRES_FLAGS } from '../../../lib/data/cloud-sql-postgres';
import { resourceAt, resources, synth, type SynthJson, testStack } from '../../helpers';
import { BASE, NETWORK } from './cloud-sql-postgres-fixture';

/** Every flag, in order, as the provider's database_flags blocks. */
const FLAGS = [
  { name: 'cloudsql.iam_authentication', value: 'on' },
  { name: 'cloudsql.enable_pgaudit', value: 'on' },
  { name: 'log_checkpoints', value: 'on' },
  { name: 'log_connections', value: 'on' },
  { name: 'log_disconnections', value: 'on' },
  { name: 'log_duration', value: 'on' },
  { name: 'log_hostname', value: 'on' },
  { name: 'log_lock_waits', value: 'on' },
  { name: 'log_min_duration_statement', value: '-1' },
  { name: 'log_min_error_statement', value: 'error' },
  { name: 'log_min_messages', value: 'warning' },
  { name: 'log_statement', value: 'ddl' },
  { name: 'log_temp_files', value: '0' },
];

/** The logical ID of the one resource of a type whose construct path is `<path>`. */
function logicalId(json: SynthJson, type: string, pathSuffix: string): string {
  const wanted = new RegExp(`^${pathSuffix.split('/').join('_')}_[0-9A-F]{8}$`);
  const ids = Object.keys(json.resource?.[type] ?? {}).filter((id) => wanted.test(id));
  if (ids.length !== 1) throw new Error(`expected one ${type} at ${pathSuffix}, found ${ids.length}`);
  return ids[0];
}

function build(props: Partial<CloudSqlPostgresProps> = {}) {
  const stack = testStack();
  const construct = new CloudSqlPostgres(stack, 'pg', { ...BASE, ...props });
  new TerraformOutput(stack, 'connection_name', { value: construct.connectionName });
  return { construct, json: synth(stack) };
}

type Settings = Record<string, unknown>;
const settingsOf = (json: SynthJson) => resourceAt(json, 'google_sql_database_instance', 'pg/instance').settings as Settings;

describe('CloudSqlPostgres', () => {
  describe('POSTGRES_FLAGS', () => {
    it('is exactly IAM authentication, pgaudit and the CIS / checkov logging flags', () => {
      expect(Object.entries(POSTGRES_FLAGS).map(([name, value]) => ({ name, value }))).toEqual(FLAGS);
    });
  });

  describe('with base props', () => {
    let construct: CloudSqlPostgres;
    let json: SynthJson;
    let instanceId: string;

    beforeAll(() => {
      ({ construct, json } = build());
      instanceId = logicalId(json, 'google_sql_database_instance', 'pg/instance');
    });

    it('creates one instance and one database, app', () => {
      expect(Object.keys(json.resource ?? {}).sort()).toEqual(['google_sql_database', 'google_sql_database_instance']);
      expect(resources(json, 'google_sql_database_instance')).toHaveLength(1);
      expect(resources(json, 'google_sql_database')).toHaveLength(1);
      expect(construct.instance).toBeInstanceOf(SqlDatabaseInstance);
      expect(construct.databases).toHaveLength(1);
      expect(construct.databases[0]).toBeInstanceOf(SqlDatabase);
    });

    it('creates a protected, regional PostgreSQL 16 instance with private IP only, TLS with client certificates, backups, PITR, flags and a Sunday 04:00 window', () => {
      expect(resourceAt(json, 'google_sql_database_instance', 'pg/instance')).toEqual({
        project: 'test-project',
        name: 'orders-db',
        region: 'europe-west1',
        database_version: 'POSTGRES_16',
        deletion_protection: true,
        settings: {
          tier: 'db-custom-2-7680',
          availability_type: 'REGIONAL',
          edition: 'ENTERPRISE',
          disk_type: 'PD_SSD',
          disk_autoresize: true,
          deletion_protection_enabled: true,
          ip_configuration: {
            ipv4_enabled: false,
            private_network: NETWORK,
            ssl_mode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
            enable_private_path_for_google_cloud_services: true,
          },
          backup_configuration: {
            enabled: true,
            start_time: '03:00',
            point_in_time_recovery_enabled: true,
            transaction_log_retention_days: 7,
            backup_retention_settings: { retained_backups: 14, retention_unit: 'COUNT' },
          },
          database_flags: FLAGS,
          maintenance_window: { day: 7, hour: 4, update_track: 'stable' },
          insights_config: { query_insights_enabled: true, record_client_address: false },
          user_labels: { 'managed-by': 'cdktf' },
        },
      });
    });

    it('has no public IP and no authorized networks', () => {
      const ipConfiguration = settingsOf(json).ip_configuration as Record<string, unknown>;
      expect(ipConfiguration.ipv4_enabled).toBe(false);
      expect(ipConfiguration).not.toHaveProperty('authorized_networks');
    });

    it('emits every POSTGRES_FLAGS entry as a database flag, each once', () => {
      const flags = settingsOf(json).database_flags as { name: string; value: string }[];
      expect(flags).toHaveLength(Object.keys(POSTGRES_FLAGS).length);
      expect(new Set(flags.map((flag) => flag.name)).size).toBe(flags.length);
      for (const [name, value] of Object.entries(POSTGRES_FLAGS)) expect(flags).toContainEqual({ name, value });
      expect(flags).toContainEqual({ name: 'cloudsql.iam_authentication', value: 'on' });
      expect(flags).toContainEqual({ name: 'log_temp_files', value: '0' });
      expect(flags).toContainEqual({ name: 'log_min_duration_statement', value: '-1' });
      for (const name of ['log_checkpoints', 'log_connections', 'log_disconnections', 'log_lock_waits']) expect(flags).toContainEqual({ name, value: 'on' });
    });

    it('creates the app database on the instance, by reference, abandoned at destroy (the instance takes it along)', () => {
      expect(resourceAt(json, 'google_sql_database', 'pg/database-app')).toEqual({
        project: 'test-project',
        instance: `\${google_sql_database_instance.${instanceId}.name}`,
        name: 'app',
        deletion_policy: 'ABANDON',
      });
    });

    it("exposes connectionName as a reference to the instance's connection_name", () => {
      expect(Token.isUnresolved(construct.connectionName)).toBe(true);
      expect(json.output?.connection_name.value).toBe(`\${google_sql_database_instance.${instanceId}.connection_name}`);
    });

    it('has no depends_on without dependsOn', () => {
      expect(resourceAt(json, 'google_sql_database_instance', 'pg/instance')).not.toHaveProperty('depends_on');
    });
  });

  describe('with every prop overridden', () => {
    let construct: CloudSqlPostgres;
    let json: SynthJson;
    let instanceId: string;

    beforeAll(() => {
      const stack = testStack();
      const network = new ComputeNetwork(stack, 'vpc', { name: 'mesh', autoCreateSubnetworks: false });
      construct = new CloudSqlPostgres(stack, 'pg', {
        ...BASE,
        privateNetwork: network.id,
        databaseVersion: 'POSTGRES_15',
        tier: 'db-custom-4-15360',
        availability: 'ZONAL',
        sslMode: 'ENCRYPTED_ONLY',
        databases: ['orders', 'audit'],
        backupStartTime: '22:30',
        maintenanceWindow: { day: 2, hour: 13 },
        deletionProtection: false,
        dependsOn: [network],
      });
      json = synth(stack);
      instanceId = logicalId(json, 'google_sql_database_instance', 'pg/instance');
    });

    it('uses the version, tier and availability', () => {
      const instance = resourceAt(json, 'google_sql_database_instance', 'pg/instance');
      expect(instance.database_version).toBe('POSTGRES_15');
      expect(settingsOf(json).tier).toBe('db-custom-4-15360');
      expect(settingsOf(json).availability_type).toBe('ZONAL');
    });

    it('takes the private network by reference and ENCRYPTED_ONLY as the SSL mode', () => {
      expect(settingsOf(json).ip_configuration).toEqual({
        ipv4_enabled: false,
        private_network: '${google_compute_network.vpc.id}',
        ssl_mode: 'ENCRYPTED_ONLY',
        enable_private_path_for_google_cloud_services: true,
      });
    });

    it('starts backups at backupStartTime, keeping PITR and retention', () => {
      expect(settingsOf(json).backup_configuration).toEqual({
        enabled: true,
        start_time: '22:30',
        point_in_time_recovery_enabled: true,
        transaction_log_retention_days: 7,
        backup_retention_settings: { retained_backups: 14, retention_unit: 'COUNT' },
      });
    });

    it('uses the maintenance window on the stable track', () => {
      expect(settingsOf(json).maintenance_window).toEqual({ day: 2, hour: 13, update_track: 'stable' });
    });

    it('turns off deletion protection both in Terraform and in GCP', () => {
      expect(resourceAt(json, 'google_sql_database_instance', 'pg/instance').deletion_protection).toBe(false);
      expect(settingsOf(json).deletion_protection_enabled).toBe(false);
    });

    it('still emits every flag', () => {
      expect(settingsOf(json).database_flags).toEqual(FLAGS);
    });

    it('creates one database per name, each on the instance', () => {
      expect(resources(json, 'google_sql_database')).toHaveLength(2);
      for (const name of ['orders', 'audit']) {
        expect(resourceAt(json, 'google_sql_database', `pg/database-${name}`)).toEqual({
          project: 'test-project',
          instance: `\${google_sql_database_instance.${instanceId}.name}`,
          name,
          deletion_policy: 'ABANDON',
        });
      }
      expect(construct.databases.map((database) => database.node.id)).toEqual(['database-orders', 'database-audit']);
    });

    it('makes the instance depend on dependsOn; the databases follow it by reference', () => {
      expect(resourceAt(json, 'google_sql_database_instance', 'pg/instance').depends_on).toEqual(['google_compute_network.vpc']);
      for (const database of resources(json, 'google_sql_database')) expect(database).not.toHaveProperty('depends_on');
    });
  });

  it.each([true, false])('sets deletion_protection and deletion_protection_enabled both to %p', (deletionProtection) => {
    const json = build({ deletionProtection }).json;
    expect(resourceAt(json, 'google_sql_database_instance', 'pg/instance').deletion_protection).toBe(deletionProtection);
    expect(settingsOf(json).deletion_protection_enabled).toBe(deletionProtection);
  });

  it.each(['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'] as const)('sets ssl_mode %s', (sslMode) => {
    expect((settingsOf(build({ sslMode }).json).ip_configuration as { ssl_mode: string }).ssl_mode).toBe(sslMode);
  });
});

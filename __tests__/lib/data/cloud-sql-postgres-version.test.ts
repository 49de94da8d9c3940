import { CloudSqlPostgres, olderPostgresWaiver } from '../../../lib/data/cloud-sql-postgres';
import { DEFAULT_POSTGRES_VERSION, NEWEST_POSTGRES_VERSION, POSTGRES_VERSIONS } from '../../../lib/core/rules';
import { waiversIn } from '../../../lib/core/waivers';
import { resourceAt, scope, synth, testStack } from '../../helpers';
import { CHECKOV_LATEST_SQL_VERSIONS } from '../../support/checkov-rules';
import { BASE } from './cloud-sql-postgres-fixture';

describe('CloudSqlPostgres major version', () => {
  it("offers checkov's latest PostgreSQL (CKV_GCP_79, gcp/CloudSqlMajorVersion.py) as the newest version", () => {
    expect(CHECKOV_LATEST_SQL_VERSIONS.filter((version) => version.startsWith('POSTGRES'))).toEqual([NEWEST_POSTGRES_VERSION]);
    expect(POSTGRES_VERSIONS.at(-1)).toBe(NEWEST_POSTGRES_VERSION);
  });

  it('keeps the default earlier releases deployed, so an app upgrade never upgrades a running instance', () => {
    expect(DEFAULT_POSTGRES_VERSION).toBe('POSTGRES_16');
  });

  it('meets CKV_GCP_79 on the newest version, with database_version as checkov reads it, and waives nothing', () => {
    const stack = testStack();
    const construct = new CloudSqlPostgres(stack, 'pg', { ...BASE, databaseVersion: NEWEST_POSTGRES_VERSION });
    expect(resourceAt(synth(stack), 'google_sql_database_instance', 'pg/instance').database_version).toBe('POSTGRES_18');
    expect(waiversIn(construct)).toEqual([]);
  });

  it.each(['POSTGRES_14', 'POSTGRES_16', 'POSTGRES_17'])('waives CKV_GCP_79 on the instance for %s, saying how to upgrade', (databaseVersion) => {
    const construct = new CloudSqlPostgres(scope(), 'pg', { ...BASE, databaseVersion });
    expect(waiversIn(construct)).toEqual([{ path: 'scope/pg/instance', waiver: olderPostgresWaiver(databaseVersion) }]);
    expect(olderPostgresWaiver(databaseVersion).reason).toContain('Set cloudSql.databaseVersion: POSTGRES_18');
  });
});

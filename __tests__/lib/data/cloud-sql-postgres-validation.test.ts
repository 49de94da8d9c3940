import { CloudSqlPostgres, type CloudSqlPostgresProps } from '../../../lib/data/cloud-sql-postgres';
import { scope } from '../../helpers';
import { BASE } from './cloud-sql-postgres-fixture';

describe('CloudSqlPostgres', () => {
  describe('validation', () => {
    const attempt = (overrides: Partial<CloudSqlPostgresProps>) => () => {
      new CloudSqlPostgres(scope(), 'pg', { ...BASE, ...overrides });
    };

    it('accepts the base props', () => {
      expect(attempt({})).not.toThrow();
    });

    it.each(['', 'Orders-Db', 'orders_db', 'orders-db-', '-orders', '1orders', 'orders.db', 'a'.repeat(81)])('refuses the name %j', (name) => {
      expect(attempt({ name })).toThrow(new Error(`CloudSqlPostgres: props.name must be an RFC 1035 label of at most 80 characters, got "${name}"`));
    });

    it.each(['a', 'orders-db', 'pg-2', 'a'.repeat(80)])('accepts the name %j', (name) => {
      expect(attempt({ name })).not.toThrow();
    });

    it.each(['', 'POSTGRES', 'POSTGRES_', 'postgres_16', 'POSTGRES_16_1', 'POSTGRES-16', 'MYSQL_8_0', 'SQLSERVER_2019_STANDARD', ' POSTGRES_16'])(
      'refuses the databaseVersion %j',
      (databaseVersion) => {
        expect(attempt({ databaseVersion })).toThrow(
          new Error(
            `CloudSqlPostgres: props.databaseVersion must be one of POSTGRES_14, POSTGRES_15, POSTGRES_16, POSTGRES_17, POSTGRES_18, got "${databaseVersion}"`,
          ),
        );
      },
    );

    it.each(['POSTGRES_14', 'POSTGRES_15', 'POSTGRES_16', 'POSTGRES_17', 'POSTGRES_18'])('accepts the databaseVersion %j', (databaseVersion) => {
      expect(attempt({ databaseVersion })).not.toThrow();
    });

    it.each([[[]], [['app', 'app']], [['orders', 'audit', 'orders']]])('refuses the databases %j', (databases) => {
      expect(attempt({ databases })).toThrow(new Error('CloudSqlPostgres: props.databases must list at least one database, each once'));
    });

    it.each([[['app']], [['orders', 'audit']]])('accepts the databases %j', (databases) => {
      expect(attempt({ databases })).not.toThrow();
    });

    it.each(['', '3:00', '24:00', '23:60', '03:00:00', '0300', ' 03:00', '03:00 ', '3am'])('refuses the backupStartTime %j', (backupStartTime) => {
      expect(attempt({ backupStartTime })).toThrow(
        new Error(`CloudSqlPostgres: props.backupStartTime must be a time of day, HH:MM (UTC), got "${backupStartTime}"`),
      );
    });

    it.each(['00:00', '03:00', '09:05', '19:30', '23:59'])('accepts the backupStartTime %j', (backupStartTime) => {
      expect(attempt({ backupStartTime })).not.toThrow();
    });

    it.each([
      [{ day: 0, hour: 4 }, 'day must be a whole number from 1 to 7, got 0'],
      [{ day: 8, hour: 4 }, 'day must be a whole number from 1 to 7, got 8'],
      [{ day: -1, hour: 4 }, 'day must be a whole number from 1 to 7, got -1'],
      [{ day: 7, hour: -1 }, 'hour must be a whole number from 0 to 23, got -1'],
      [{ day: 7, hour: 24 }, 'hour must be a whole number from 0 to 23, got 24'],
      [{ day: NaN, hour: 4 }, 'day must be a whole number from 1 to 7, got NaN'],
      [{ day: 7, hour: NaN }, 'hour must be a whole number from 0 to 23, got NaN'],
    ])('refuses the maintenanceWindow %p', (maintenanceWindow, problem) => {
      expect(attempt({ maintenanceWindow })).toThrow(new Error(`CloudSqlPostgres: props.maintenanceWindow.${problem}`));
    });

    it.each([
      { day: 1, hour: 0 },
      { day: 7, hour: 23 },
      { day: 3, hour: 12 },
    ])('accepts the maintenanceWindow %p', (maintenanceWindow) => {
      expect(attempt({ maintenanceWindow })).not.toThrow();
    });

    // Fractional values would only fail at plan time, against the provider's integer attributes.
    it.each([
      [{ day: 1.5, hour: 4 }, 'day must be a whole number from 1 to 7, got 1.5'],
      [{ day: 7, hour: 4.5 }, 'hour must be a whole number from 0 to 23, got 4.5'],
    ])('refuses the fractional maintenanceWindow %p', (maintenanceWindow, problem) => {
      expect(attempt({ maintenanceWindow })).toThrow(new Error(`CloudSqlPostgres: props.maintenanceWindow.${problem}`));
    });
  });
});

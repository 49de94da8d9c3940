import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CloudSqlClient } from '../../../lib/data/cloud-sql-client';
import { scope } from '../../helpers';
import { BASE, type Props } from './cloud-sql-client-fixture';

describe('CloudSqlClient', () => {
  describe('validation', () => {
    const attempt = (overrides: Props) => () => {
      const stack = scope();
      new CloudSqlClient(stack, 'client', { provider: new KubernetesProvider(stack, 'k8s', { alias: 'a' }), ...BASE, ...overrides });
    };

    it('accepts the base props', () => {
      expect(attempt({})).not.toThrow();
    });

    it.each(['name', 'namespace', 'database'] as const)('refuses bad values of %s', (prop) => {
      for (const value of ['', 'Orders', 'orders_db', 'orders-', '-orders', '1orders', 'orders.db', 'a'.repeat(64)]) {
        expect(attempt({ [prop]: value })).toThrow(
          new Error(`CloudSqlClient: props.${prop} must be an RFC 1035 label of at most 63 characters, got "${value}"`),
        );
      }
    });

    it.each(['name', 'namespace', 'database'] as const)('accepts good values of %s', (prop) => {
      for (const value of ['a', 'orders', 'cloud-sql-client', 'db-2', 'a'.repeat(63)]) expect(attempt({ [prop]: value })).not.toThrow();
    });

    it.each([
      '',
      'orders-db',
      'test-project:orders-db',
      'test-project:europe-west1:orders-db:extra',
      'Test-project:europe-west1:orders-db',
      '1project:europe-west1:orders-db',
      'test-project:europe-west1:Orders-db',
      'test-project:europe-west1:',
      'test-project::orders-db',
      'test-project/europe-west1/orders-db',
      'test_project:europe-west1:orders-db',
      ' test-project:europe-west1:orders-db',
      '${google_sql_database_instance.pg.connection_name}',
    ])('refuses the instanceConnectionName %j', (instanceConnectionName) => {
      expect(attempt({ instanceConnectionName })).toThrow(
        new Error(`CloudSqlClient: props.instanceConnectionName must be project:region:instance, got "${instanceConnectionName}"`),
      );
    });

    it.each(['test-project:europe-west1:orders-db', 'p:r:i', 'my-project-123:us-central1:pg-1'])(
      'accepts the instanceConnectionName %j',
      (instanceConnectionName) => {
        expect(attempt({ instanceConnectionName })).not.toThrow();
      },
    );

    it.each([
      '',
      'orders-sql',
      'orders-sql@test-project.iam',
      'orders-sql@gmail.com',
      'orders-sql@test-project.gserviceaccount.com',
      '@test-project.iam.gserviceaccount.com',
      'orders-sql@.iam.gserviceaccount.com',
      'orders sql@test-project.iam.gserviceaccount.com',
      'orders@sql@test-project.iam.gserviceaccount.com',
      'orders-sql@test-project.iam.gserviceaccount.com.evil',
    ])('refuses the googleServiceAccount %j', (googleServiceAccount) => {
      expect(attempt({ googleServiceAccount })).toThrow(
        new Error(`CloudSqlClient: props.googleServiceAccount must be a service account email, got "${googleServiceAccount}"`),
      );
    });

    it.each(['orders-sql@test-project.iam.gserviceaccount.com', 'a@b.iam.gserviceaccount.com'])(
      'accepts the googleServiceAccount %j',
      (googleServiceAccount) => {
        expect(attempt({ googleServiceAccount, databaseUser: googleServiceAccount.replace('.gserviceaccount.com', '') })).not.toThrow();
      },
    );

    it.each(['orders-sql@test-project.iam.gserviceaccount.com', 'x.gserviceaccount.com'])(
      'refuses the databaseUser %j, which keeps the email suffix',
      (databaseUser) => {
        expect(attempt({ databaseUser })).toThrow(
          new Error('CloudSqlClient: props.databaseUser must drop the ".gserviceaccount.com" suffix, as Cloud SQL IAM users do'),
        );
      },
    );

    it.each(['orders-sql@test-project.iam'])('accepts the databaseUser %j', (databaseUser) => {
      expect(attempt({ databaseUser })).not.toThrow();
    });

    // --auto-iam-authn logs in as the pod's account, so PGUSER must name that account.
    it.each(['someone-else@test-project.iam', 'orders-sql@test-project.iam.gserviceaccount'])(
      'refuses the databaseUser %j of another account',
      (databaseUser) => {
        expect(attempt({ databaseUser })).toThrow(
          new Error(
            `CloudSqlClient: props.databaseUser must be googleServiceAccount without ".gserviceaccount.com" (orders-sql@test-project.iam), got "${databaseUser}"`,
          ),
        );
      },
    );
  });
});

/** The base props of CloudSqlPostgres, for the cloud-sql-postgres*.test.ts files. */
import { type CloudSqlPostgresProps } from '../../../lib/data/cloud-sql-postgres';

export const NETWORK = 'projects/test-project/global/networks/mesh';
export const BASE: CloudSqlPostgresProps = { project: 'test-project', name: 'orders-db', region: 'europe-west1', privateNetwork: NETWORK };

import { DataSource, DataSourceOptions } from 'typeorm';
import { installSqliteTransactionLock } from './sqlite-transaction-lock';

/**
 * Every DataSource of the service (the app's, the CLI's) is made here, so the SQLite transaction lock
 * is in place before the first query (migrations included) on whichever path opens the database.
 */
export async function createDataSource(options: DataSourceOptions): Promise<DataSource> {
  const ds = new DataSource(options);
  installSqliteTransactionLock(ds);
  return ds.initialize();
}

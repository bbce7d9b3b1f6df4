import type { DataSource, EntityManager, ObjectLiteral } from 'typeorm';

type Db = DataSource | EntityManager;

function dataSourceOf(db: Db): DataSource {
  return 'dataSource' in db ? (db as EntityManager).dataSource : (db as DataSource);
}

/**
 * Runs hand-written SQL with `:name` parameters on either driver: TypeORM turns them into `$n` or `?`
 * and converts Dates the way it stores them (timestamptz on PostgreSQL, UTC text on SQLite), so the
 * values compare correctly with columns TypeORM wrote. Returns the rows, RETURNING rows included.
 * Only for the few statements the query builder cannot express (an upsert with a condition, claims
 * with FOR UPDATE SKIP LOCKED); table and column names are literals in the caller's SQL, values are
 * always bound. Given a transaction's manager, runs in that transaction.
 */
export async function rawQuery(db: Db, sql: string, params: ObjectLiteral): Promise<Array<Record<string, unknown>>> {
  const ds = dataSourceOf(db);
  const [text, bound] = ds.driver.escapeQueryWithParameters(sql, params);
  const own = 'dataSource' in db ? (db as EntityManager).queryRunner : undefined;
  const runner = own ?? ds.createQueryRunner();
  try {
    const result = await runner.query(text, bound, true);
    return (result.records ?? []) as Array<Record<string, unknown>>;
  } finally {
    if (!own) await runner.release();
  }
}

export function isPostgres(db: Db): boolean {
  return dataSourceOf(db).options.type === 'postgres';
}

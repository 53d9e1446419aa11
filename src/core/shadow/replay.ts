// Replays loaded migrations into a PostgreSQL server through TypeORM's own migration runner
// (DataSource.runMigrations: pending ones, in timestamp order) and reads the result with the same
// introspection as a real database. Engine-agnostic: the shadow points it at PGlite behind
// pglite-socket; tests point it at a real server to show both give the same schema.
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { DataSourceConfig } from '../config';
import { postgres } from '../dialect';
import type { LoadedMigration } from '../migrations/load';
import type { ReadProblem, SchemaModel } from '../model/schema';

export interface ReplayConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface ReplayOptions {
  dataSource: Pick<DataSourceConfig, 'schema' | 'migrationsTableName'>;
  /** Extensions to create before the first migration, as TypeORM does when it connects with entities. */
  createExtensions: string[];
}

export interface ReplayOutcome {
  /** Names of the migrations that ran now, in order. */
  ran: string[];
  /** Every migration the database has recorded as executed after this replay, in order. */
  executed: string[];
  /** The migration that threw, and its error; the ones after it did not run. */
  failure?: { migration: LoadedMigration; error: string };
  model: SchemaModel;
  problems: ReadProblem[];
}

const MAX_QUERY_IN_MESSAGE = 300;

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const query = (error as { query?: unknown }).query;
  const shownQuery = typeof query === 'string' && query.length > 0 ? ` (while running: ${query.length > MAX_QUERY_IN_MESSAGE ? `${query.slice(0, MAX_QUERY_IN_MESSAGE)}...` : query})` : '';
  return `${error.message}${shownQuery}`;
}

async function executedMigrationNames(dataSource: DataSource, schema: string, table: string): Promise<string[]> {
  const qualified = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
  const exists = (await dataSource.query(`SELECT to_regclass($1) AS found`, [qualified])) as { found: string | null }[];
  if (!exists[0]?.found) return [];
  const rows = (await dataSource.query(`SELECT name FROM ${qualified} ORDER BY timestamp, id`)) as { name: string }[];
  return rows.map((row) => row.name);
}

/**
 * Runs the pending ones of `migrations` (each in its own transaction, so a failure keeps what
 * replayed before it) and introspects every schema of the result. Throws only when the server
 * cannot be reached or read; a migration that throws is the outcome's `failure`.
 */
export async function replayMigrations(connection: ReplayConnection, migrations: LoadedMigration[], options: ReplayOptions): Promise<ReplayOutcome> {
  const { schema, migrationsTableName } = options.dataSource;
  const dataSource = new DataSource({
    type: 'postgres',
    host: connection.host,
    port: connection.port,
    username: connection.user,
    password: connection.password,
    database: connection.database,
    // pglite-socket serves one backend session: one connection, never a pool.
    poolSize: 1,
    // TypeORM otherwise require()s 'pg' by name, which the bundled worker cannot resolve.
    driver: pg,
    schema: schema === 'public' ? undefined : schema,
    migrations: migrations.map((migration) => migration.migrationClass as new () => never),
    migrationsTableName,
    // Each migration commits on its own, so the schema up to a failing migration survives it.
    migrationsTransactionMode: 'each',
    logging: false,
    synchronize: false,
    migrationsRun: false,
  });
  await dataSource.initialize();
  try {
    if (schema !== 'public') await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    for (const extension of options.createExtensions) {
      await dataSource.query(`CREATE EXTENSION IF NOT EXISTS ${pg.escapeIdentifier(extension)}`);
    }
    const before = new Set(await executedMigrationNames(dataSource, schema, migrationsTableName));
    let failure: ReplayOutcome['failure'];
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (error) {
      const after = new Set(await executedMigrationNames(dataSource, schema, migrationsTableName));
      const failed = migrations.find((migration) => !after.has(migration.name));
      if (!failed) throw error;
      failure = { migration: failed, error: describeError(error) };
    }
    const executed = await executedMigrationNames(dataSource, schema, migrationsTableName);
    const queryRunner = dataSource.createQueryRunner();
    try {
      const client = (await queryRunner.connect()) as pg.ClientBase;
      const { model, problems } = await postgres.catalog.introspect(client, { schemas: [], migrationsTableName });
      return { ran: executed.filter((name) => !before.has(name)), executed, failure, model, problems };
    } finally {
      await queryRunner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

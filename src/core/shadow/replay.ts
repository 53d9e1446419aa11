// Replays loaded migrations into a PostgreSQL server through TypeORM's own migration runner
// (DataSource.runMigrations: pending ones, in timestamp order) and reads the result with the same
// introspection as a real database. Engine-agnostic: the shadow points it at PGlite behind
// pglite-socket; tests point it at a real server to show both give the same schema.
import pg from 'pg';
import { DataSource, type Migration, MigrationExecutor, type QueryRunner } from 'typeorm';
import type { DataSourceConfig } from '../config';
import { postgres } from '../dialect';
import type { LoadedMigration } from '../migrations/load';
import type { ReadProblem, SchemaModel } from '../model/schema';
import { downDifferences } from './down-check';

export interface ReplayConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface ReplayOptions {
  dataSource: Pick<DataSourceConfig, 'schema' | 'migrationsTableName' | 'migrationsTransactionMode'>;
  /** Extensions to create before the first migration, as TypeORM does when it connects with entities. */
  createExtensions: string[];
  /** Also check that each migration's down() undoes its up() (downChecks). */
  checkDown?: boolean;
}

/** What one migration's down() did to the schema its up() made: nothing left (no differences), differences, or an error. */
export interface DownCheck {
  migration: LoadedMigration;
  /** One sentence per difference from the schema before up() (down-check.ts). */
  differences: string[];
  /** down() threw (as TypeORM's migration:revert would): its error. */
  error?: string;
}

export interface ReplayOutcome {
  /** Names of the migrations that ran now, in order. */
  ran: string[];
  /** Every migration the database has recorded as executed after this replay, in order. */
  executed: string[];
  /** The migration that threw, and its error; the ones after it did not run. */
  failure?: { migration: LoadedMigration; error: string };
  /** With checkDown: one per migration that ran now, in order (not the failed one). */
  downChecks?: DownCheck[];
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
    const downChecks: DownCheck[] = [];
    try {
      if (options.checkDown) await runCheckingDown(dataSource, migrations, options, downChecks);
      else await dataSource.runMigrations({ transaction: 'each' });
    } catch (error) {
      const after = new Set(await executedMigrationNames(dataSource, schema, migrationsTableName));
      const failed = migrations.find((migration) => !after.has(migration.name));
      if (!failed) throw error;
      failure = { migration: failed, error: describeError(error) };
    }
    const executed = await executedMigrationNames(dataSource, schema, migrationsTableName);
    const { model, problems } = await introspectWith(dataSource, undefined, migrationsTableName);
    return { ran: executed.filter((name) => !before.has(name)), executed, failure, model, problems, ...(options.checkDown ? { downChecks } : {}) };
  } finally {
    await dataSource.destroy();
  }
}

/** Introspects every schema, on the given query runner (inside its transaction) or on one of its own. */
async function introspectWith(dataSource: DataSource, queryRunner: QueryRunner | undefined, migrationsTableName: string): Promise<{ model: SchemaModel; problems: ReadProblem[] }> {
  const runner = queryRunner ?? dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as pg.ClientBase;
    return await postgres.catalog.introspect(client, { schemas: [], migrationsTableName });
  } finally {
    if (!queryRunner) await runner.release();
  }
}

/**
 * TypeORM's own runner, shown the migrations up to `last` only: runMigrations() then runs the one
 * pending migration, undoLastMigration() reverts it, exactly as the TypeORM CLI would.
 */
class StepExecutor extends MigrationExecutor {
  constructor(dataSource: DataSource, queryRunner: QueryRunner | undefined, private readonly last: string, transaction: 'all' | 'each' | 'none') {
    super(dataSource, queryRunner);
    this.transaction = transaction;
  }

  protected override getMigrations(): Migration[] {
    const all = super.getMigrations();
    return all.slice(0, all.findIndex((migration) => migration.name === this.last) + 1);
  }
}

/**
 * Runs the pending migrations one by one and checks each one's down() on the way: the schema
 * before up(), up(), down() (TypeORM's undoLastMigration in the project's transaction mode),
 * the schema after, compared; then up() again for real so the replay goes on. A migration that
 * runs in a transaction (the usual case) is checked inside one more transaction of ours, rolled
 * back afterwards: whatever its down() leaves or breaks, the real up() that follows starts from
 * the schema before it. One with `transaction = false` cannot run inside a transaction
 * (CONCURRENTLY): it runs up, down and up again for real, and a down() that leaves something
 * behind may then make the second up() fail, which stops the replay like any failing migration.
 * Throws what the real up() throws.
 */
async function runCheckingDown(dataSource: DataSource, migrations: LoadedMigration[], options: ReplayOptions, checks: DownCheck[]): Promise<void> {
  const { migrationsTableName, migrationsTransactionMode } = options.dataSource;
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  for (const step of pending) {
    const migration = byName.get(step.name);
    const up = (queryRunner?: QueryRunner) => new StepExecutor(dataSource, queryRunner, step.name, 'each').executePendingMigrations();
    const down = (queryRunner?: QueryRunner) => new StepExecutor(dataSource, queryRunner, step.name, migrationsTransactionMode).undoLastMigration();
    if (!migration) {
      await up();
      continue;
    }
    if (step.instance?.transaction === false) {
      const before = await introspectWith(dataSource, undefined, migrationsTableName);
      await up();
      const check = await checkDown(migration, before.model, () => down(), () => introspectWith(dataSource, undefined, migrationsTableName), options.dataSource.schema);
      checks.push(check);
      // After a down() that threw, TypeORM still records the migration as run: nothing to redo.
      if (check.error === undefined) await up();
      continue;
    }
    const queryRunner = dataSource.createQueryRunner();
    try {
      await queryRunner.connect();
      await queryRunner.startTransaction();
      const before = await introspectWith(dataSource, queryRunner, migrationsTableName);
      let upRan = true;
      // A failing up() is reported by the real run below, as without the down check.
      await up(queryRunner).catch(() => (upRan = false));
      if (upRan) checks.push(await checkDown(migration, before.model, () => down(queryRunner), () => introspectWith(dataSource, queryRunner, migrationsTableName), options.dataSource.schema));
    } finally {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => {});
      await queryRunner.release();
    }
    await up();
  }
}

async function checkDown(migration: LoadedMigration, before: SchemaModel, down: () => Promise<void>, read: () => Promise<{ model: SchemaModel }>, schema: string): Promise<DownCheck> {
  try {
    await down();
  } catch (error) {
    return { migration, differences: [], error: describeError(error) };
  }
  const after = await read();
  return { migration, differences: downDifferences(before, after.model, schema) };
}

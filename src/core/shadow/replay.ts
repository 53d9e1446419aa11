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
  /** Checked for real (outside a transaction of ours): up() failed when run again after down(), with this error. */
  upAgain?: string;
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
    // With TypeORM's own tables: a project may map its migrations table with an entity (the comparison takes out those no entity maps).
    const { model, problems } = await introspectWith(dataSource, undefined, migrationsTableName, true);
    return { ran: executed.filter((name) => !before.has(name)), executed, failure, model, problems, ...(options.checkDown ? { downChecks } : {}) };
  } finally {
    await dataSource.destroy();
  }
}

/** Introspects every schema, on the given query runner (inside its transaction) or on one of its own; `includeBookkeeping`: TypeORM's own tables too. */
async function introspectWith(dataSource: DataSource, queryRunner: QueryRunner | undefined, migrationsTableName: string, includeBookkeeping = false): Promise<{ model: SchemaModel; problems: ReadProblem[] }> {
  const runner = queryRunner ?? dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as pg.ClientBase;
    return await postgres.catalog.introspect(client, { schemas: [], migrationsTableName, includeBookkeeping });
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
 * (CONCURRENTLY), and one that ends or starts transactions itself would end ours: those run up,
 * down and up again for real; when what down() left makes the second up() fail, the migration is
 * recorded as run without running it again and the replay goes on (the check says so). Throws
 * what the real up() throws.
 */
async function runCheckingDown(dataSource: DataSource, migrations: LoadedMigration[], options: ReplayOptions, checks: DownCheck[]): Promise<void> {
  const { migrationsTableName, migrationsTransactionMode, schema } = options.dataSource;
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
    let before: SchemaModel | undefined;
    if (step.instance?.transaction !== false) {
      const wrapped = await checkInRolledBackTransaction(dataSource, migration, up, down, migrationsTableName, schema);
      if (wrapped.outcome !== 'manages-transactions') {
        if (wrapped.outcome === 'checked') checks.push(wrapped.check);
        // A failing up() is reported by this real run, as without the down check.
        await up();
        continue;
      }
      before = wrapped.before;
    }
    before ??= (await introspectWith(dataSource, undefined, migrationsTableName)).model;
    await up();
    const { thrown: _thrown, ...check } = await checkDown(migration, before, () => down(), () => introspectWith(dataSource, undefined, migrationsTableName), schema);
    checks.push(check);
    // After a down() that threw, TypeORM still records the migration as run: nothing to redo.
    if (check.error === undefined) {
      try {
        await up();
      } catch (error) {
        // What down() left is in the way (e.g. "already exists"): recorded as run without running it
        // (TypeORM's fake run), so the replay goes on from the schema up() and down() left.
        check.upAgain = describeError(error);
        const fake = new StepExecutor(dataSource, undefined, step.name, 'each');
        fake.fake = true;
        await fake.executePendingMigrations();
      }
    }
  }
}

/** Thrown into a migration that starts, commits or rolls back a transaction while we hold ours. */
class ManagesTransactions extends Error {}

type Wrapped =
  | { outcome: 'checked'; check: DownCheck }
  | { outcome: 'up-failed' }
  /** The migration handles transactions itself: check it for real, from `before`. */
  | { outcome: 'manages-transactions'; before: SchemaModel };

/**
 * up() and down() inside a transaction of ours, rolled back at the end. The migration gets a query
 * runner whose transaction methods throw instead of ending ours (TypeORM's runner calls none of
 * them while a transaction is active), so nothing it did can have been committed.
 */
async function checkInRolledBackTransaction(dataSource: DataSource, migration: LoadedMigration, up: (queryRunner: QueryRunner) => Promise<unknown>, down: (queryRunner: QueryRunner) => Promise<void>, migrationsTableName: string, schema: string): Promise<Wrapped> {
  const queryRunner = dataSource.createQueryRunner();
  const own = { start: queryRunner.startTransaction, commit: queryRunner.commitTransaction, rollback: queryRunner.rollbackTransaction };
  const refuse = async (): Promise<void> => {
    throw new ManagesTransactions('the migration manages transactions itself');
  };
  try {
    await queryRunner.connect();
    await queryRunner.startTransaction();
    const before = (await introspectWith(dataSource, queryRunner, migrationsTableName)).model;
    Object.assign(queryRunner, { startTransaction: refuse, commitTransaction: refuse, rollbackTransaction: refuse });
    const upError = await up(queryRunner).then(() => undefined, (error: unknown) => error ?? new Error('up() failed'));
    if (upError instanceof ManagesTransactions) return { outcome: 'manages-transactions', before };
    if (upError) return { outcome: 'up-failed' };
    const { thrown, ...checked } = await checkDown(migration, before, () => down(queryRunner), () => introspectWith(dataSource, queryRunner, migrationsTableName), schema);
    return thrown instanceof ManagesTransactions ? { outcome: 'manages-transactions', before } : { outcome: 'checked', check: checked };
  } finally {
    Object.assign(queryRunner, { startTransaction: own.start, commitTransaction: own.commit, rollbackTransaction: own.rollback });
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => {});
    await queryRunner.release();
  }
}

async function checkDown(migration: LoadedMigration, before: SchemaModel, down: () => Promise<void>, read: () => Promise<{ model: SchemaModel }>, schema: string): Promise<DownCheck & { thrown?: unknown }> {
  try {
    await down();
  } catch (error) {
    return { migration, differences: [], error: describeError(error), thrown: error };
  }
  const after = await read();
  return { migration, differences: downDifferences(before, after.model, schema) };
}

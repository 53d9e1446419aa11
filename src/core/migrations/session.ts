// One runner session: the migrations loaded, the advisory lock taken for the whole run, and a
// TypeORM DataSource over the project's migration classes, each instrumented (progress,
// cancellation, the checksum of its file recorded in the same transaction as TypeORM's own row).
// Running, reverting, marking and capturing SQL (runner.ts, mark.ts, capture.ts) each open one.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { type DataSourceConfig, findFiles } from '../config';
import { connectClient, DEFAULT_CONNECT_TIMEOUT_MS, requireConnection, typeormConnectionOptions } from './connection';
import { contentChecksum } from './discover';
import { createChecksumTableSql, type ExecutedMigration, forgetChecksumSql, readExecutedMigrations, recordChecksumSql } from './history';
import { type LoadedMigration, loadMigrations } from './load';
import { acquireMigrationLock, migrationLockKey, releaseMigrationLock } from './lock';
import { type MigrationInstance, type QueryRunnerLike, resolveTypeOrm, silentLogger, type TypeOrmDataSource } from './typeorm';

export type RunProgress =
  | { kind: 'waiting-for-lock'; holder: string }
  | { kind: 'start'; direction: 'up' | 'down'; migration: string; index: number; total: number }
  | { kind: 'done'; direction: 'up' | 'down'; migration: string; index: number; total: number };

export interface RunnerOptions {
  dataSource: DataSourceConfig;
  /** Migration files; default: the data source's migration globs. */
  files?: string[];
  /** How long to wait for another runner's lock before refusing. Default 60 s. */
  lockTimeoutMs?: number;
  /** How long to wait for the database to accept a connection (default 10 s); the migrations themselves run unbounded. */
  timeoutMs?: number;
  onProgress?(event: RunProgress): void;
  /** Checked between migrations (and while waiting for the lock). */
  isCancelled?(): boolean;
}

export class MigrationRunError extends Error {
  constructor(
    message: string,
    readonly migration?: string,
    readonly statement?: string,
    /** What the database holds now, as the transaction mode promises. */
    readonly outcome?: string,
  ) {
    super(message);
  }
}

export class MigrationCancelledError extends Error {}

export interface Session {
  dataSource: TypeOrmDataSource;
  lockClient: pg.Client;
  migrations: LoadedMigration[];
  typeormVersion: string;
  executed(): Promise<ExecutedMigration[]>;
}

export interface Hooks {
  before(direction: 'up' | 'down', migration: LoadedMigration): void;
  failed(direction: 'up' | 'down', migration: LoadedMigration, error: unknown): never;
  after(direction: 'up' | 'down', migration: LoadedMigration): void;
}

/**
 * The project's migration class, instrumented: progress and cancellation before it runs, the
 * checksum of its file recorded (or forgotten) through the same query runner, so inside the same
 * transaction as TypeORM's own migrations-table row.
 */
function instrument(migration: LoadedMigration, schema: string, hooks: Hooks): new () => MigrationInstance {
  const Original = migration.migrationClass as new () => MigrationInstance;
  const checksum = contentChecksum(readFileSync(migration.file, 'utf8'));
  return class extends Original {
    constructor() {
      super();
      // TypeORM names a migration by `name`, else its constructor's name, which is now ours.
      if (!this.name) this.name = migration.name;
    }
    override async up(queryRunner: QueryRunnerLike): Promise<void> {
      hooks.before('up', migration);
      try {
        await super.up(queryRunner);
      } catch (error) {
        hooks.failed('up', migration, error);
      }
      await queryRunner.query(recordChecksumSql(schema), [migration.name, checksum]);
      hooks.after('up', migration);
    }
    override async down(queryRunner: QueryRunnerLike): Promise<void> {
      hooks.before('down', migration);
      try {
        await super.down(queryRunner);
      } catch (error) {
        hooks.failed('down', migration, error);
      }
      await queryRunner.query(forgetChecksumSql(schema), [migration.name]);
      hooks.after('down', migration);
    }
  };
}

/**
 * Loads the migrations, takes the lock, and opens a TypeORM DataSource over the migrations that
 * `choose` picks (given what has run; default all): TypeORM runs every pending migration it is given.
 */
export async function openSession(
  options: RunnerOptions,
  hooks: Hooks | undefined,
  use: (session: Session) => Promise<void>,
  choose?: (migrations: LoadedMigration[], executed: ExecutedMigration[]) => LoadedMigration[],
): Promise<void> {
  const config = options.dataSource;
  const connection = requireConnection(config);
  const files = options.files ?? (await findFiles(config.root, config.migrationGlobs));
  const loaded = await loadMigrations(files, { root: config.root });
  const errors = loaded.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    // A migration TypeORM cannot see might be an older pending one: running the rest could reorder history.
    throw new MigrationRunError(`refusing to run: ${errors.length} migration file(s) could not be loaded:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  const lockClient = await connectClient(connection, options.timeoutMs);
  const key = migrationLockKey(config.schema, config.migrationsTableName);
  try {
    await acquireMigrationLock(lockClient, key, {
      timeoutMs: options.lockTimeoutMs ?? 60_000,
      onWait: (holder) => options.onProgress?.({ kind: 'waiting-for-lock', holder }),
      isCancelled: options.isCancelled,
    });
    await lockClient.query(createChecksumTableSql(config.schema));
    const { typeorm, version } = resolveTypeOrm(config.root);
    const noHooks: Hooks = { before() {}, after() {}, failed: (_d, _m, error) => { throw error; } };
    const dataSource = new typeorm.DataSource({
      type: 'postgres',
      ...typeormConnectionOptions(connection),
      connectTimeoutMS: options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      schema: config.schema,
      migrationsTableName: config.migrationsTableName,
      migrationsTransactionMode: config.migrationsTransactionMode,
      migrations: (choose ? choose(loaded.migrations, await readExecutedMigrations(lockClient, config)) : loaded.migrations).map((migration) => instrument(migration, config.schema, hooks ?? noHooks)),
      entities: [],
      // TypeORM's logger prints migration failures to the console even with logging off; ours
      // carry the same message in the error instead.
      logger: silentLogger,
      poolSize: 2,
    });
    await dataSource.initialize();
    try {
      await use({
        dataSource,
        lockClient,
        migrations: loaded.migrations,
        typeormVersion: version,
        executed: () => readExecutedMigrations(lockClient, config),
      });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await releaseMigrationLock(lockClient, key).catch(() => {});
    await lockClient.end().catch(() => {});
  }
}

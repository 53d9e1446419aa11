// Runs and reverts migrations through TypeORM's own MigrationExecutor (so the migrations table,
// transaction modes and per-migration `transaction = false` behave exactly as `typeorm
// migration:run` would), with what TypeORM lacks around it: an advisory lock for the whole run,
// progress and cancellation between migrations, "up to this one", several reverts, checksums of what
// ran, and errors that name the migration and the statement. Loading migrations executes project
// code: front ends call this only in a trusted workspace.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type pg from 'pg';
import { type DataSourceConfig, findFiles } from '../config';
import { connectClient, requireConnection, typeormConnectionOptions } from './connection';
import { contentChecksum } from './discover';
import {
  createChecksumTableSql,
  createMigrationsTableSql,
  type ExecutedMigration,
  forgetChecksumSql,
  qualifiedTable,
  readExecutedMigrations,
  recordChecksumSql,
} from './history';
import { type LoadedMigration, loadMigrations } from './load';
import { acquireMigrationLock, migrationLockKey, releaseMigrationLock } from './lock';
import { messageOf } from '../errors';

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

interface MigrationInstance {
  name?: string;
  transaction?: boolean;
  up(queryRunner: QueryRunnerLike): Promise<unknown>;
  down(queryRunner: QueryRunnerLike): Promise<unknown>;
}

interface QueryRunnerLike {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  connect(): Promise<unknown>;
  startTransaction(): Promise<void>;
  rollbackTransaction(): Promise<void>;
  release(): Promise<void>;
  isTransactionActive: boolean;
}

interface TypeOrmDataSource {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
  runMigrations(options: { transaction: 'all' | 'each' | 'none' }): Promise<Array<{ name: string }>>;
  undoLastMigration(options: { transaction: 'all' | 'each' | 'none' }): Promise<void>;
  createQueryRunner(): QueryRunnerLike;
}

interface TypeOrmModule {
  DataSource: new (options: Record<string, unknown>) => TypeOrmDataSource;
}

/** The version in the package.json above a resolved module entry point (typeorm 1.x does not export its package.json). */
function packageVersion(entry: string, name: string): string | undefined {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version;
    } catch {
      // No package.json at this level: keep walking up.
    }
  }
  return undefined;
}

/** The project's own typeorm when it has one installed, else the one Schema Lens bundles. */
export function resolveTypeOrm(root: string): { typeorm: TypeOrmModule; version: string; source: 'project' | 'bundled' } {
  const projectRequire = createRequire(join(root, 'package.json'));
  let entry: string | undefined;
  try {
    entry = projectRequire.resolve('typeorm');
  } catch {
    // Not installed in the project: use ours.
  }
  if (entry) return { typeorm: projectRequire(entry) as TypeOrmModule, version: packageVersion(entry, 'typeorm') ?? 'unknown', source: 'project' };
  const typeorm = require('typeorm') as TypeOrmModule;
  let version = 'bundled';
  try {
    version = packageVersion(require.resolve('typeorm'), 'typeorm') ?? version;
  } catch {
    // Inside the esbuild bundle typeorm has no file of its own.
  }
  return { typeorm, version, source: 'bundled' };
}

function errorMessage(error: unknown): string {
  return messageOf(error);
}

/** The SQL TypeORM was running when a migration failed (QueryFailedError carries it). */
function failingStatement(error: unknown): string | undefined {
  const query = (error as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' ? query : undefined;
}

const silentLogger = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };

interface Session {
  dataSource: TypeOrmDataSource;
  lockClient: pg.Client;
  migrations: LoadedMigration[];
  typeormVersion: string;
  executed(): Promise<ExecutedMigration[]>;
}

interface Hooks {
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
async function openSession(
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
  const lockClient = await connectClient(connection);
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

function outcomeAfterFailure(mode: 'all' | 'each' | 'none', migration: LoadedMigration, instance: MigrationInstance, direction: 'up' | 'down', done: string[]): string {
  const transactional = direction === 'down' ? mode !== 'none' : mode === 'all' ? true : (instance.transaction ?? mode === 'each');
  if (direction === 'down') {
    return transactional
      ? `${migration.name} was rolled back and is still applied${done.length ? `; already reverted: ${done.join(', ')}` : ''}.`
      : `${migration.name} ran without a transaction (mode none): statements before the failing one remain; it is still recorded as applied. Check the database.`;
  }
  if (mode === 'all') return 'Everything was rolled back (transaction mode all): no migration of this run was applied.';
  const before = done.length ? `applied and committed: ${done.join(', ')}; ` : '';
  return transactional
    ? `${before}${migration.name} was rolled back and is still pending.`
    : `${before}${migration.name} ran without a transaction: statements before the failing one remain, and it is still pending. Check the database before running it again.`;
}

function makeHooks(options: RunnerOptions, total: () => number, done: string[]): Hooks {
  const mode = options.dataSource.migrationsTransactionMode;
  return {
    before(direction, migration) {
      if (options.isCancelled?.()) {
        const kept = mode === 'all' && direction === 'up' ? 'nothing of this run was applied (transaction mode all)' : `done before cancelling: ${done.join(', ') || 'none'}`;
        throw new MigrationCancelledError(`cancelled before ${migration.name}; ${kept}`);
      }
      options.onProgress?.({ kind: 'start', direction, migration: migration.name, index: done.length, total: total() });
    },
    failed(direction, migration, error) {
      if (error instanceof MigrationCancelledError) throw error;
      const statement = failingStatement(error);
      const instance = new (migration.migrationClass as new () => MigrationInstance)();
      const outcome = outcomeAfterFailure(mode, migration, instance, direction, done);
      throw new MigrationRunError(
        `migration ${migration.name} (${basename(migration.file)}) failed in ${direction}(): ${errorMessage(error)}${statement ? `\n  statement: ${statement}` : ''}\n  ${outcome}`,
        migration.name,
        statement,
        outcome,
      );
    },
    after(direction, migration) {
      done.push(migration.name);
      options.onProgress?.({ kind: 'done', direction, migration: migration.name, index: done.length, total: total() });
    },
  };
}

export interface RunResult {
  /** Names, in the order they ran. */
  executed: string[];
  typeormVersion: string;
}

/** Runs the pending migrations (all, or up to and including `to`). */
export async function runMigrations(options: RunnerOptions & { to?: string }): Promise<RunResult> {
  const done: string[] = [];
  let total = 0;
  let typeormVersion = '';
  let target: LoadedMigration | undefined;
  await openSession(
    options,
    makeHooks(options, () => total, done),
    async (session) => {
      typeormVersion = session.typeormVersion;
      if (options.to !== undefined && !target) throw new MigrationRunError(`no migration named ${options.to}`);
      const executed = new Set((await session.executed()).map((row) => row.name));
      total = session.migrations.filter((migration) => !executed.has(migration.name) && (!target || migration.timestamp <= target.timestamp)).length;
      if (total === 0) return;
      await session.dataSource.runMigrations({ transaction: options.dataSource.migrationsTransactionMode });
    },
    (migrations) => {
      target = options.to === undefined ? undefined : migrations.find((migration) => migration.name === options.to);
      return target ? migrations.filter((migration) => migration.timestamp <= target!.timestamp) : migrations;
    },
  );
  return { executed: done, typeormVersion };
}

export interface RevertResult {
  /** Names, newest first, in the order they were reverted. */
  reverted: string[];
  typeormVersion: string;
}

/** The executed migrations a revert would undo, newest first: the last one, or down to and including `to`. */
export function revertPlan(executed: ExecutedMigration[], to?: string): ExecutedMigration[] {
  const newestFirst = [...executed].sort((a, b) => b.id - a.id);
  if (to === undefined) return newestFirst.slice(0, 1);
  const index = newestFirst.findIndex((row) => row.name === to);
  if (index < 0) throw new MigrationRunError(`${to} is not an executed migration on this database`);
  return newestFirst.slice(0, index + 1);
}

/** Reverts the newest executed migration, or every one down to and including `to`, newest first. */
export async function revertMigrations(options: RunnerOptions & { to?: string; expected?: string[] }): Promise<RevertResult> {
  const done: string[] = [];
  let total = 0;
  let typeormVersion = '';
  await openSession(options, makeHooks(options, () => total, done), async (session) => {
    typeormVersion = session.typeormVersion;
    const plan = revertPlan(await session.executed(), options.to);
    if (options.expected && plan.map((row) => row.name).join('\n') !== options.expected.join('\n')) {
      // The user confirmed (and we backed up for) a different list: someone ran or reverted meanwhile.
      throw new MigrationRunError(`the migrations to revert changed since they were confirmed (now: ${plan.map((row) => row.name).join(', ') || 'none'}); nothing was reverted`);
    }
    total = plan.length;
    for (const row of plan) {
      if (!session.migrations.some((migration) => migration.name === row.name)) {
        throw new MigrationRunError(`cannot revert ${row.name}: no migration file has that name${done.length ? ` (reverted before it: ${done.join(', ')})` : ''}`, row.name);
      }
      await session.dataSource.undoLastMigration({ transaction: options.dataSource.migrationsTransactionMode });
    }
  });
  return { reverted: done, typeormVersion };
}

/**
 * Records a migration as applied (or not) without running it: for a change someone already made by
 * hand. Applied also records the file's checksum, as if it had run.
 */
export async function markMigration(options: RunnerOptions & { name: string; applied: boolean }): Promise<void> {
  const config = options.dataSource;
  await openSession(options, undefined, async (session) => {
    const migration = session.migrations.find((candidate) => candidate.name === options.name);
    const executed = await session.executed();
    const table = qualifiedTable(config.schema, config.migrationsTableName);
    const client = session.lockClient;
    await client.query('BEGIN');
    try {
      if (options.applied) {
        if (!migration) throw new MigrationRunError(`no migration file named ${options.name}`);
        if (!executed.some((row) => row.name === options.name)) {
          await client.query(createMigrationsTableSql(config));
          await client.query(`INSERT INTO ${table} ("timestamp", "name") VALUES ($1, $2)`, [migration.timestamp, migration.name]);
        }
        await client.query(recordChecksumSql(config.schema), [migration.name, contentChecksum(readFileSync(migration.file, 'utf8'))]);
      } else {
        if (!executed.some((row) => row.name === options.name)) throw new MigrationRunError(`${options.name} is not recorded as applied`);
        await client.query(`DELETE FROM ${table} WHERE "name" = $1`, [options.name]);
        await client.query(forgetChecksumSql(config.schema), [options.name]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

export interface CapturedSql {
  statements: string[];
  /** Set when the migration failed while being captured (the statements up to there are listed). */
  error?: string;
}

/**
 * The SQL a migration's up() or down() sends, captured by running it inside a transaction that is
 * always rolled back. A migration that cannot run in a transaction (CREATE INDEX CONCURRENTLY)
 * reports the error after the statements before it.
 */
export async function captureMigrationSql(options: RunnerOptions & { name: string; direction: 'up' | 'down' }): Promise<CapturedSql> {
  const captured: CapturedSql = { statements: [] };
  await openSession(options, undefined, async (session) => {
    const migration = session.migrations.find((candidate) => candidate.name === options.name);
    if (!migration) throw new MigrationRunError(`no migration file named ${options.name}`);
    const queryRunner = session.dataSource.createQueryRunner();
    await queryRunner.connect();
    const realQuery = queryRunner.query.bind(queryRunner);
    try {
      await queryRunner.startTransaction();
      queryRunner.query = (sql: string, parameters?: unknown[]) => {
        captured.statements.push(parameters && parameters.length > 0 ? `${sql} -- parameters: ${JSON.stringify(parameters)}` : sql);
        return realQuery(sql, parameters);
      };
      const instance = new (migration.migrationClass as new () => MigrationInstance)();
      await instance[options.direction](queryRunner);
    } catch (error) {
      captured.error = errorMessage(error);
    } finally {
      queryRunner.query = realQuery;
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => {});
      await queryRunner.release();
    }
  });
  return captured;
}

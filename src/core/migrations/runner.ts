// Runs and reverts migrations through TypeORM's own MigrationExecutor (so the migrations table,
// transaction modes and per-migration `transaction = false` behave exactly as `typeorm
// migration:run` would), with what TypeORM lacks around it: an advisory lock for the whole run,
// progress and cancellation between migrations, "up to this one", several reverts, checksums of what
// ran, and errors that name the migration and the statement. Loading migrations executes project
// code: front ends call this only in a trusted workspace.
import { basename } from 'node:path';
import type { ExecutedMigration } from './history';
import type { LoadedMigration } from './load';
import { type Hooks, MigrationCancelledError, MigrationRunError, openSession, type RunnerOptions } from './session';
import type { MigrationInstance } from './typeorm';
import { messageOf } from '../errors';

export { MigrationCancelledError, MigrationRunError, type RunnerOptions, type RunProgress } from './session';

function errorMessage(error: unknown): string {
  return messageOf(error);
}

/** The SQL TypeORM was running when a migration failed (QueryFailedError carries it). */
function failingStatement(error: unknown): string | undefined {
  const query = (error as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' ? query : undefined;
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

// The SQL a migration sends, captured without changing anything: for "Show Migration SQL" and for
// a revert's risk analysis when its down() is not plain SQL.
import { MigrationRunError, openSession, type RunnerOptions } from './session';
import type { MigrationInstance } from './typeorm';
import { messageOf } from '../errors';

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
      captured.error = messageOf(error);
    } finally {
      queryRunner.query = realQuery;
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => {});
      await queryRunner.release();
    }
  });
  return captured;
}

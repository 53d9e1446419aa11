// Marking a migration as applied or not, without running it: for a change someone already made by
// hand. The migrations table row and Schema Lens's checksum change in one transaction.
import { readFileSync } from 'node:fs';
import { contentChecksum } from './discover';
import { createMigrationsTableSql, forgetChecksumSql, qualifiedTable, recordChecksumSql } from './history';
import { MigrationRunError, openSession, type RunnerOptions } from './session';

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

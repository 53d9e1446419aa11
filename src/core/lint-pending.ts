// The migration files' part of `check` (core/check.ts) that the lint owns: the lint findings of the
// pending migrations and the `schema-lens-ignore` comments in migration files. Apart from lint.ts so
// that `lint` can run `check`'s drift comparison (lint.ts imports check.ts) without a cycle.
import type pg from 'pg';
import type { DataSourceConfig } from './config';
import { postgres } from './dialect';
import { parseFile } from './entities/parse';
import { lintMigrations, type MigrationFile } from './migrations';
import type { Finding } from './rules/finding';
import type { SuppressionRange } from './rules/suppress';

/**
 * The lint findings `check` reports: those of the migrations that have not run on the connected
 * database yet (what the next deploy will do to it), with its table sizes. Migrations that already
 * ran cannot be changed any more (editing one is SL404), so their findings would only be noise.
 */
export async function lintPending(client: pg.ClientBase, dataSource: DataSourceConfig, pending: MigrationFile[], history: readonly MigrationFile[]): Promise<Finding[]> {
  return lintMigrations(pending, {
    history,
    schema: dataSource.schema,
    transactionMode: dataSource.migrationsTransactionMode,
    tableSizes: (tables) => postgres.migrationSql.tableSizes(client, tables),
  });
}

/** Suppression comments in migration files; only files that have one are parsed. */
export function migrationSuppressions(texts: ReadonlyMap<string, string>): SuppressionRange[] {
  const suppressions: SuppressionRange[] = [];
  for (const [file, text] of texts) {
    if (!text.includes('schema-lens-ignore')) continue;
    for (const suppression of parseFile(file, text).suppressions) suppressions.push({ file, ...suppression });
  }
  return suppressions;
}

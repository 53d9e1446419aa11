// The migration fix that builds an index. A plain CREATE INDEX holds a SHARE lock on the table, which
// blocks every write until the build ends; on a big table that is an outage. There the fix builds it
// CONCURRENTLY (writes go on; it takes longer), which PostgreSQL allows only outside a transaction,
// so the migration says `transaction = false`.
import type { Index, Table } from '../model/schema';
import type { Fix } from './finding';
import type { RuleContext } from './rule';

/**
 * From this many rows (the database's estimate) the index is built CONCURRENTLY. The dev database is
 * usually smaller than production, so the bar is low: a table this big there is a big one in production.
 */
export const CONCURRENT_INDEX_MIN_ROWS = 10_000;

export function createIndexFix(context: RuleContext, table: Table, index: Index, name: string, title: string, migration: string): Extract<Fix, { kind: 'migration' }> {
  const { createIndexSql, dropIndexSql } = context.dialect.ddl;
  const big = (table.estimatedRows ?? -1) >= CONCURRENT_INDEX_MIN_ROWS;
  const rows = big ? `about ${Math.round(table.estimatedRows!).toLocaleString('en-US')} rows` : '';
  // TypeORM runs every pending migration in one transaction under 'all' (its default) and refuses a
  // class that opts out: there the build can only be plain, and the title says how to change that.
  const mode = context.migrationsTransactionMode ?? 'all';
  const concurrently = big && mode !== 'all';
  return {
    kind: 'migration',
    title: concurrently ? `${title} (CONCURRENTLY: ${rows})` : big ? `${title} (blocks writes while it builds on ${rows}; migrationsTransactionMode 'each' would let it be built CONCURRENTLY)` : title,
    name: migration,
    up: [createIndexSql(table, index, name, { concurrently })],
    // TypeORM reverts in a transaction whatever the class says (unless the mode is 'none'), and
    // DROP INDEX CONCURRENTLY cannot run in one; dropping is quick anyway.
    down: [dropIndexSql(table.schema, name, { concurrently: concurrently && mode === 'none' })],
    ...(concurrently ? { transaction: false as const } : {}),
  };
}

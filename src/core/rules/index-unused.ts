// SL304: an index no query has used since statistics were last reset, on a table big enough for
// that to matter. Only meaningful on a database that has served real traffic (never on the shadow
// or a fresh dev database): information only, and the message says so.
import { indexCovers } from '../diff/compare';
import type { Index, Table } from '../model/schema';
import { qualifiedKey } from '../model/schema';
import { tableLabel } from './labels';
import { defineRule } from './rule';
import { migrationName } from './migration-name';

/** Below this many (estimated) rows a sequential scan is cheap and an unused index is no news. */
export const UNUSED_INDEX_MIN_ROWS = 10_000;

/** Indexes that must stay whatever their scan count: they enforce or protect something. */
function loadBearing(table: Table, index: Index): boolean {
  return index.unique || index.valid === false || table.foreignKeys.some((key) => indexCovers(index, key.columns));
}

export const indexUnused = defineRule(
  'SL304',
  'index',
  'info',
  'Unused index',
  'An index that no query has used since statistics were last reset still costs every write, disk and cache; on a database that serves real traffic it is usually safe to drop.',
  (context, emit) => {
    if (context.actualSource !== 'database') return;
    const { createIndexSql, dropIndexSql } = context.dialect.ddl;
    const intended = new Map(context.intended.tables.map((table) => [qualifiedKey(table), table]));
    for (const table of context.actual?.tables ?? []) {
      if ((table.estimatedRows ?? -1) < UNUSED_INDEX_MIN_ROWS) continue;
      for (const index of table.indexes) {
        if (index.scans !== 0 || !index.name || loadBearing(table, index)) continue;
        emit({
          message:
            `Index ${index.name} on ${tableLabel(table)} (about ${Math.round(table.estimatedRows!)} rows) has not been used by any query since statistics were last reset. ` +
            'This only means something on a database that has served real traffic for a while (and on every replica that serves reads).',
          schema: table.schema,
          table: table.name,
          constraint: index.name,
          span: intended.get(qualifiedKey(table))?.span,
          fixes: [
            {
              kind: 'migration',
              title: `Drop the unused index ${index.name}`,
              name: migrationName('Drop', table.name, 'Unused', 'Index'),
              up: [dropIndexSql(table.schema, index.name)],
              down: [createIndexSql(table, index, index.name)],
            },
          ],
        });
      }
    }
  },
);

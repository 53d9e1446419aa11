// SL502: an INVALID index (typically a CREATE INDEX CONCURRENTLY that failed): writes still
// maintain it, but no query uses it.
import { qualifiedKey } from '../model/schema';
import { tableLabel } from './labels';
import { defineRule } from './rule';
import { migrationName } from './migration-name';

export const indexInvalid = defineRule('SL502', 'health', 'error', 'Invalid index',
  'An INVALID index (e.g. from a failed CREATE INDEX CONCURRENTLY) is maintained on every write but never used by a query.', (context, emit) => {
  const { rebuildIndexSql } = context.dialect.ddl;
  const intended = new Map(context.intended.tables.map((table) => [qualifiedKey(table), table]));
  for (const table of context.actual?.tables ?? []) {
    for (const index of table.indexes) {
      if (index.valid !== false || !index.name) continue;
      emit({
        message: `Index ${index.name} on ${tableLabel(table)} is INVALID (a failed CREATE INDEX CONCURRENTLY?): every write still pays for it, but no query can use it.`,
        schema: table.schema,
        table: table.name,
        constraint: index.name,
        span: intended.get(qualifiedKey(table))?.span,
        fixes: [
          {
            kind: 'migration',
            title: `Rebuild index ${index.name}`,
            name: migrationName('Reindex', index.name),
            up: [rebuildIndexSql(table.schema, index.name)],
            // Rebuilding cannot be undone, and need not be.
            down: [],
          },
        ],
      });
    }
  }
});

// SL301: a foreign key with no index that starts with its columns. PostgreSQL does not index
// foreign-key columns by itself and TypeORM does not either (REFERENCE.md), so every delete or key
// update on the referenced table scans the referencing table, and joins from parent to children
// cannot use an index. Checked on the entities alone (no database needed) and on the database.
import { sameForeignKeyTarget, tableCovers } from '../diff/compare';
import type { ForeignKey, Table } from '../model/schema';
import { qualifiedKey } from '../model/schema';
import type { Fix } from './finding';
import { describeForeignKey } from './foreign-key-missing';
import { tableLabel } from './labels';
import type { RuleContext } from './rule';
import { defineRule } from './rule';
import { addDecoratorEdits } from './source-edit';
import { typeormName } from '../model/names';
import { migrationName } from './migration-name';
import { createIndexFix } from './index-build';

function fixes(context: RuleContext, table: Table, key: ForeignKey, entityTable: Table | undefined): Fix[] {
  const name = typeormName('IDX', table.name, key.columns);
  const index = { keys: key.columns.map((column) => ({ kind: 'column' as const, name: column })), unique: false, method: 'btree' };
  const result: Fix[] = [createIndexFix(context, table, index, name, `Create an index on ${tableLabel(table)}(${key.columns.join(', ')})`, migrationName('Add', table.name, ...key.columns, 'Index'))];
  // `@Index()` on a single-column relation property indexes its join column: the entity then says so too.
  const entityKey = entityTable?.foreignKeys.find((candidate) => sameForeignKeyTarget(candidate, key));
  const span = entityKey?.span;
  const text = span && entityKey.relation && key.columns.length === 1 ? context.readSource?.(span.file) : undefined;
  if (span && text !== undefined) {
    result.push({ kind: 'source-edit', title: `Add @Index() to ${entityTable!.entity?.className ?? tableLabel(table)}.${entityKey.relation}`, edits: addDecoratorEdits(span.file, text, span.startOffset, '@Index()', 'Index') });
  }
  return result;
}

export const foreignKeyUnindexed = defineRule('SL301', 'index', 'warning', 'Foreign key without a covering index',
  'PostgreSQL does not index foreign-key columns by itself (nor does TypeORM): deleting or updating a referenced row scans the whole referencing table, and joins from parent to children cannot use an index.', (context, emit) => {
  const actualTables = new Map((context.actual?.tables ?? []).map((table) => [qualifiedKey(table), table]));
  const report = (table: Table, key: ForeignKey, entityTable: Table | undefined): void => {
    const referenced = tableLabel(key.referencedTable);
    emit({
      message:
        `Foreign key ${describeForeignKey(table, key)} has no index starting with (${key.columns.join(', ')}): ` +
        `deleting or updating a row of ${referenced} scans all of ${tableLabel(table)}, and finding the ${tableLabel(table)} rows of one ${referenced} row cannot use an index.`,
      schema: table.schema,
      table: table.name,
      column: key.columns.length === 1 ? key.columns[0] : undefined,
      constraint: key.name,
      span: entityTable?.foreignKeys.find((candidate) => sameForeignKeyTarget(candidate, key))?.span ?? entityTable?.span,
      fixes: fixes(context, table, key, entityTable),
    });
  };
  const intendedTables = new Map(context.intended.tables.map((table) => [qualifiedKey(table), table]));
  // Keys the entities declare: covered when either side has a covering index (a declared index the
  // database lacks is SL303's finding, not this one).
  for (const table of context.intended.tables) {
    const actual = actualTables.get(qualifiedKey(table));
    // On the entities alone, an index the reader could not read may be the one that covers the key.
    if (!actual && table.unknown?.constraints?.length) continue;
    for (const key of table.foreignKeys) {
      if (tableCovers(table, key.columns) || (actual && tableCovers(actual, key.columns))) continue;
      report(actual ?? table, key, table);
    }
  }
  // Keys only the database has.
  for (const actual of context.actual?.tables ?? []) {
    const entityTable = intendedTables.get(qualifiedKey(actual));
    for (const key of actual.foreignKeys) {
      if (entityTable?.foreignKeys.some((candidate) => sameForeignKeyTarget(candidate, key))) continue;
      if (tableCovers(actual, key.columns) || (entityTable && tableCovers(entityTable, key.columns))) continue;
      report(actual, key, entityTable);
    }
  }
});

// SL202: the foreign key exists but its ON DELETE / ON UPDATE (or deferrability) differ.
import type { ForeignKey } from '../model/schema';
import { describeForeignKey } from './foreign-key-missing';
import { actualLabel } from './labels';
import { changeRule } from './rule';
import { foreignKeyName } from '../model/names';
import { migrationName } from './migration-name';

function actions(key: ForeignKey): string {
  return `ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}${key.deferrable ? ` DEFERRABLE ${key.deferrable}` : ''}`;
}

export const foreignKeyActions = changeRule('SL202', 'integrity', 'warning', 'Foreign key actions differ',
  'Deleting or updating a referenced row behaves differently from what the relation declares (e.g. no cascade, or an unexpected one).', 'foreign-key-actions', (change, context) => {
  const { addForeignKeySql, dropConstraintSql } = context.dialect.ddl;
  const table = change.table.actual;
  const { intended, actual } = change;
  // Keep the existing constraint's name so the fix replaces it without renaming.
  const actualName = actual.name ?? foreignKeyName(change.table.intended, actual);
  const newName = intended.name ?? actualName;
  return {
    message: `Foreign key ${describeForeignKey(table, intended)} is ${actions(actual)} in ${actualLabel(context)}, but the relation says ${actions(intended)}.`,
    schema: table.schema,
    table: table.name,
    column: intended.columns.length === 1 ? intended.columns[0] : undefined,
    constraint: actualName,
    span: change.span,
    fixes: [
      {
        kind: 'migration',
        title: `Change the foreign key to ${actions(intended)}`,
        name: migrationName('Alter', table.name, ...intended.columns, 'ForeignKey'),
        up: [dropConstraintSql(table, actualName), addForeignKeySql(table, intended, newName)],
        down: [dropConstraintSql(table, newName), addForeignKeySql(table, actual, actualName)],
      },
    ],
  };
});

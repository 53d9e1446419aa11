// SL201: a relation declares a foreign key that the database does not have.
import type { ForeignKey, QualifiedName } from '../model/schema';
import { actualLabel, describeColumns, tableLabel } from './labels';
import { changeRule } from './rule';
import { foreignKeyName } from '../model/names';
import { migrationName } from './migration-name';

export function describeForeignKey(table: QualifiedName, key: ForeignKey): string {
  return `${tableLabel(table)}(${describeColumns(key.columns)}) -> ${tableLabel(key.referencedTable)}(${describeColumns(key.referencedColumns)})`;
}

export const foreignKeyMissing = changeRule('SL201', 'integrity', 'error', 'Foreign key missing in the database',
  'Without the foreign key, rows can point at rows that do not exist, and ON DELETE behaviour the relation declares never happens.', 'foreign-key-missing', (change, context) => {
  const { addForeignKeySql, dropConstraintSql } = context.dialect.ddl;
  const table = change.table.actual;
  const key = change.intended;
  const name = foreignKeyName(change.table.intended, key);
  const owner = key.relation && change.table.intended.entity ? ` (relation ${change.table.intended.entity.className}.${key.relation})` : '';
  return {
    message: `Foreign key ${describeForeignKey(table, key)}${owner} does not exist in ${actualLabel(context)}: rows can point at ${tableLabel(key.referencedTable)} rows that do not exist.`,
    schema: table.schema,
    table: table.name,
    column: key.columns.length === 1 ? key.columns[0] : undefined,
    constraint: name,
    span: change.span,
    fixes: [
      {
        kind: 'migration',
        title: `Add foreign key ${describeForeignKey(table, key)}`,
        name: migrationName('Add', table.name, ...key.columns, 'ForeignKey'),
        up: [addForeignKeySql(table, key, name)],
        down: [dropConstraintSql(table, name)],
      },
    ],
  };
});

// SL108: a unique constraint the entity declares is not enforced by the database.
import { actualLabel, describeColumns, entityLabel, tableLabel } from './labels';
import { changeRule } from './rule';
import { typeormName } from '../model/names';
import { migrationName } from './migration-name';

export const uniqueMissing = changeRule('SL108', 'drift', 'error', 'Unique constraint missing',
  'The application relies on uniqueness that nothing enforces: duplicates can be saved under concurrency.', 'unique-missing', (change, context) => {
  const { addUniqueSql, dropConstraintSql } = context.dialect.ddl;
  const table = change.table.actual;
  const unique = change.intended;
  const name = unique.name ?? typeormName('UQ', table.name, unique.columns);
  return {
    message: `${tableLabel(table)}(${describeColumns(unique.columns)})${entityLabel(change.table.intended)} is declared unique, but ${actualLabel(context)} has no unique constraint or index on those columns: duplicates can be saved.`,
    schema: table.schema,
    table: table.name,
    column: unique.columns.length === 1 ? unique.columns[0] : undefined,
    constraint: name,
    span: change.span,
    fixes: [
      {
        kind: 'migration',
        title: `Add unique constraint on ${tableLabel(table)}(${describeColumns(unique.columns)})`,
        name: migrationName('Add', table.name, ...unique.columns, 'Unique'),
        up: [addUniqueSql(table, unique, name)],
        down: [dropConstraintSql(table, name)],
      },
    ],
  };
});

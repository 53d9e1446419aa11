// SL102: an entity's column does not exist in its table.
import { actualLabel, columnLabel, entityLabel } from './labels';
import { changeRule } from './rule';
import { migrationName } from './migration-name';

export const columnMissing = changeRule('SL102', 'drift', 'error', 'Column missing in the database',
  'Queries that select or save the entity fail with \'column does not exist\'.', 'column-missing', (change, context) => {
  const { addColumnSql, dropColumnSql } = context.dialect.ddl;
  const table = change.table.actual;
  const column = change.intended;
  const hint = !column.nullable && column.default === undefined && !column.generated ? ' Adding it as NOT NULL without a default fails on a table with rows.' : '';
  return {
    message: `Column ${columnLabel(table, column.name)}${entityLabel(change.table.intended, column)} does not exist in ${actualLabel(context)}.${hint}`,
    schema: table.schema,
    table: table.name,
    column: column.name,
    span: change.span,
    fixes: [
      {
        kind: 'migration',
        title: `Add column ${columnLabel(table, column.name)}`,
        name: migrationName('Add', table.name, column.name),
        up: [addColumnSql(table, column)],
        down: [dropColumnSql(table, column.name)],
      },
    ],
  };
});

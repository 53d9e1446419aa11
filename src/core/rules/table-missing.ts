// SL101: an entity's table does not exist.
import { entityLabel, actualLabel, tableLabel } from './labels';
import { changeRule } from './rule';
import { migrationName } from './migration-name';

export const tableMissing = changeRule('SL101', 'drift', 'error', 'Table missing in the database',
  'Code that uses the entity fails at run time with \'relation does not exist\'. Usually a migration was not written or has not run.', 'table-missing', (change, context) => {
  const { createTableSql, dropTableSql } = context.dialect.ddl;
  const table = change.intended;
  return {
    message: `Table ${tableLabel(table)}${entityLabel(table)} does not exist in ${actualLabel(context)}: a migration that creates it is missing or has not run.`,
    schema: table.schema,
    table: table.name,
    span: change.span,
    fixes: [
      {
        kind: 'migration',
        title: `Create table ${tableLabel(table)}`,
        name: migrationName('Create', table.name),
        up: createTableSql(table),
        down: [dropTableSql(table)],
      },
    ],
  };
});

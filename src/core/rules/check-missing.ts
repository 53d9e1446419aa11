// SL109: a check constraint the entity declares does not exist.
import { actualLabel, entityLabel, tableLabel } from './labels';
import { changeRule } from './rule';
import { typeormName } from '../model/names';
import { migrationName } from './migration-name';

export const checkMissing = changeRule('SL109', 'drift', 'warning', 'Check constraint missing',
  'Rows that break the rule the entity declares can be written by any client.', 'check-missing', (change, context) => {
  const { addCheckSql, dropConstraintSql } = context.dialect.ddl;
  const table = change.table.actual;
  const check = change.intended;
  const name = check.name ?? typeormName('CHK', table.name, [check.expression]);
  return {
    message: `Check constraint (${check.expression}) on ${tableLabel(table)}${entityLabel(change.table.intended)} does not exist in ${actualLabel(context)}: rows that break it can be saved.`,
    schema: table.schema,
    table: table.name,
    constraint: name,
    span: change.span,
    fixes: [
      {
        kind: 'migration',
        title: `Add check constraint on ${tableLabel(table)}`,
        name: migrationName('Add', table.name, 'Check'),
        up: [addCheckSql(table, check, name)],
        down: [dropConstraintSql(table, name)],
      },
    ],
  };
});

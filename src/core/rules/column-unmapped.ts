// SL111: a column in a mapped table that the entity does not declare. Information only.
import { actualLabel, columnLabel, entityLabel } from './labels';
import { changeRule } from './rule';

export const columnUnmapped = changeRule('SL111', 'drift', 'info', 'Column not mapped by the entity',
  'Information: a column the entity does not map is invisible to the application; if it is NOT NULL without a default, inserts through the entity fail.', 'column-unmapped', (change, context) => {
  const table = change.table.actual;
  const column = change.actual;
  const required = !column.nullable && column.default === undefined && !column.generated;
  return {
    message: `Column ${columnLabel(table, column.name)} exists in ${actualLabel(context)} but the entity${entityLabel(change.table.intended)} does not declare it.${required ? ' It is NOT NULL without a default, so inserting through the entity fails.' : ''}`,
    schema: table.schema,
    table: table.name,
    column: column.name,
    span: change.span,
  };
});

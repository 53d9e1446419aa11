// SL110: a table in the database that no entity maps. Information only: many projects keep
// tables outside the ORM on purpose.
import { actualLabel, tableLabel } from './labels';
import { changeRule } from './rule';

/** TypeORM's own bookkeeping, never an entity. */
const BOOKKEEPING = new Set(['typeorm_metadata', 'query-result-cache']);

export const tableUnmapped = changeRule('SL110', 'drift', 'info', 'Table not mapped by any entity',
  'Information: a table no entity maps is either left over from a removed entity or managed outside TypeORM.', 'table-unmapped', (change, context) => {
  const table = change.actual;
  if (BOOKKEEPING.has(table.name)) return undefined;
  return {
    message: `Table ${tableLabel(table)} exists in ${actualLabel(context)} but no entity maps it (an entity was removed, or the table is managed outside TypeORM).`,
    schema: table.schema,
    table: table.name,
  };
});

import { defineLintRule, tableKey, tableLabel } from './lint-rule';

export const dropTable = defineLintRule(
  'SL607',
  'warning',
  'Table dropped',
  'Running code that still uses the table fails, and every row is gone. Stop using it in the code first, back it up, drop it in a later release.',
  false,
  (operation, state) =>
    operation.kind === 'drop-table'
      ? operation.tables.filter((table) => !state.createdByUp.has(`table:${tableKey(table)}`)).map((table) => ({
          table,
          message: `Dropping ${tableLabel(table)} (ACCESS EXCLUSIVE) breaks any running code that still uses it and loses every row. Safe: remove its entity and deploy first, back it up, then drop it in a later migration.`,
        }))
      : undefined,
);

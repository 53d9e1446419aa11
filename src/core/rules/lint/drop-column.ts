import { defineLintRule, tableKey, tableLabel } from './lint-rule';

export const dropColumn = defineLintRule(
  'SL606',
  'warning',
  'Column dropped',
  'Application code still running (the previous release, during a rolling deploy) that reads or writes the column fails, and the values are gone. Stop using the column in the code first (TypeORM: remove it from the entity and deploy), drop it in a later release.',
  false,
  (operation, state) =>
    operation.kind === 'drop-column' && !state.createdByUp.has(`column:${tableKey(operation.table)}.${operation.column}`)
      ? {
          table: operation.table,
          column: operation.column,
          message: `Dropping ${tableLabel(operation.table)}."${operation.column}" (ACCESS EXCLUSIVE, brief) breaks any running code that still selects or inserts it (TypeORM selects every mapped column), and loses its values. Safe: remove it from the entity and deploy first; drop it in a later migration.`,
        }
      : undefined,
);

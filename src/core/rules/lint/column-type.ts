import { defineLintRule, tableLabel } from './lint-rule';

export const columnTypeChange = defineLintRule(
  'SL609',
  'warning',
  'Column type changed in place',
  'Changing a column type (except a few binary-compatible widenings, such as varchar(n) to a longer varchar or text) rewrites the table and its indexes under an ACCESS EXCLUSIVE lock. Add a new column, backfill in batches, switch the code, drop the old one.',
  true,
  (operation) =>
    operation.kind === 'alter-column-type'
      ? {
          table: operation.table,
          column: operation.column,
          message: `Changing ${tableLabel(operation.table)}."${operation.column}" to ${operation.type} rewrites the table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock (no reads, no writes), unless it only lengthens a varchar. Safe: add a new column of the new type, backfill it in batches, move the code over, then drop the old column.`,
        }
      : undefined,
);

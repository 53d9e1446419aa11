import { defineLintRule, tableLabel } from './lint-rule';

export const renameColumn = defineLintRule(
  'SL612',
  'warning',
  'Column renamed',
  'Code still running with the old name (the previous release, during a deploy) fails on every query that names the column. Add the new column, write both, backfill, switch reads, then drop the old one.',
  false,
  (operation) =>
    operation.kind === 'rename-column'
      ? {
          table: operation.table,
          column: operation.column,
          message: `Renaming ${tableLabel(operation.table)}."${operation.column}" to "${operation.to}" (ACCESS EXCLUSIVE, brief) breaks the code still running with the old name until every instance is redeployed. Safe: add "${operation.to}", write to both, backfill, move reads over, then drop "${operation.column}" in a later release.`,
        }
      : undefined,
);

import { defineLintRule, tableLabel } from './lint-rule';

export const renameTable = defineLintRule(
  'SL613',
  'warning',
  'Table renamed',
  'Code still running with the old name fails on every query of the table. Create the new table (or a view with the old name), move the code over, then drop the old name.',
  false,
  (operation) =>
    operation.kind === 'rename-table'
      ? {
          table: operation.table,
          message: `Renaming ${tableLabel(operation.table)} to "${operation.to}" (ACCESS EXCLUSIVE, brief) breaks the code still running with the old name. Safe: rename it and create a view with the old name in the same migration, move the code over, drop the view later.`,
        }
      : undefined,
);

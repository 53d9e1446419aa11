import { defineLintRule, tableLabel } from './lint-rule';

export const columnTypeChange = defineLintRule(
  'SL609',
  'warning',
  'Column type changed in place',
  'Changing a column type (except a few binary-compatible widenings, such as varchar(n) to a longer varchar or text) rewrites the table and its indexes under an ACCESS EXCLUSIVE lock. Add a new column, backfill in batches, switch the code, drop the old one.',
  true,
  (operation, state) => {
    if (operation.kind !== 'alter-column-type') return undefined;
    // The earlier migrations say what the column was: a widening (a longer varchar, varchar to
    // text, more numeric precision) only updates the catalog. USING converts every value: a rewrite.
    const before = state.columnType(operation.table, operation.column);
    if (before !== undefined && !operation.using && state.typeChangeKeepsRows(before, operation.type)) return undefined;
    // The same name before and after: a type recreated under its old name (TypeORM's enum change).
    const change = before !== undefined && before !== operation.type ? `from ${before} to ${operation.type}` : `to ${operation.type}`;
    const unless = before !== undefined ? '' : ', unless it only lengthens a varchar (the migrations before it do not say what the column was)';
    return {
      table: operation.table,
      column: operation.column,
      message: `Changing ${tableLabel(operation.table)}."${operation.column}" ${change} rewrites the table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock (no reads, no writes)${unless}. Safe: add a new column of the new type, backfill it in batches, move the code over, then drop the old column.`,
    };
  },
);

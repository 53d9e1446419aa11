import { defineLintRule, tableLabel } from './lint-rule';

export const requiredColumn = {
  ...defineLintRule(
  'SL603',
  'warning',
  'New NOT NULL column without a default',
  'Adding a NOT NULL column with no default fails on a table that has rows. Add it nullable (or with a constant default), backfill, then make it NOT NULL safely.',
  true,
  (operation) => {
    if (operation.kind !== 'add-column') return undefined;
    const column = operation.column;
    if (!column.notNull || column.default || column.generated || column.serial || column.identity) return undefined;
    return {
      table: operation.table,
      column: column.name,
      message: `Adding ${tableLabel(operation.table)}."${column.name}" as NOT NULL without a default fails as soon as ${tableLabel(operation.table)} has a row (ALTER TABLE takes an ACCESS EXCLUSIVE lock to try). Safe: add it with a constant DEFAULT (no rewrite on PostgreSQL 11+), or add it nullable, backfill, then ADD CONSTRAINT ... CHECK ("${column.name}" IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, SET NOT NULL.`,
    };
  },
),
  failsWithRows: true,
};

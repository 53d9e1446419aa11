import { defineLintRule, tableLabel } from './lint-rule';

export const uniqueConstraint = defineLintRule(
  'SL610',
  'warning',
  'Unique constraint built under a lock',
  'ADD CONSTRAINT ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock. Build a unique index CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX.',
  true,
  (operation) => {
    if (operation.kind === 'add-constraint' && operation.constraint === 'unique' && !operation.usingIndex) {
      const name = operation.name ? `"${operation.name}" ` : '';
      return {
        table: operation.table,
        message: `Adding unique constraint ${name}on ${tableLabel(operation.table)} builds its index while holding an ACCESS EXCLUSIVE lock: no reads or writes until it is built. Safe: CREATE UNIQUE INDEX CONCURRENTLY (in a migration with transaction = false), then ADD CONSTRAINT ${name}UNIQUE USING INDEX.`,
      };
    }
    if (operation.kind === 'add-column' && operation.column.unique) {
      return {
        table: operation.table,
        column: operation.column.name,
        message: `Adding ${tableLabel(operation.table)}."${operation.column.name}" as UNIQUE builds a unique index while holding an ACCESS EXCLUSIVE lock. Safe: add the column, CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX.`,
      };
    }
    return undefined;
  },
);

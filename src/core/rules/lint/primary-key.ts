import { defineLintRule, tableLabel } from './lint-rule';

export const primaryKeyWithoutIndex = defineLintRule(
  'SL605',
  'warning',
  'Primary key added to an existing table without a prepared index',
  'Adding a primary key builds its unique index under an ACCESS EXCLUSIVE lock (and a serial primary key column rewrites the table). Build the unique index CONCURRENTLY first, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX.',
  true,
  (operation) => {
    if (operation.kind === 'add-constraint' && operation.constraint === 'primary-key' && !operation.usingIndex) {
      return {
        table: operation.table,
        message: `Adding a primary key to ${tableLabel(operation.table)} builds its unique index while holding an ACCESS EXCLUSIVE lock: no reads or writes until it is built. Safe: CREATE UNIQUE INDEX CONCURRENTLY (in a migration with transaction = false), then ADD CONSTRAINT ... PRIMARY KEY USING INDEX.`,
      };
    }
    if (operation.kind === 'add-column' && operation.column.primaryKey) {
      return {
        table: operation.table,
        column: operation.column.name,
        message: `Adding ${tableLabel(operation.table)}."${operation.column.name}" as a primary key ${operation.column.serial || operation.column.identity ? 'fills it for every row (a table rewrite) and ' : ''}builds its index while holding an ACCESS EXCLUSIVE lock. Safe: add the column, fill it in batches, CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX.`,
      };
    }
    return undefined;
  },
);

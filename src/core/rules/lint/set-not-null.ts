import { defineLintRule, tableKey, tableLabel } from './lint-rule';

export const setNotNull = defineLintRule(
  'SL621',
  'warning',
  'SET NOT NULL on an existing column',
  'ALTER COLUMN ... SET NOT NULL reads every row under an ACCESS EXCLUSIVE lock. On PostgreSQL 12+ a validated CHECK (col IS NOT NULL) lets it skip the scan: add the check NOT VALID, VALIDATE it, then SET NOT NULL.',
  true,
  (operation, state) => {
    if (operation.kind !== 'set-not-null') return undefined;
    if (state.provenNotNull.has(`${tableKey(operation.table)}.${operation.column}`) || state.provenNotNull.has(`${tableKey(operation.table)}.*`)) return undefined;
    const column = operation.column;
    return {
      table: operation.table,
      column,
      message: `SET NOT NULL on ${tableLabel(operation.table)}."${column}" reads every row while holding an ACCESS EXCLUSIVE lock (no reads, no writes). Safe (PostgreSQL 12+): ADD CONSTRAINT "${column}_not_null" CHECK ("${column}" IS NOT NULL) NOT VALID; then, in a later migration, VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE), SET NOT NULL (no scan) and DROP CONSTRAINT "${column}_not_null".`,
    };
  },
);

import { defineLintRule, tableLabel } from './lint-rule';

export const constraintNotValid = defineLintRule(
  'SL604',
  'warning',
  'Foreign key or check constraint added without NOT VALID',
  'Adding a foreign key or check constraint reads every row while holding a lock that blocks writes (a foreign key locks the referenced table too). Add it NOT VALID, then VALIDATE CONSTRAINT in a later migration: validation takes only SHARE UPDATE EXCLUSIVE.',
  true,
  (operation, state) => {
    if (operation.kind === 'add-constraint' && (operation.constraint === 'foreign-key' || operation.constraint === 'check') && !operation.notValid) {
      const name = operation.name ? `"${operation.name}" ` : '';
      const what = operation.constraint === 'foreign-key' ? `foreign key ${name}` : `check constraint ${name}`;
      const also = operation.references ? ` and ${tableLabel(operation.references)}` : '';
      return {
        table: operation.table,
        message: `Adding ${what}on ${tableLabel(operation.table)} checks every existing row while holding a ${operation.lock} lock on ${tableLabel(operation.table)}${also}: writes wait until it is done. Safe: add it with NOT VALID (only new rows are checked), then ALTER TABLE ... VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE: reads and writes go on).`,
      };
    }
    if (operation.kind === 'add-column' && operation.column.references) {
      return {
        table: operation.table,
        column: operation.column.name,
        message: `Adding ${tableLabel(operation.table)}."${operation.column.name}" with REFERENCES ${tableLabel(operation.column.references)} adds a foreign key that locks both tables (SHARE ROW EXCLUSIVE) while it is checked. Safe: add the column, then ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later migration.`,
      };
    }
    if (operation.kind === 'validate-constraint' && state.inTransaction && state.notValidInTransaction.has(operation.name)) {
      return {
        table: operation.table,
        message: `VALIDATE CONSTRAINT "${operation.name}" runs in the same transaction that added it NOT VALID: the ADD's lock on ${tableLabel(operation.table)} is still held while every row is checked, so NOT VALID gains nothing. Safe: validate in a separate migration (or after a COMMIT).`,
      };
    }
    return undefined;
  },
);

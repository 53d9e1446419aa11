import type { SqlOperation } from '../../dialect';
import { defineLintRule, tableLabel } from './lint-rule';

/** What a statement needs to be re-runnable after a failure part way through, when it lacks it. */
function missingGuard(operation: SqlOperation, droppedConstraints: ReadonlySet<string>): string | undefined {
  switch (operation.kind) {
    case 'create-table':
      // A temporary table never outlives the failed run.
      return operation.ifNotExists || operation.temporary ? undefined : `CREATE TABLE ${tableLabel(operation.table)} needs IF NOT EXISTS`;
    case 'add-column':
      return operation.ifNotExists ? undefined : `ADD COLUMN "${operation.column.name}" needs IF NOT EXISTS`;
    case 'drop-column':
      return operation.ifExists ? undefined : `DROP COLUMN "${operation.column}" needs IF EXISTS`;
    case 'create-index':
      return operation.ifNotExists || !operation.name ? undefined : `CREATE INDEX "${operation.name}" needs IF NOT EXISTS`;
    case 'drop-index':
      return operation.ifExists ? undefined : 'DROP INDEX needs IF EXISTS';
    case 'drop-table':
      return operation.ifExists ? undefined : 'DROP TABLE needs IF EXISTS';
    case 'drop-other':
      return operation.ifExists ? undefined : `DROP ${operation.object} needs IF EXISTS`;
    case 'drop-constraint':
      return operation.ifExists ? undefined : `DROP CONSTRAINT "${operation.name}" needs IF EXISTS`;
    case 'add-constraint':
      // PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS: DROP CONSTRAINT IF EXISTS first makes it re-runnable.
      return operation.name && droppedConstraints.has(operation.name) ? undefined : `ADD CONSTRAINT${operation.name ? ` "${operation.name}"` : ''} needs a DROP CONSTRAINT IF EXISTS before it`;
    default:
      return undefined;
  }
}

export const robustStatements = defineLintRule(
  'SL611',
  'info',
  'Statement outside a transaction cannot be re-run',
  'A migration that runs without a transaction (transaction = false) and fails part way leaves what it already did; running it again then fails on the first statement unless each uses IF [NOT] EXISTS.',
  false,
  (operation, state) => {
    if (state.inTransaction) return undefined;
    const missing = missingGuard(operation, state.droppedConstraints);
    if (!missing) return undefined;
    return {
      ...('table' in operation && operation.table ? { table: operation.table } : {}),
      message: `This ${state.method}() runs without a transaction, so if it fails part way the statements before stay applied and a re-run fails here: ${missing}.`,
    };
  },
);

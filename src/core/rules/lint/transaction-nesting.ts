import { defineLintRule } from './lint-rule';

export const transactionNesting = defineLintRule(
  'SL622',
  'warning',
  'Transaction control inside a migration TypeORM already wraps',
  'TypeORM runs the migration in its own transaction: a BEGIN inside only warns, and a COMMIT or ROLLBACK ends TypeORM\'s transaction early, so a later failure leaves the migration half applied and unrecorded.',
  false,
  (operation, state) => {
    if (operation.kind !== 'transaction' || operation.action === 'savepoint' || operation.action === 'other') return undefined;
    if (!state.inTransaction) {
      // COMMIT or ROLLBACK with no transaction open: PostgreSQL only warns, so an intended transaction boundary is not there.
      return operation.action === 'begin' ? undefined : { message: `${operation.action.toUpperCase()} with no transaction in progress: PostgreSQL only warns ("there is no transaction in progress"), so the statements before it were not in the transaction this expects. Remove it, or add the BEGIN it belongs to.` };
    }
    // BEGIN matters inside any transaction; COMMIT and ROLLBACK when they end the one TypeORM opened.
    if (operation.action !== 'begin' && state.typeormTransaction === undefined) return undefined;
    const why = state.typeormTransaction ?? 'a transaction is already open';
    const effect =
      operation.action === 'begin'
        ? 'BEGIN does not start a new one (PostgreSQL only warns "there is already a transaction in progress")'
        : `${operation.action.toUpperCase()} ends that transaction early: what follows runs outside it, and a failure later leaves the migration half applied`;
    return { message: `${effect}; ${why}. Remove it, or set transaction = false on the class and manage the transaction yourself.` };
  },
);

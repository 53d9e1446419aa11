import { defineLintRule } from './lint-rule';

export const transactionNesting = defineLintRule(
  'SL622',
  'warning',
  'Transaction control inside a migration TypeORM already wraps',
  'TypeORM runs the migration in its own transaction: a BEGIN inside only warns, and a COMMIT or ROLLBACK ends TypeORM\'s transaction early, so a later failure leaves the migration half applied and unrecorded.',
  false,
  (operation, state) => {
    if (operation.kind !== 'transaction' || operation.action === 'savepoint' || operation.action === 'other') return undefined;
    // BEGIN matters inside any transaction; COMMIT and ROLLBACK when they end the one TypeORM opened.
    if (!state.inTransaction || (operation.action !== 'begin' && state.typeormTransaction === undefined)) return undefined;
    const why = state.typeormTransaction ?? 'a transaction is already open';
    const effect =
      operation.action === 'begin'
        ? 'BEGIN does not start a new one (PostgreSQL only warns "there is already a transaction in progress")'
        : `${operation.action.toUpperCase()} ends that transaction early: what follows runs outside it, and a failure later leaves the migration half applied`;
    return { message: `${effect}; ${why}. Remove it, or set transaction = false on the class and manage the transaction yourself.` };
  },
);

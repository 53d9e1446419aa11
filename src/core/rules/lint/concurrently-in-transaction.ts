import { defineLintRule } from './lint-rule';

export const concurrentlyInTransaction = defineLintRule(
  'SL616',
  'error',
  'CONCURRENTLY inside a transaction',
  'PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY inside a transaction block, and TypeORM runs each migration in one unless the class sets transaction = false (and migrationsTransactionMode is not "all"); revert always wraps down() in a transaction unless the mode is "none".',
  false,
  (operation, state) => {
    if ((operation.kind !== 'create-index' && operation.kind !== 'drop-index') || !operation.concurrently || !state.inTransaction) return undefined;
    const verb = operation.kind === 'create-index' ? 'CREATE INDEX' : 'DROP INDEX';
    const why = state.typeormTransaction ?? 'this statement runs after an explicit BEGIN';
    return {
      ...(operation.kind === 'create-index' ? { table: operation.table } : {}),
      message: `${verb} CONCURRENTLY fails inside a transaction ("cannot run inside a transaction block"), and ${why}.`,
    };
  },
);

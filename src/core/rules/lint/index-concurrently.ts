import { concurrentlyNeeds, defineLintRule, tableLabel } from './lint-rule';

export const indexNotConcurrent = defineLintRule(
  'SL614',
  'warning',
  'Index created without CONCURRENTLY',
  'CREATE INDEX takes a SHARE lock that blocks every insert, update and delete until the index is built. CREATE INDEX CONCURRENTLY lets writes go on (in a TypeORM migration with transaction = false).',
  true,
  (operation, state) =>
    operation.kind === 'create-index' && !operation.concurrently
      ? {
          ...(state.method === 'down' && state.typeormTransaction ? { severity: 'info' as const } : {}),
          table: operation.table,
          message: `CREATE ${operation.unique ? 'UNIQUE ' : ''}INDEX${operation.name ? ` "${operation.name}"` : ''} on ${tableLabel(operation.table)} holds a SHARE lock while it reads the whole table: inserts, updates and deletes wait until it is built. Safe: CREATE ${operation.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY IF NOT EXISTS, in ${concurrentlyNeeds(state)} (TypeORM runs migrations in a transaction otherwise, where CONCURRENTLY fails).${state.method === 'down' && state.typeormTransaction ? ` Here in down() CONCURRENTLY is not available: ${state.typeormTransaction}.` : ''}`,
        }
      : undefined,
);

import { concurrentlyNeeds, defineLintRule } from './lint-rule';

export const dropIndexNotConcurrent = defineLintRule(
  'SL615',
  'warning',
  'Index dropped without CONCURRENTLY',
  'DROP INDEX takes an ACCESS EXCLUSIVE lock on the index\'s table, and waits behind every running query on it. DROP INDEX CONCURRENTLY does not block reads or writes (in a TypeORM migration with transaction = false).',
  false,
  (operation, state) =>
    operation.kind === 'drop-index' && !operation.concurrently
      ? {
          ...(state.method === 'down' && state.typeormTransaction ? { severity: 'info' as const } : {}),
          message: `DROP INDEX ${operation.names.map((name) => `"${name.name}"`).join(', ')} takes an ACCESS EXCLUSIVE lock on its table: it queues behind running queries and blocks everything behind it. Safe: DROP INDEX CONCURRENTLY IF EXISTS, in ${concurrentlyNeeds(state)}.${state.method === 'down' && state.typeormTransaction ? ` Here in down() CONCURRENTLY is not available: ${state.typeormTransaction}.` : ''}`,
        }
      : undefined,
);

import { defineLintRule, tableKey, tableLabel } from './lint-rule';

export const lockTimeout = {
  ...defineLintRule(
  'SL623',
  'info',
  'No lock_timeout before a statement that takes a lock',
  'A statement waiting for its lock (behind one long query) blocks every query that comes after it on that table: an outage. SET lock_timeout (e.g. \'2s\') first, and retry the migration if it times out.',
  true,
  (operation, state) => {
    if (state.lockTimeout || !operation.lock || !('table' in operation) || !operation.table) return undefined;
    if (state.createdTables.has(tableKey(operation.table))) return undefined;
    return {
      table: operation.table,
      message: `This takes ${/^[AEIOU]/.test(operation.lock) ? 'an' : 'a'} ${operation.lock} lock on ${tableLabel(operation.table)} with no lock_timeout set: while it waits behind a long-running query, every later query on ${tableLabel(operation.table)} waits behind it. Safe: await queryRunner.query("SET ${state.inTransaction ? 'LOCAL ' : ''}lock_timeout = '2s'") first in ${state.method}(), and retry on timeout.`,
    };
  },
),
  oncePerMethod: true,
};

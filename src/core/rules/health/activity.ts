// SL509 / SL510: what is running now. A long query or an open transaction holds its locks and
// keeps VACUUM from clearing dead rows; a query waiting on a lock is stuck behind another session.
import { defineRule } from '../rule';
import { formatSeconds } from './shared';

export const longRunning = defineRule('SL509', 'health', 'warning', 'Long-running query or transaction',
  'A query or open transaction that runs for long holds its locks all that time (a migration waiting behind it blocks everything after it) and keeps VACUUM from clearing dead rows anywhere.', (context, emit) => {
  if (!context.health) return;
  const { facts, thresholds } = context.health;
  for (const query of facts.running) {
    // A waiting query is SL510's; the session it waits for is reported here when it is long.
    if (query.blockedBy.length > 0 || query.seconds < thresholds.longRunningSeconds) continue;
    const what = query.state.startsWith('idle in transaction') ? 'has held a transaction open (idle)' : 'has been running';
    emit({
      message: `Session ${query.pid}${query.application ? ` (${query.application})` : ''} ${what} for ${formatSeconds(query.seconds)}: ${query.query}`,
      schema: '',
      table: '',
    });
  }
});

export const blockedQuery = defineRule('SL510', 'health', 'warning', 'Query blocked by a lock',
  'A query waiting for a lock another session holds does nothing until that session ends its transaction; behind a waiting ALTER TABLE, every other query of the table waits too.', (context, emit) => {
  if (!context.health) return;
  for (const query of context.health.facts.running) {
    if (query.blockedBy.length === 0) continue;
    const on = query.lockedRelation ? ` on ${query.lockedRelation}` : '';
    emit({
      message: `Session ${query.pid}${query.application ? ` (${query.application})` : ''} has waited ${formatSeconds(query.seconds)} for a lock${on} held by session ${query.blockedBy.join(', ')}: ${query.query}`,
      schema: '',
      table: query.lockedRelation ?? '',
    });
  }
});

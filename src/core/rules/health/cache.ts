// SL506: too many block reads miss shared buffers (PgHero's cache hit rate, 99% by default): the
// working set does not fit in memory, and queries wait on disk.
import { defineRule } from '../rule';
import { formatCount, formatPercent } from './shared';

export const cacheHitRatio = defineRule('SL506', 'health', 'warning', 'Low cache hit ratio',
  "When many of a database's block reads miss shared buffers, its working set does not fit in memory and queries wait on the disk; usually the database wants more memory (or less to read: indexes, less bloat).", (context, emit) => {
  if (!context.health?.facts.cache) return;
  const { facts, thresholds } = context.health;
  const cache = facts.cache!;
  for (const [what, hits, reads] of [['table', cache.heapHits, cache.heapReads], ['index', cache.indexHits, cache.indexReads]] as const) {
    const total = hits + reads;
    if (total < thresholds.cacheMinBlocks) continue;
    const ratio = hits / total;
    if (ratio * 100 >= thresholds.cacheHitPercent) continue;
    emit({
      message: `Only ${formatPercent(ratio)} of ${what} block reads were served from shared buffers (${formatCount(reads)} of ${formatCount(total)} came from outside them) since the statistics were last reset; below ${thresholds.cacheHitPercent}% the working set does not fit in memory.`,
      schema: '',
      table: '',
    });
  }
});

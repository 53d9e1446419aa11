// SL504 / SL505: a table or index much bigger than its rows need (an estimate from pg_stats, as
// PgHero and ioguard make it): space and cache spent on nothing, scans reading empty pages.
import type { BloatEstimate } from '../../dialect';
import type { HealthThresholds } from '../../model/health-thresholds';
import { defineRule } from '../rule';
import { tableLabel } from '../labels';
import { entitySpan, formatBytes, formatPercent } from './shared';

function bloated(estimate: BloatEstimate, thresholds: HealthThresholds): boolean {
  return estimate.bytes > 0 && estimate.wastedBytes >= thresholds.bloatMinBytes && (estimate.wastedBytes / estimate.bytes) * 100 >= thresholds.bloatPercent;
}

function amount(estimate: BloatEstimate): string {
  return `about ${formatBytes(estimate.wastedBytes)} of its ${formatBytes(estimate.bytes)} (${formatPercent(estimate.wastedBytes / estimate.bytes)}) holds no live rows`;
}

export const tableBloat = defineRule('SL504', 'health', 'warning', 'Table bloat',
  'A table far bigger than its live rows need (dead space left by updates and deletes) costs disk and cache, and every sequential scan reads the empty pages too.', (context, emit) => {
  if (!context.health) return;
  const { facts, thresholds } = context.health;
  for (const estimate of facts.tableBloat) {
    if (!bloated(estimate, thresholds)) continue;
    emit({
      message: `Table ${tableLabel({ schema: estimate.schema, name: estimate.table })} is bloated: ${amount(estimate)} (an estimate from its statistics). VACUUM FULL or pg_repack gives the space back; check autovacuum keeps up.`,
      schema: estimate.schema,
      table: estimate.table,
      span: entitySpan(context, estimate.schema, estimate.table),
    });
  }
});

export const indexBloat = defineRule('SL505', 'health', 'warning', 'Index bloat',
  'A B-tree index far bigger than its entries need takes disk and cache from the data, and scans of it read more pages than they should.', (context, emit) => {
  if (!context.health) return;
  const { facts, thresholds } = context.health;
  for (const estimate of facts.indexBloat) {
    if (!estimate.index || !bloated(estimate, thresholds)) continue;
    emit({
      message: `Index ${estimate.index} on ${tableLabel({ schema: estimate.schema, name: estimate.table })} is bloated: ${amount(estimate)} (an estimate from its statistics). REINDEX INDEX CONCURRENTLY rebuilds it without blocking writes (schema-lens optimize).`,
      schema: estimate.schema,
      table: estimate.table,
      constraint: estimate.index,
      span: entitySpan(context, estimate.schema, estimate.table),
    });
  }
});

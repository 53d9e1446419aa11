// SL507 / SL508: tables autovacuum has not looked after. Never analysed: the planner guesses its
// row counts. Many dead rows: space not reused and scans reading them.
import { defineRule } from '../rule';
import { tableLabel } from '../labels';
import { entitySpan, formatCount, formatPercent } from './shared';

export const neverVacuumed = defineRule('SL507', 'health', 'info', 'Table never vacuumed or analysed',
  'A table that was never analysed leaves the planner guessing its size and values; one never vacuumed has not had its dead rows cleared or its visibility map set (index-only scans cannot skip its heap).', (context, emit) => {
  if (!context.health) return;
  const { facts, thresholds } = context.health;
  for (const table of facts.tables) {
    if (table.liveRows < thresholds.neverVacuumedMinRows || (table.lastVacuum && table.lastAnalyze)) continue;
    const never = [table.lastVacuum ? undefined : 'vacuumed', table.lastAnalyze ? undefined : 'analysed'].filter(Boolean).join(' or ');
    emit({
      message: `Table ${tableLabel({ schema: table.schema, name: table.table })} (${formatCount(table.liveRows)} rows) has never been ${never} since the statistics were last reset. Run VACUUM (ANALYZE) on it (schema-lens optimize), and check autovacuum is on for it.`,
      schema: table.schema,
      table: table.table,
      span: entitySpan(context, table.schema, table.table),
    });
  }
});

export const deadRows = defineRule('SL508', 'health', 'warning', 'Many dead rows',
  'Dead rows (left by UPDATE and DELETE) take space and are read by every scan until VACUUM clears them; many of them mean autovacuum is not keeping up with the table.', (context, emit) => {
  if (!context.health) return;
  const { facts, thresholds } = context.health;
  for (const table of facts.tables) {
    const total = table.liveRows + table.deadRows;
    if (table.deadRows < thresholds.deadRowsMin || total === 0 || (table.deadRows / total) * 100 < thresholds.deadRowsPercent) continue;
    emit({
      message: `Table ${tableLabel({ schema: table.schema, name: table.table })} has ${formatCount(table.deadRows)} dead rows (${formatPercent(table.deadRows / total)} of its rows${table.lastVacuum ? `; last vacuumed ${table.lastVacuum}` : '; never vacuumed'}). Run VACUUM (ANALYZE) on it (schema-lens optimize), and tune autovacuum for it if this comes back.`,
      schema: table.schema,
      table: table.table,
      span: entitySpan(context, table.schema, table.table),
    });
  }
});

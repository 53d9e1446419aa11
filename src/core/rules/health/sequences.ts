// SL503: a sequence (serial or identity) that has used much of its column type's range. When it
// reaches the maximum every INSERT fails; widening an integer column rewrites the table, so it is
// planned long before.
import { defineRule } from '../rule';
import { columnLabel } from '../labels';
import { entitySpan, formatCount, formatPercent } from './shared';

export const sequenceNearMax = defineRule('SL503', 'health', 'warning', 'Sequence near its maximum',
  "A serial or identity column's sequence that reaches its maximum makes every INSERT fail; moving the column to a wider type rewrites the table, so it needs planning long before.", (context, emit) => {
  if (!context.health) return;
  const { facts, thresholds } = context.health;
  for (const use of facts.sequences) {
    const share = use.lastValue / use.maxValue;
    if (share * 100 < thresholds.sequenceUsedPercent) continue;
    const wider = use.columnType === 'bigint' ? '' : ' Change the column (and its sequence) to bigint before it runs out.';
    emit({
      message: `${columnLabel({ schema: use.schema, name: use.table }, use.column)} (${use.columnType}) has used ${formatPercent(share)} of its range: its sequence ${use.sequence} is at ${formatCount(use.lastValue)} of ${formatCount(use.maxValue)}, and inserts fail once it reaches the end.${wider}`,
      schema: use.schema,
      table: use.table,
      column: use.column,
      span: entitySpan(context, use.schema, use.table, use.column),
    });
  }
});

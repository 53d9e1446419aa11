// SL701 / SL702: check constraints the data already keeps, read from what ANALYZE sampled
// (pg_stats): a text column with a handful of values (enum-like), a money or count column that
// is never negative. The constraint keeps the next bad row out. Each comes with the entity edit
// (@Check on the class) and the migration; the sample can miss a rare value, so the message says
// that adding the constraint then fails and changes nothing.
import type { ColumnStats } from '../../dialect';
import { typeormName } from '../../model/names';
import type { Fix } from '../finding';
import { columnLabel } from '../labels';
import { migrationName } from '../migration-name';
import type { RuleContext } from '../rule';
import { defineRule } from '../rule';
import { entityEditWithMigration, entitySpan, entityTable, formatCount, formatPercent } from './shared';

/** Names of columns that hold an amount or a count: never negative by meaning. */
const AMOUNT = /(amount|price|cost|total|quantity|qty|balance|fee|stock|count)$/i;

/** Rows of the table, when the statistics have the table and it is big enough to judge. */
function rowsOf(context: RuleContext, stats: ColumnStats): number | undefined {
  const rows = context.health!.facts.tables.find((table) => table.schema === stats.schema && table.table === stats.table)?.liveRows;
  return rows !== undefined && rows >= context.health!.thresholds.checkMinRows ? rows : undefined;
}

/**
 * Whether the database already checks something about the column, or the entity does (its @Check
 * was just added: the migration is what is left, and the drift check reports it as missing).
 */
function alreadyChecked(context: RuleContext, stats: ColumnStats): boolean {
  const table = context.actual?.tables.find((candidate) => candidate.schema === stats.schema && candidate.name === stats.table);
  const quoted = new RegExp(`(^|[^\\w"])"?${stats.column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?([^\\w"]|$)`);
  const checks = [...(table?.checks ?? []), ...(entityTable(context, stats.schema, stats.table)?.checks ?? [])];
  return !table || checks.some((check) => quoted.test(check.expression)) || table.columns.find((column) => column.name === stats.column)?.enumType !== undefined;
}

function checkFixes(context: RuleContext, stats: ColumnStats, expression: string): Fix[] {
  const { addCheckSql, dropConstraintSql } = context.dialect.ddl;
  const table = { schema: stats.schema, name: stats.table };
  const name = typeormName('CHK', stats.table, [expression]);
  const migration: Extract<Fix, { kind: 'migration' }> = {
    kind: 'migration',
    title: `Add CHECK (${expression}) to ${stats.table}`,
    name: migrationName('Add', stats.table, stats.column, 'Check'),
    up: [addCheckSql(table, { expression }, name)],
    down: [dropConstraintSql(table, name)],
  };
  const literal = `\`${expression.replace(/[`\\]/g, '\\$&')}\``;
  return [migration, ...entityEditWithMigration(context, stats.schema, stats.table, `@Check(${literal})`, 'Check', migration)];
}

export const enumLikeCheck = defineRule('SL701', 'recommendation', 'info', 'Check constraint for an enum-like column',
  'A text column that only ever holds a handful of values is an enum in disguise: a CHECK (column IN (...)) keeps a typo or a stale value out, and tells the next reader what the values are.', (context, emit) => {
  if (!context.health) return;
  const { thresholds } = context.health;
  const { quoteIdentifier, quoteLiteral } = context.dialect.spelling;
  for (const stats of context.health.facts.columnStats) {
    if (stats.kind !== 'text' || stats.distinct <= 0 || stats.distinct > thresholds.checkMaxValues || stats.commonValues.length !== stats.distinct) continue;
    // Every non-null row of the sample is one of the common values.
    const covered = stats.commonFrequencies.reduce((sum, frequency) => sum + frequency, 0) + stats.nullFraction;
    if (covered < 0.999) continue;
    const rows = rowsOf(context, stats);
    if (rows === undefined || alreadyChecked(context, stats)) continue;
    const values = [...stats.commonValues].sort();
    const expression = `${quoteIdentifier(stats.column)} IN (${values.map(quoteLiteral).join(', ')})`;
    const shares = stats.commonValues.map((value, i) => `${value} ${formatPercent(stats.commonFrequencies[i]!)}`).join(', ');
    emit({
      message: `${columnLabel({ schema: stats.schema, name: stats.table }, stats.column)} (${stats.type}) holds only ${values.length} value${values.length === 1 ? '' : 's'} in ${formatCount(rows)} rows (${shares}; from pg_stats): CHECK (${expression}) keeps new rows to them. The statistics are a sample: if a rarer value exists, adding the constraint fails and changes nothing.`,
      schema: stats.schema,
      table: stats.table,
      column: stats.column,
      span: entitySpan(context, stats.schema, stats.table, stats.column),
      fixes: checkFixes(context, stats, expression),
    });
  }
});

export const nonNegativeCheck = defineRule('SL702', 'recommendation', 'info', 'Check constraint for a non-negative amount',
  'An amount, price, quantity or count is never negative by meaning; when the data agrees, a CHECK (column >= 0) keeps a sign error from being stored.', (context, emit) => {
  if (!context.health) return;
  const { quoteIdentifier } = context.dialect.spelling;
  for (const stats of context.health.facts.columnStats) {
    if (stats.kind !== 'number' || stats.lowest === undefined || stats.lowest < 0 || !AMOUNT.test(stats.column)) continue;
    const rows = rowsOf(context, stats);
    if (rows === undefined || alreadyChecked(context, stats)) continue;
    const expression = `${quoteIdentifier(stats.column)} >= 0`;
    emit({
      message: `${columnLabel({ schema: stats.schema, name: stats.table }, stats.column)} (${stats.type}) has no negative value in ${formatCount(rows)} rows (the smallest pg_stats sampled is ${stats.lowest}): CHECK (${expression}) keeps a sign error out. The statistics are a sample: if a negative value exists, adding the constraint fails and changes nothing.`,
      schema: stats.schema,
      table: stats.table,
      column: stats.column,
      span: entitySpan(context, stats.schema, stats.table, stats.column),
      fixes: checkFixes(context, stats, expression),
    });
  }
});

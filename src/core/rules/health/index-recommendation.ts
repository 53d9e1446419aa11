// SL703: an index for a statement that takes the database's time. From pg_stat_statements' top
// statements, a one-table SELECT, UPDATE or DELETE filtered by column = value (read with PostgreSQL's own parser by
// the catalog) on a big table where no index starts with those columns, called often; confirmed
// when its generic plan (EXPLAIN GENERIC_PLAN on 16+, a forced generic plan on 12-15) scans the
// table, and left out when it plans an index. With hypopg installed the catalog also plans it with a
// hypothetical index on those columns: left out when the planner would still scan (the filter keeps
// too many rows for an index to pay), and the message gives both costs when it would not. When its
// `IS [NOT] NULL` conditions keep at most PARTIAL_SHARE of the rows (pg_stats' null fraction), the
// index is partial on them. Comes with @Index([...]) (and `where`) on the entity class and the migration.
import type { StatementStats } from '../../dialect';
import { tableCovers } from '../../diff/compare';
import type { Index, Table } from '../../model/schema';
import { typeormName } from '../../model/names';
import { createIndexFix } from '../index-build';
import type { Finding, Fix } from '../finding';
import { tableLabel } from '../labels';
import { migrationName } from '../migration-name';
import type { RuleContext } from '../rule';
import { defineRule } from '../rule';
import { entityEditWithMigration, entitySpan, entityTable, formatCount, formatPercent, rowsAndScans } from './shared';

/** A partial index pays when its WHERE keeps at most this share of the rows. */
const PARTIAL_SHARE = 0.5;

type Filter = NonNullable<StatementStats['filter']>;

/** The partial index's WHERE and the share of rows it keeps, when the null tests keep few enough. */
function partial(context: RuleContext, filter: Filter): { where: string; share: number } | undefined {
  if (filter.nullTests.length === 0) return undefined;
  let share = 1;
  for (const test of filter.nullTests) {
    const stats = context.health!.facts.columnStats.find((candidate) => candidate.schema === filter.schema && candidate.table === filter.table && candidate.column === test.column);
    // Every column is in pg_stats once analysed; one that is not cannot be judged.
    if (!stats) return undefined;
    share *= test.isNull ? stats.nullFraction : 1 - stats.nullFraction;
  }
  if (share > PARTIAL_SHARE) return undefined;
  const { quoteIdentifier } = context.dialect.spelling;
  return { where: filter.nullTests.map((test) => `${quoteIdentifier(test.column)} IS ${test.isNull ? '' : 'NOT '}NULL`).join(' AND '), share };
}

function fixes(context: RuleContext, actual: Table, filter: Filter, columns: string[], where: string | undefined): Fix[] {
  const table = { schema: filter.schema, name: filter.table };
  const name = typeormName('IDX', filter.table, columns, where);
  const index = { keys: columns.map((column) => ({ kind: 'column' as const, name: column })), unique: false, method: 'btree', ...(where ? { where } : {}) };
  const migration = createIndexFix(context, actual, index, name, `Create an index on ${tableLabel(table)}(${columns.join(', ')})`, migrationName('Add', filter.table, ...columns, 'Index'));
  // TypeORM's class-level @Index takes property names: only when the entity maps every column to one.
  const mapped = entityTable(context, filter.schema, filter.table);
  const properties = columns.map((column) => mapped?.columns.find((candidate) => candidate.name === column)?.property);
  if (!properties.every((property): property is string => property !== undefined)) return [migration];
  const options = where ? `, { where: '${where.replace(/['\\]/g, '\\$&')}' }` : '';
  const decorator = `@Index([${properties.map((property) => `'${property}'`).join(', ')}]${options})`;
  return [migration, ...entityEditWithMigration(context, filter.schema, filter.table, decorator, 'Index', migration)];
}

/** A frequent statement's filter on a big table, with the table on both sides; undefined when it does not qualify. */
function frequentFilter(context: RuleContext, statement: StatementStats) {
  const { facts, thresholds } = context.health!;
  const filter = statement.filter;
  if (!filter || statement.calls < thresholds.indexMinCalls || statement.plan === 'index') return undefined;
  const activity = facts.tables.find((table) => table.schema === filter.schema && table.table === filter.table);
  const actual = context.actual?.tables.find((table) => table.schema === filter.schema && table.name === filter.table);
  if (!activity || !actual || activity.liveRows < thresholds.indexMinRows) return undefined;
  return { filter, activity, actual };
}

export const indexForStatement = defineRule('SL703', 'recommendation', 'info', "Index for a frequent query's filter",
  "A statement that runs often and filters a big table by columns no index starts with reads the whole table each time; an index on those columns (equality columns first, then the ORDER BY of a page) lets it read only the matching rows, in order.", (context, emit) => {
  if (!context.health) return;
  const candidates = new Map<string, Candidate>();
  for (const found of frequentFilters(context)) {
    // The index: the filter's columns, then the ORDER BY's it can return in order.
    const columns = [...found.filter.columns, ...found.filter.orderBy];
    if (columns.length === 0 || tableCovers(found.actual, columns)) continue;
    // The planner, shown the index, would still read the whole table: the index would not pay.
    if (found.statement.hypotheticalIndex?.used === false) continue;
    // The entity already declares such an index (its @Index was just added): the migration is what is left.
    const mapped = entityTable(context, found.filter.schema, found.filter.table);
    if (mapped && tableCovers(mapped, columns)) continue;
    const partialIndex = partial(context, found.filter);
    const key = `${found.filter.schema}.${found.filter.table}(${columns.join(',')}) ${partialIndex?.where ?? ''}`;
    if (!candidates.has(key)) candidates.set(key, { ...found, columns, partialIndex });
  }
  const all = [...candidates.values()];
  for (const candidate of all) {
    // An index on (a, b) serves a filter by (a) too: one recommendation, the longer one, says so.
    if (all.some((other) => other !== candidate && servedBy(candidate, other))) continue;
    const { filter, columns, partialIndex } = candidate;
    const served = all.filter((other) => other !== candidate && servedBy(other, candidate));
    emit({
      message: recommendation(context, candidate, served),
      schema: filter.schema,
      table: filter.table,
      column: columns.length === 1 ? columns[0] : undefined,
      span: entitySpan(context, filter.schema, filter.table),
      fixes: fixes(context, candidate.actual, filter, columns, partialIndex?.where),
    });
  }
});

/** The message: the statement and its numbers, what it reads, EXPLAIN's (and hypopg's) word, the index, and what else it serves. */
function recommendation(context: RuleContext, candidate: Candidate, served: Candidate[]): string {
  const { statement, filter, activity, columns, partialIndex } = candidate;
  const table = tableLabel({ schema: filter.schema, name: filter.table });
  const reading = filter.columns.length ? `filtering ${table} (${rowsAndScans(activity)}) by (${filter.columns.join(', ')})` : `reading ${table} (${rowsAndScans(activity)})`;
  const order = filter.orderBy.length ? ` in order of (${filter.orderBy.join(', ')})` : '';
  const kind = `${partialIndex ? 'a partial' : columns.length > 1 ? 'a composite' : 'an'} index`;
  const partialText = partialIndex ? ` WHERE ${partialIndex.where} (${formatPercent(partialIndex.share)} of the rows, from pg_stats: a smaller index)` : '';
  const alsoText = served.length ? ` It also serves ${served.length === 1 ? 'the frequent statement' : `${served.length} frequent statements`} on ${served.map((other) => `(${other.columns.join(', ')})`).join(', ')}.` : '';
  return `"${statement.query}" ran ${formatCount(statement.calls)} times (${formatCount(statement.totalMs)} ms in all, ${statement.meanMs.toFixed(1)} ms each; pg_stat_statements) ${reading}${order}, which no index starts with${order ? ` (${columns.join(', ')})` : ''}: ${indexVerdict(context, statement, columns)}. ${kind[0]!.toUpperCase()}${kind.slice(1)} on (${columns.join(', ')})${partialText} serves it.${alsoText}`;
}

/** A statement's recommendable index: its table, key `columns` (filter, then ORDER BY) and partial WHERE. */
type Candidate = Frequent & { columns: string[]; partialIndex: ReturnType<typeof partial> };

/** Whether the index `longer` recommends serves `shorter`'s statement: the same table and WHERE, its key a strict prefix. */
function servedBy(shorter: Candidate, longer: Candidate): boolean {
  return shorter.filter.schema === longer.filter.schema && shorter.filter.table === longer.filter.table && shorter.partialIndex?.where === longer.partialIndex?.where
    && shorter.columns.length < longer.columns.length && shorter.columns.every((column, index) => longer.columns[index] === column);
}

/** What EXPLAIN said of the statement, and (hypopg) of an index on `columns`, for SL703's message. */
function indexVerdict(context: RuleContext, statement: StatementStats, columns: string[]): string {
  const tested = statement.hypotheticalIndex;
  if (tested?.used) return `EXPLAIN plans a sequential scan of it (estimated cost ${formatCount(tested.costWithout)}), and with a hypothetical index on (${columns.join(', ')}) (hypopg) an index scan (cost ${formatCount(tested.costWith)})`;
  const hint = statement.plan === 'sequential scan' && !context.health!.facts.statements?.hypopg ? ' (not tested with a hypothetical index: hypopg is not installed)' : '';
  return `${planVerdict(statement)}${hint}`;
}

/** What EXPLAIN said of the statement, for the message. */
export function planVerdict(statement: StatementStats): string {
  return statement.plan === 'sequential scan' ? 'EXPLAIN plans a sequential scan of it' : 'not confirmed by EXPLAIN (the server could not plan it: PostgreSQL before 12, or the statement no longer plans)';
}

/** Whether the entity names this index with synchronize: false (its @Index was just added): the migration is what is left. */
export function entityOwnsIndex(context: RuleContext, schema: string, table: string, name: string): boolean {
  return entityTable(context, schema, table)?.unsynchronizedIndexes?.includes(name) ?? false;
}

/** The top statements with a frequent filter on a big table (frequentFilter), each with its statement. */
export function* frequentFilters(context: RuleContext) {
  for (const statement of context.health?.facts.statements?.top ?? []) {
    const found = frequentFilter(context, statement);
    if (found) yield { statement, ...found };
  }
}

type Frequent = ReturnType<typeof frequentFilters> extends Generator<infer T> ? T : never;

/**
 * A GIN index recommendation (SL704, SL705): the message with the statement's numbers, the migration
 * (built as every index fix is) and the entity edit naming the index with synchronize: false.
 */
export function ginFinding(context: RuleContext, found: Frequent, column: string, index: Index, name: string, what: { filter: string; key: string; migration: string[]; note?: string }): Omit<Finding, 'code' | 'category' | 'severity'> {
  const { statement, filter, activity, actual } = found;
  const table = { schema: filter.schema, name: filter.table };
  const migration = createIndexFix(context, actual, index, name, `Create a GIN index on ${tableLabel(table)}(${what.key})`, migrationName('Add', filter.table, ...what.migration));
  return {
    message: `"${statement.query}" ran ${formatCount(statement.calls)} times (${formatCount(statement.totalMs)} ms in all; pg_stat_statements) filtering ${tableLabel(table)} (${rowsAndScans(activity)}) by ${what.filter}, which no GIN index serves: ${planVerdict(statement)}. A GIN index on (${what.key}) serves it; TypeORM cannot declare one, so the entity names it with synchronize: false.${what.note ?? ''}`,
    schema: filter.schema,
    table: filter.table,
    column,
    span: entitySpan(context, filter.schema, filter.table, column),
    fixes: [migration, ...entityEditWithMigration(context, filter.schema, filter.table, `@Index('${name}', { synchronize: false })`, 'Index', migration)],
  };
}

export const ginForContainment = defineRule('SL704', 'recommendation', 'info', 'GIN index for jsonb containment',
  'A frequent `column @> value` filter on a jsonb column reads the whole table without a GIN index on the column; with one it reads only the rows that contain the value.', (context, emit) => {
  const recommended = new Set<string>();
  for (const found of frequentFilters(context)) {
    const { filter, actual } = found;
    for (const column of filter.contains) {
      const type = actual.columns.find((candidate) => candidate.name === column)?.type;
      const indexed = actual.indexes.some((index) => index.method === 'gin' && index.keys[0]?.kind === 'column' && index.keys[0].name === column);
      const key = `${filter.schema}.${filter.table}.${column}`;
      const name = typeormName('IDX', filter.table, [column], 'gin');
      if (type !== 'jsonb' || indexed || recommended.has(key) || entityOwnsIndex(context, filter.schema, filter.table, name)) continue;
      recommended.add(key);
      const index: Index = { keys: [{ kind: 'column', name: column }], unique: false, method: 'gin' };
      emit(ginFinding(context, found, column, index, name, { filter: `jsonb containment on ${column}`, key: column, migration: [column, 'Gin', 'Index'] }));
    }
  }
});

// A live PostgreSQL's health facts: one read-only query per part, on the analysis connection
// (read-only, bounded in time). A part the server refuses (a permission, a view it lacks) is a
// problem and the other parts are still read; a lost connection ends the read (DatabaseError).
import type pg from 'pg';
import type { HealthFacts, HealthReadOptions, HealthReadResult, RunningQuery, StatementStats } from '../../health';
import { quoteIdentifier } from '../spelling/identifiers';
import { ready as parserReady } from '../migration-sql/parse';
import { statementFilter } from './statement-filter';
import { toDatabaseError } from './errors';
import { connectionOf } from './transaction';
import {
  cacheSql,
  columnStatsSql,
  connectionsSql,
  indexActivitySql,
  indexBloatSql,
  runningSql,
  sequencesSql,
  statementsStateSql,
  statsResetSql,
  tableActivitySql,
  tableBloatSql,
  topStatementsSql,
  type BloatRow,
  type CacheRow,
  type ColumnStatsRow,
  type ConnectionsRow,
  type IndexActivityRow,
  type RunningRow,
  type SequenceRow,
  type StatementRow,
  type StatementsStateRow,
  type StatsResetRow,
  type TableActivityRow,
} from './health-queries';

const DEFAULT_TOP_STATEMENTS = 20;

export async function readHealth(client: pg.ClientBase, options: HealthReadOptions): Promise<HealthReadResult> {
  let queryCount = 0;
  const problems: string[] = [];
  /** The rows, or the server's refusal; a lost connection throws. */
  const attempt = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<{ rows: R[] } | { refused: string }> => {
    queryCount++;
    try {
      return { rows: (await client.query<R>(text, values)).rows };
    } catch (error) {
      const failure = toDatabaseError(error, 'reading the statistics of', connectionOf(client));
      if (failure.kind === 'lost' || failure.kind === 'refused') throw failure;
      return { refused: failure.message };
    }
  };
  /** The rows, or undefined (and a problem) when the server refuses this part. */
  const part = async <R extends pg.QueryResultRow>(what: string, text: string, values: unknown[] = []): Promise<R[] | undefined> => {
    const result = await attempt<R>(text, values);
    if ('rows' in result) return result.rows;
    problems.push(`Could not read ${what}: ${result.refused}`);
    return undefined;
  };
  const schemas = [options.schemas];
  const reset = (await part<StatsResetRow>('the server version', statsResetSql))?.[0];
  const serverVersion = reset?.server_version ?? 0;
  const tables = (await part<TableActivityRow>('table statistics', tableActivitySql, schemas)) ?? [];
  const indexes = (await part<IndexActivityRow>('index statistics', indexActivitySql, schemas)) ?? [];
  const tableBloat = (await part<BloatRow>('table bloat', tableBloatSql, schemas)) ?? [];
  const indexBloat = (await part<BloatRow>('index bloat', indexBloatSql, schemas)) ?? [];
  const sequences = (await part<SequenceRow>('sequences', sequencesSql, schemas)) ?? [];
  const cache = (await part<CacheRow>('the cache hit ratio', cacheSql))?.[0];
  const running = (await part<RunningRow>('running queries', runningSql)) ?? [];
  const connections = (await part<ConnectionsRow>('connections', connectionsSql))?.[0];
  const columnStats = (await part<ColumnStatsRow>('column statistics', columnStatsSql, schemas)) ?? [];
  const statements = (await part<StatementsStateRow>('whether pg_stat_statements is installed', statementsStateSql))?.[0];
  let top: StatementRow[] | undefined;
  if (statements?.installed && statements.schema && statements.preloaded !== false) {
    const view = `${quoteIdentifier(statements.schema)}.pg_stat_statements`;
    top = await part<StatementRow>('pg_stat_statements', topStatementsSql(serverVersion, view), [options.topStatements ?? DEFAULT_TOP_STATEMENTS]);
    if (top?.length) await parserReady();
  }
  /**
   * The generic plan of a statement with $n parameters (what pg_stat_statements keeps). PostgreSQL 16
   * has EXPLAIN (GENERIC_PLAN); from 12 the same plan comes from a prepared statement executed with
   * plan_cache_mode = force_generic_plan, whatever values it is given (NULLs here).
   */
  const genericPlan = async (query: string): Promise<{ rows: { 'QUERY PLAN': unknown }[] } | { refused: string }> => {
    if (serverVersion >= 160000) return attempt(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${query}`);
    const prepared = await attempt(`PREPARE schema_lens_explain AS ${query}`);
    if (!('rows' in prepared)) return prepared;
    try {
      // pg_stat_statements has replaced every constant by $n: the highest n is the parameter count.
      const count = Math.max(0, ...[...query.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
      await attempt('SET plan_cache_mode = force_generic_plan');
      return await attempt(`EXPLAIN (FORMAT JSON) EXECUTE schema_lens_explain(${Array.from({ length: count }, () => 'NULL').join(', ')})`);
    } finally {
      await attempt('RESET plan_cache_mode');
      await attempt('DEALLOCATE schema_lens_explain');
    }
  };
  /** The plan's verdict for the table, or undefined when the server cannot say (EXPLAIN failed). */
  const explain = async (query: string, table: string): Promise<'sequential scan' | 'index' | undefined> => {
    // A statement that no longer plans (a dropped table, a temporary one) is simply not confirmed.
    const plan = await genericPlan(query);
    if (!('rows' in plan)) return undefined;
    return scansSequentially(plan.rows[0]?.['QUERY PLAN'], table) ? 'sequential scan' : 'index';
  };

  const facts: HealthFacts = {
    serverVersion,
    ...(reset?.reset_at ? { statsResetAt: reset.reset_at.toISOString() } : {}),
    ...(reset?.text_search_config ? { textSearchConfig: reset.text_search_config.replace(/^pg_catalog\./, '') } : {}),
    tables: tables.map((row) => ({
      schema: row.schema,
      table: row.table,
      liveRows: row.live_rows,
      deadRows: row.dead_rows,
      seqScans: row.seq_scans,
      indexScans: row.index_scans,
      ...(row.last_vacuum ? { lastVacuum: row.last_vacuum.toISOString() } : {}),
      ...(row.last_analyze ? { lastAnalyze: row.last_analyze.toISOString() } : {}),
      totalBytes: row.total_bytes,
    })),
    indexes: indexes.map((row) => ({ schema: row.schema, table: row.table, index: row.index, scans: row.scans, bytes: row.bytes })),
    tableBloat: tableBloat.map(bloat),
    indexBloat: indexBloat.map(bloat),
    sequences: sequences.map((row) => ({ schema: row.schema, table: row.table, column: row.column, columnType: row.column_type, sequence: row.sequence, lastValue: row.last_value, maxValue: row.max_value })),
    ...(cache ? { cache: { heapHits: cache.heap_hits, heapReads: cache.heap_reads, indexHits: cache.index_hits, indexReads: cache.index_reads } } : {}),
    running: running.map(runningQuery),
    ...(connections ? { connections: { used: connections.used, max: connections.max, reserved: connections.reserved } } : {}),
    ...(statements
      ? {
          statements: {
            installed: statements.installed,
            available: statements.available,
            ...(statements.preloaded !== null ? { preloaded: statements.preloaded } : {}),
            ...(top ? { top: await statementsInTurn(top, options, serverVersion, explain) } : {}),
          },
        }
      : {}),
    columnStats: columnStats.map((row) => ({
      schema: row.schema,
      table: row.table,
      column: row.column,
      type: row.type,
      kind: row.kind,
      nullFraction: row.null_fraction,
      distinct: row.distinct,
      commonValues: row.common_values,
      commonFrequencies: row.common_frequencies,
      ...(row.lowest !== null ? { lowest: row.lowest } : {}),
    })),
  };
  return { facts, problems, queryCount };
}

/**
 * Each statement's stats, one after the other: their EXPLAINs share the one connection, which runs
 * a query at a time (pg queues concurrent ones, deprecated and gone in pg 9).
 */
async function statementsInTurn(rows: StatementRow[], options: HealthReadOptions, serverVersion: number, explain: (query: string, table: string) => Promise<'sequential scan' | 'index' | undefined>): Promise<StatementStats[]> {
  const stats: StatementStats[] = [];
  for (const row of rows) stats.push(await statementStats(row, options, serverVersion, explain));
  return stats;
}

/** The statement's numbers, its filter, and (PostgreSQL 12+: its generic plan) how its table is read. */
async function statementStats(row: StatementRow, options: HealthReadOptions, serverVersion: number, explain: (query: string, table: string) => Promise<'sequential scan' | 'index' | undefined>): Promise<StatementStats> {
  const stats: StatementStats = { query: withoutLiterals(row.query), calls: row.calls, totalMs: row.total_ms, meanMs: row.total_ms / row.calls, rows: row.rows };
  const filter = statementFilter(row.query);
  if (!filter) return stats;
  stats.filter = { schema: filter.schema ?? options.schemas[0] ?? 'public', table: filter.table, columns: filter.columns, nullTests: filter.nullTests, contains: filter.contains, textSearch: filter.textSearch };
  // plan_cache_mode (a generic plan before 16's EXPLAIN GENERIC_PLAN) came with PostgreSQL 12.
  if (serverVersion >= 120000) {
    const plan = await explain(row.query, filter.table);
    if (plan) stats.plan = plan;
  }
  return stats;
}

/** Whether a JSON plan reads `table` with a Seq Scan anywhere. */
function scansSequentially(plan: unknown, table: string): boolean {
  if (Array.isArray(plan)) return plan.some((node) => scansSequentially(node, table));
  if (!plan || typeof plan !== 'object') return false;
  const node = plan as Record<string, unknown>;
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === table) return true;
  return Object.values(node).some((value) => typeof value === 'object' && scansSequentially(value, table));
}

function bloat(row: BloatRow) {
  return { schema: row.schema, table: row.table, ...(row.index ? { index: row.index } : {}), bytes: row.bytes, wastedBytes: row.wasted_bytes };
}

function runningQuery(row: RunningRow): RunningQuery {
  return {
    pid: row.pid,
    state: row.state,
    seconds: row.seconds ?? 0,
    query: withoutLiterals(row.query),
    application: row.application,
    blockedBy: row.blocked_by ?? [],
    ...(row.locked_relation ? { lockedRelation: row.locked_relation } : {}),
  };
}

/**
 * Another session's query text with every literal (string, dollar-quoted body, number) replaced by
 * `?` and comments dropped: they may hold a password or personal data, and a report is no place
 * for them (PgHero filters alike). Quoted identifiers and $1 parameters stay.
 */
export function withoutLiterals(query: string): string {
  return query
    .replace(LEXEMES, (match, identifier: string | undefined, _dollar, _tag, _string, comment: string | undefined) => (identifier ? match : comment ? ' ' : '?'))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/**
 * One alternative per lexeme: quoted identifier | dollar-quoted string | string (backslash escapes
 * only in E'', as standard_conforming_strings has it) | comment | number.
 */
const LEXEMES = /("(?:[^"]|"")*")|(\$([A-Za-z_]\w*)?\$[\s\S]*?\$\3\$)|([Ee]'(?:[^'\\]|''|\\.)*'|(?:[BbXxNn]|[Uu]&)?'(?:[^']|'')*')|(--[^\n]*|\/\*[\s\S]*?\*\/)|(?<![\w$.])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

// A live PostgreSQL's health facts: one read-only query per part, on the analysis connection
// (read-only, bounded in time). A part the server refuses (a permission, a view it lacks) is a
// problem and the other parts are still read; a lost connection ends the read (DatabaseError).
import type pg from 'pg';
import type { HealthFacts, HealthReadOptions, HealthReadResult, RunningQuery, StatementStats } from '../../health';
import { quoteIdentifier } from '../spelling/identifiers';
import { ready as parserReady } from '../migration-sql/parse';
import { statementFilter } from './statement-filter';
import { statementPlanner, type StatementPlanner } from './statement-plans';
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
  const planner = statementPlanner(attempt, serverVersion, statements?.hypopg_schema ?? undefined, (message) => problems.push(message));

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
            hypopg: statements.hypopg_schema !== null,
            ...(top ? { top: await statementsInTurn(top, options, planner) } : {}),
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
async function statementsInTurn(rows: StatementRow[], options: HealthReadOptions, planner: StatementPlanner): Promise<StatementStats[]> {
  const stats: StatementStats[] = [];
  for (const row of rows) stats.push(await statementStats(row, options, planner));
  return stats;
}

/** The statement's numbers, its filter, and (PostgreSQL 12+: its generic plan) how its table is read. */
async function statementStats(row: StatementRow, options: HealthReadOptions, planner: StatementPlanner): Promise<StatementStats> {
  const stats: StatementStats = { query: withoutLiterals(row.query), calls: row.calls, totalMs: row.total_ms, meanMs: row.total_ms / row.calls, rows: row.rows };
  const filter = statementFilter(row.query);
  if (!filter) return stats;
  stats.filter = { ...filter, schema: filter.schema ?? options.schemas[0] ?? 'public' };
  // The index SL703 would recommend: the filter's columns, then the ORDER BY's.
  return { ...stats, ...(await planner.plan(row.query, { ...stats.filter, columns: [...filter.columns, ...filter.orderBy] })) };
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

/** How much of a statement a report shows. */
const SHOWN_QUERY_LENGTH = 200;

/**
 * Another session's query text with every literal (string, dollar-quoted body, number) replaced by
 * `?` and comments dropped: they may hold a password or personal data, and a report is no place
 * for them (PgHero filters alike). Quoted identifiers and $1 parameters stay. A long SELECT shows
 * `SELECT … FROM` instead of its column list (an ORM's list of every column would leave no room for
 * the FROM and WHERE that say what the statement does).
 */
export function withoutLiterals(query: string): string {
  const text = query
    .replace(LEXEMES, (match, identifier: string | undefined, _dollar, _tag, _string, comment: string | undefined) => (identifier ? match : comment ? ' ' : '?'))
    .replace(/\s+/g, ' ')
    .trim();
  return (text.length > SHOWN_QUERY_LENGTH ? withoutColumnList(text) : text).slice(0, SHOWN_QUERY_LENGTH);
}

/** `SELECT [DISTINCT] <list> FROM ...` as `SELECT [DISTINCT] … FROM ...`: the list ends at the first FROM outside parentheses and quotes. */
function withoutColumnList(text: string): string {
  const head = /^SELECT\s+(?:DISTINCT\s+)?/i.exec(text);
  if (!head) return text;
  let depth = 0;
  for (let at = head[0].length; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      const closing = text.indexOf('"', at + 1);
      at = closing < 0 ? text.length : closing;
    }
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (depth === 0 && /^ FROM /i.test(text.slice(at, at + 6))) return `${head[0]}…${text.slice(at)}`;
  }
  return text;
}

/**
 * One alternative per lexeme: quoted identifier | dollar-quoted string | string (backslash escapes
 * only in E'', as standard_conforming_strings has it) | comment | number.
 */
const LEXEMES = /("(?:[^"]|"")*")|(\$([A-Za-z_]\w*)?\$[\s\S]*?\$\3\$)|([Ee]'(?:[^'\\]|''|\\.)*'|(?:[BbXxNn]|[Uu]&)?'(?:[^']|'')*')|(--[^\n]*|\/\*[\s\S]*?\*\/)|(?<![\w$.])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

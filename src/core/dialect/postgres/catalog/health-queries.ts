// The health queries: one read-only statement per part, each over the whole database at once,
// after PgHero's (lib/pghero/methods/*.rb). Written for PostgreSQL 12 through 18; where the
// catalogs differ, the SQL is chosen by server_version_num:
// - pg_stat_statements' total_time became total_plan_time + total_exec_time in 13;
// - pg_stat_activity.backend_type (10+) tells client sessions from background workers.
// $1 is always the schemas asked for (empty: every schema but pg_* and information_schema).

const inSchemas = (column: string): string =>
  `CASE WHEN cardinality($1::text[]) = 0 THEN ${column} <> 'information_schema' AND ${column} !~ '^pg_' ELSE ${column} = ANY($1::text[]) END`;

export const statsResetSql = `
SELECT current_setting('server_version_num')::int AS server_version,
  pg_catalog.pg_stat_get_db_stat_reset_time(d.oid) AS reset_at,
  current_setting('default_text_search_config') AS text_search_config
FROM pg_catalog.pg_database d WHERE d.datname = current_database()`;

export interface StatsResetRow {
  server_version: number;
  reset_at: Date | null;
  text_search_config: string;
}

export const tableActivitySql = `
SELECT s.schemaname AS schema, s.relname AS table,
  s.n_live_tup::float8 AS live_rows, s.n_dead_tup::float8 AS dead_rows,
  coalesce(s.seq_scan, 0)::float8 AS seq_scans, coalesce(s.idx_scan, 0)::float8 AS index_scans,
  greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuum,
  greatest(s.last_analyze, s.last_autoanalyze) AS last_analyze,
  pg_catalog.pg_total_relation_size(s.relid)::float8 AS total_bytes
FROM pg_catalog.pg_stat_user_tables s
WHERE ${inSchemas('s.schemaname')}
ORDER BY s.schemaname COLLATE "C", s.relname COLLATE "C"`;

export interface TableActivityRow {
  schema: string;
  table: string;
  live_rows: number;
  dead_rows: number;
  seq_scans: number;
  index_scans: number;
  last_vacuum: Date | null;
  last_analyze: Date | null;
  total_bytes: number;
}

export const indexActivitySql = `
SELECT s.schemaname AS schema, s.relname AS table, s.indexrelname AS index,
  s.idx_scan::float8 AS scans, pg_catalog.pg_relation_size(s.indexrelid)::float8 AS bytes
FROM pg_catalog.pg_stat_user_indexes s
WHERE ${inSchemas('s.schemaname')}
ORDER BY s.schemaname COLLATE "C", s.relname COLLATE "C", s.indexrelname COLLATE "C"`;

export interface IndexActivityRow {
  schema: string;
  table: string;
  index: string;
  scans: number;
  bytes: number;
}

/**
 * Table bloat, estimated as check_postgres and ioguard do: the pages the rows would need (their
 * average width from pg_stats, the tuple header, the line pointer, the fillfactor) against the
 * pages the table has. Tables never analysed have no pg_stats and are left out (nothing to
 * estimate from).
 */
export const tableBloatSql = `
WITH widths AS (
  SELECT c.oid, n.nspname AS schema, c.relname AS table, c.reltuples, c.relpages,
    current_setting('block_size')::numeric AS block_size,
    coalesce((SELECT substring(option FROM 'fillfactor=([0-9]+)')::int FROM unnest(c.reloptions) AS option WHERE option LIKE 'fillfactor=%'), 100) AS fillfactor,
    sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0)) AS data_width,
    bool_or(s.null_frac > 0) AS has_nulls,
    count(*) AS stat_columns
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND NOT s.inherited
  WHERE c.relkind = 'r' AND c.relpages > 0 AND ${inSchemas('n.nspname')}
  -- reloptions too: before 14 a subquery may not use an outer column GROUP BY does not list, even one the key determines.
  GROUP BY c.oid, n.nspname, c.relname, c.reltuples, c.relpages, c.reloptions
), tuples AS (
  SELECT *,
    -- header 23 bytes (+ null bitmap) aligned to 8, data aligned to 8, one 4-byte line pointer
    (ceil((23 + CASE WHEN has_nulls THEN ceil(stat_columns / 8.0) ELSE 0 END) / 8) * 8 + ceil(data_width / 8) * 8 + 4) AS tuple_bytes
  FROM widths
)
SELECT schema, "table", (relpages * block_size)::float8 AS bytes,
  greatest(relpages - ceil(reltuples * tuple_bytes / ((block_size - 24) * fillfactor / 100.0)), 0)::float8 * block_size AS wasted_bytes
FROM tuples
WHERE reltuples >= 0
ORDER BY schema COLLATE "C", "table" COLLATE "C"`;

export interface BloatRow {
  schema: string;
  table: string;
  index?: string;
  bytes: number;
  wasted_bytes: number;
}

/**
 * B-tree index bloat, PgHero's index_bloat (after Josh Berkus and Michael Banck): the pages the
 * index's entries would need from their columns' average width in pg_stats, against its pages.
 */
export const indexBloatSql = `
WITH btree_index_atts AS (
  SELECT n.nspname, ic.relname, ic.reltuples, ic.relpages, ix.indrelid, ic.relam,
    regexp_split_to_table(ix.indkey::text, ' ')::smallint AS attnum, ix.indexrelid AS index_oid
  FROM pg_catalog.pg_index ix
  JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
  JOIN pg_catalog.pg_am am ON ic.relam = am.oid
  WHERE am.amname = 'btree' AND ic.relpages > 0 AND ${inSchemas('n.nspname')}
), index_item_sizes AS (
  SELECT i.nspname, i.relname, i.reltuples, i.relpages, i.relam, a.attrelid AS table_oid, i.index_oid,
    current_setting('block_size')::numeric AS bs,
    CASE WHEN version() ~ 'mingw32' OR version() ~ '64-bit' THEN 8 ELSE 4 END AS maxalign,
    24 AS pagehdr,
    CASE WHEN max(coalesce(s.null_frac, 0)) = 0 THEN 2 ELSE 6 END AS index_tuple_hdr,
    sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 2048)) AS nulldatawidth
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class tc ON tc.oid = a.attrelid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_catalog.pg_stats s ON s.schemaname = tn.nspname AND s.tablename = tc.relname AND s.attname = a.attname AND NOT s.inherited
  JOIN btree_index_atts i ON i.indrelid = a.attrelid AND a.attnum = i.attnum
  WHERE a.attnum > 0
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
), index_aligned AS (
  SELECT maxalign, bs, nspname, relname AS index_name, reltuples, relpages, relam, table_oid, index_oid,
    (2 + maxalign - CASE WHEN index_tuple_hdr % maxalign = 0 THEN maxalign ELSE index_tuple_hdr % maxalign END
      + nulldatawidth + maxalign - CASE WHEN nulldatawidth::integer % maxalign = 0 THEN maxalign ELSE nulldatawidth::integer % maxalign END
    )::numeric AS nulldatahdrwidth, pagehdr
  FROM index_item_sizes
), otta_calc AS (
  SELECT bs, nspname, table_oid, index_oid, index_name, relpages,
    coalesce(ceil((reltuples * (4 + nulldatahdrwidth)) / (bs - pagehdr::float)) + 1, 0) AS otta
  FROM index_aligned
)
SELECT o.nspname AS schema, c.relname AS table, o.index_name AS index,
  (o.bs * o.relpages)::float8 AS bytes,
  (CASE WHEN o.relpages <= o.otta THEN 0 ELSE o.bs * (o.relpages - o.otta) END)::float8 AS wasted_bytes
FROM otta_calc o
JOIN pg_catalog.pg_class c ON c.oid = o.table_oid
ORDER BY o.nspname COLLATE "C", c.relname COLLATE "C", o.index_name COLLATE "C"`;

/**
 * Sequences owned by a column (serial: deptype 'a'; identity: 'i'), their last value and the
 * smaller of their own maximum and the column type's. last_value is NULL in pg_sequences for a
 * sequence never used, or one this role may not read.
 */
export const sequencesSql = `
SELECT n.nspname AS schema, c.relname AS table, a.attname AS column,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS column_type, s.relname AS sequence,
  ps.last_value::float8 AS last_value,
  least(ps.max_value::float8, CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647 ELSE 9223372036854775807 END::float8) AS max_value
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
JOIN pg_catalog.pg_class c ON c.oid = d.refobjid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
JOIN pg_catalog.pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = s.relname
WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
  AND d.deptype IN ('a', 'i') AND c.relpersistence <> 't' AND ps.last_value IS NOT NULL AND ${inSchemas('n.nspname')}
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", a.attname COLLATE "C"`;

export interface SequenceRow {
  schema: string;
  table: string;
  column: string;
  column_type: string;
  sequence: string;
  last_value: number;
  max_value: number;
}

/** PgHero's table_hit_rate and index_hit_rate, as the counts behind them. */
export const cacheSql = `
SELECT (SELECT coalesce(sum(heap_blks_hit), 0) FROM pg_catalog.pg_statio_user_tables)::float8 AS heap_hits,
  (SELECT coalesce(sum(heap_blks_read), 0) FROM pg_catalog.pg_statio_user_tables)::float8 AS heap_reads,
  (SELECT coalesce(sum(idx_blks_hit), 0) FROM pg_catalog.pg_statio_user_indexes)::float8 AS index_hits,
  (SELECT coalesce(sum(idx_blks_read), 0) FROM pg_catalog.pg_statio_user_indexes)::float8 AS index_reads`;

export interface CacheRow {
  heap_hits: number;
  heap_reads: number;
  index_hits: number;
  index_reads: number;
}

/**
 * Client sessions of this database that are not idle (PgHero's running_queries), with the
 * sessions each waits for (pg_blocking_pids, which the lock-monitoring self-join of pg_locks
 * became in 9.6). An idle-in-transaction session is timed from its transaction's start: that is
 * how long it has held its locks.
 */
export const runningSql = `
SELECT a.pid, a.state, coalesce(a.application_name, '') AS application,
  extract(epoch FROM now() - CASE WHEN a.state LIKE 'idle in transaction%' THEN a.xact_start ELSE coalesce(a.query_start, a.xact_start) END)::float8 AS seconds,
  left(a.query, 2000) AS query,
  pg_catalog.pg_blocking_pids(a.pid) AS blocked_by,
  (SELECT l.relation::regclass::text FROM pg_catalog.pg_locks l WHERE l.pid = a.pid AND NOT l.granted AND l.relation IS NOT NULL LIMIT 1) AS locked_relation
FROM pg_catalog.pg_stat_activity a
WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
  AND a.state IS DISTINCT FROM 'idle' AND a.query <> '<insufficient privilege>'
ORDER BY seconds DESC NULLS LAST, a.pid`;

export interface RunningRow {
  pid: number;
  state: string;
  application: string;
  seconds: number | null;
  query: string;
  blocked_by: number[];
  locked_relation: string | null;
}

export const connectionsSql = `
SELECT (SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
  current_setting('max_connections')::int AS max,
  current_setting('superuser_reserved_connections')::int AS reserved`;

export interface ConnectionsRow {
  used: number;
  max: number;
  reserved: number;
}

/** pg_settings hides shared_preload_libraries from roles that may not see it: no row, not an error. */
export const statementsStateSql = `
SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_stat_statements') AS installed,
  EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'pg_stat_statements') AS available,
  (SELECT setting ~ '(^|[ ,])pg_stat_statements([ ,]|$)' FROM pg_catalog.pg_settings WHERE name = 'shared_preload_libraries') AS preloaded,
  (SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements') AS schema,
  (SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hypopg') AS hypopg_schema`;

export interface StatementsStateRow {
  installed: boolean;
  available: boolean;
  preloaded: boolean | null;
  schema: string | null;
  /** Where hypopg (hypothetical indexes, to test a recommended index with the planner) is installed, if it is. */
  hypopg_schema: string | null;
}

/** The statements of this database by total time; the view lives in the extension's schema (quoted by the caller). */
export function topStatementsSql(serverVersion: number, qualifiedView: string): string {
  const total = serverVersion >= 130000 ? 's.total_plan_time + s.total_exec_time' : 's.total_time';
  return `
SELECT left(s.query, 2000) AS query, s.calls::float8 AS calls, (${total})::float8 AS total_ms, s.rows::float8 AS rows
FROM ${qualifiedView} s
WHERE s.calls > 0 AND s.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
ORDER BY ${total} DESC
LIMIT $1`;
}

export interface StatementRow {
  query: string;
  calls: number;
  total_ms: number;
  rows: number;
}

/**
 * What ANALYZE sampled of the columns of ordinary tables (pg_stats), for the constraint and
 * partial-index recommendations: the null fraction, the most common values as text, and for
 * numbers the smallest value seen among them and the histogram's first bound.
 */
export const columnStatsSql = `
SELECT s.schemaname AS schema, s.tablename AS table, s.attname AS column,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
  CASE t.typcategory WHEN 'N' THEN 'number' WHEN 'S' THEN 'text' ELSE 'other' END AS kind,
  s.null_frac::float8 AS null_fraction, s.n_distinct::float8 AS distinct,
  coalesce(s.most_common_vals::text::text[], '{}') AS common_values,
  coalesce(s.most_common_freqs::float8[], '{}') AS common_frequencies,
  CASE WHEN t.typcategory = 'N' THEN least(
    (SELECT min(v::float8) FROM unnest(s.most_common_vals::text::text[]) AS v),
    (s.histogram_bounds::text::text[])[1]::float8) END AS lowest
FROM pg_catalog.pg_stats s
JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename AND c.relkind = 'r'
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = s.attname AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
WHERE NOT s.inherited AND ${inSchemas('s.schemaname')}
ORDER BY s.schemaname COLLATE "C", s.tablename COLLATE "C", a.attnum`;

export interface ColumnStatsRow {
  schema: string;
  table: string;
  column: string;
  type: string;
  kind: 'text' | 'number' | 'other';
  null_fraction: number;
  distinct: number;
  common_values: string[];
  common_frequencies: number[];
  lowest: number | null;
}

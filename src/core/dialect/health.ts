// What a live database says about its own health (statistics, sizes, activity), as plain data:
// the catalog reads it (postgres/catalog/health.ts, one read-only query per part), the health
// rules (src/core/rules/health) judge it. Counts are numbers (bigints read as float8: exact to
// 2^53, and a share or a percentage is all that is computed from them).

/** A table's activity since the statistics were last reset, and its size. */
export interface TableActivity {
  schema: string;
  table: string;
  liveRows: number;
  deadRows: number;
  seqScans: number;
  indexScans: number;
  /** ISO time of the last VACUUM (manual or auto); undefined: never since the statistics were reset. */
  lastVacuum?: string;
  /** ISO time of the last ANALYZE (manual or auto); undefined: never. */
  lastAnalyze?: string;
  /** Table, indexes and TOAST. */
  totalBytes: number;
}

export interface IndexActivity {
  schema: string;
  table: string;
  index: string;
  scans: number;
  bytes: number;
}

/** An estimate of the space a table or index holds beyond what its rows need (ioguard / PgHero). */
export interface BloatEstimate {
  schema: string;
  table: string;
  /** Set for an index. */
  index?: string;
  bytes: number;
  wastedBytes: number;
}

/** A sequence that feeds a column (serial or identity), and how far it has gone. */
export interface SequenceUse {
  schema: string;
  table: string;
  column: string;
  columnType: string;
  sequence: string;
  lastValue: number;
  /** The smaller of the sequence's own maximum and the column type's. */
  maxValue: number;
}

/** Block reads from shared buffers (hits) and from outside them (reads), tables and indexes. */
export interface CacheUse {
  heapHits: number;
  heapReads: number;
  indexHits: number;
  indexReads: number;
}

/** A client session of this database that is not idle. `query` has its literals replaced by `?`. */
export interface RunningQuery {
  pid: number;
  state: string;
  seconds: number;
  query: string;
  application: string;
  /** Sessions it waits for (pg_blocking_pids); empty when it waits for none. */
  blockedBy: number[];
  /** The relation whose lock it waits for, when it waits for one. */
  lockedRelation?: string;
}

export interface ConnectionUse {
  /** Client sessions, all databases. */
  used: number;
  max: number;
  /** Slots kept for superusers (superuser_reserved_connections). */
  reserved: number;
}

/** A statement pg_stat_statements tracks, with its literals already replaced by placeholders. */
export interface StatementStats {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  /** A one-table SELECT filtered by column = value (and one range): the columns an index would serve. */
  filter?: {
    schema: string;
    table: string;
    columns: string[];
    /** ORDER BY columns an index on `columns` can go on with to return the rows in order. */
    orderBy: string[];
    nullTests: { column: string; isNull: boolean }[];
    contains: string[];
    /** Full-text search: `to_tsvector(config, column) @@ …` (config undefined: a parameter) or `tsvector_column @@ …`. */
    textSearch: { column: string; expression: boolean; config?: string }[];
  };
  /** What the statement's generic plan does with the filtered table (PostgreSQL 12+); undefined: not known. */
  plan?: 'sequential scan' | 'index';
  /**
   * With hypopg installed and a plan that scans the table: the generic plan were a btree index on the
   * filter's columns to exist (a hypothetical index). `used`: the planner would read it; the costs
   * are the planner's estimates (the plans' total cost) without and with it.
   */
  hypotheticalIndex?: { used: boolean; costWithout: number; costWith: number };
}

export interface StatementsState {
  /** CREATE EXTENSION pg_stat_statements has run in this database. */
  installed: boolean;
  /** The server ships the extension. */
  available: boolean;
  /** It is in shared_preload_libraries; undefined when this role cannot see that setting. */
  preloaded?: boolean;
  /** hypopg is installed in this database: a recommended btree index is tested with the planner (StatementStats.hypotheticalIndex). */
  hypopg: boolean;
  /** The slowest statements by total time; only when installed, preloaded and readable. */
  top?: StatementStats[];
}

/** What ANALYZE sampled of a column (pg_stats), for constraint and partial-index recommendations. */
export interface ColumnStats {
  schema: string;
  table: string;
  column: string;
  /** format_type, e.g. `character varying(20)`. */
  type: string;
  kind: 'text' | 'number' | 'other';
  nullFraction: number;
  /** pg_stats.n_distinct: a count when positive, a share of the rows when negative. */
  distinct: number;
  /** The most common values as text, most common first, with their frequencies. */
  commonValues: string[];
  commonFrequencies: number[];
  /** Numbers: the smallest value the sample saw (most common values and histogram). */
  lowest?: number;
}

export interface HealthFacts {
  /** server_version_num, e.g. 170002. */
  serverVersion: number;
  /** ISO time of the database's last statistics reset; undefined: never reset. */
  statsResetAt?: string;
  /** default_text_search_config without its `pg_catalog.` (e.g. `english`): what an unnamed configuration is. */
  textSearchConfig?: string;
  tables: TableActivity[];
  indexes: IndexActivity[];
  tableBloat: BloatEstimate[];
  indexBloat: BloatEstimate[];
  sequences: SequenceUse[];
  cache?: CacheUse;
  running: RunningQuery[];
  connections?: ConnectionUse;
  statements?: StatementsState;
  columnStats: ColumnStats[];
}

export interface HealthReadOptions {
  /** Schemas whose tables are read; empty = every schema except pg_* and information_schema. */
  schemas: string[];
  /** How many of pg_stat_statements' statements to read (by total time). */
  topStatements?: number;
}

export interface HealthReadResult {
  facts: HealthFacts;
  /** A part that could not be read (a permission, a view this server lacks): the rest still is. */
  problems: string[];
  queryCount: number;
}

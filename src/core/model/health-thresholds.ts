// The thresholds of `schema-lens health` and their defaults (after PgHero's where it has one):
// plain data the configuration reads (core/config/health-thresholds.ts) and the health rules judge by.

export interface HealthThresholds {
  /** SL503: a sequence (or identity column) that has used this share of its type's range. */
  sequenceUsedPercent: number;
  /** SL504/SL505: estimated wasted space of a table or index, as a share of its size ... */
  bloatPercent: number;
  /** ... and at least this many bytes. */
  bloatMinBytes: number;
  /** SL506: share of block reads served from shared buffers, tables and indexes each (PgHero: 99). */
  cacheHitPercent: number;
  /** SL506: blocks read before the ratio means anything. */
  cacheMinBlocks: number;
  /** SL507: rows a table needs before "never vacuumed or analysed" matters. */
  neverVacuumedMinRows: number;
  /** SL508: dead rows as a share of live + dead ... */
  deadRowsPercent: number;
  /** ... and at least this many. */
  deadRowsMin: number;
  /** SL509: a query or open transaction running this long (PgHero: 60). */
  longRunningSeconds: number;
  /** SL511: client connections as a share of max_connections. */
  connectionsUsedPercent: number;
  /** SL701/SL702: rows a table needs before its statistics suggest a check constraint. */
  checkMinRows: number;
  /** SL701: at most this many distinct values make a text column enum-like. */
  checkMaxValues: number;
  /** SL703: rows a table needs before a frequent statement's sequential scan of it matters ... */
  indexMinRows: number;
  /** ... and calls that statement needs (pg_stat_statements). */
  indexMinCalls: number;
}

export const HEALTH_THRESHOLD_DEFAULTS: Readonly<HealthThresholds> = {
  sequenceUsedPercent: 75,
  bloatPercent: 50,
  bloatMinBytes: 10 * 1024 * 1024,
  cacheHitPercent: 99,
  cacheMinBlocks: 1000,
  neverVacuumedMinRows: 1000,
  deadRowsPercent: 20,
  deadRowsMin: 1000,
  longRunningSeconds: 60,
  connectionsUsedPercent: 80,
  checkMinRows: 1000,
  checkMaxValues: 10,
  indexMinRows: 10_000,
  indexMinCalls: 50,
};

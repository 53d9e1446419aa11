// What the planner does with a statement pg_stat_statements kept (its constants replaced by $n
// parameters): its generic plan, and, when hypopg is installed, its generic plan were an index on the
// statement's filter to exist. hypopg's hypothetical indexes live in this session's memory and only
// the planner sees them: creating one writes nothing, so it works on the read-only analysis
// connection, and each is dropped once its plan is read.
import type pg from 'pg';
import type { StatementStats } from '../../health';
import { quoteIdentifier } from '../spelling/identifiers';

/** A query's rows, or the server's refusal (a lost connection throws). */
export type Attempt = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<{ rows: R[] } | { refused: string }>;

export interface PlannedFilter {
  schema: string;
  table: string;
  /** The columns an index would serve, in key order. */
  columns: string[];
}

export type StatementPlan = Pick<StatementStats, 'plan' | 'hypotheticalIndex'>;

export type StatementPlanner = ReturnType<typeof statementPlanner>;

/**
 * Plans statements on the connection behind `attempt`, one at a time (they share one connection and
 * one prepared-statement name). `hypopgSchema`: where hypopg is installed in this database, if it is;
 * `problem` hears, once, why hypopg refused (a permission): the recommendations then rest on EXPLAIN alone.
 */
export function statementPlanner(attempt: Attempt, serverVersion: number, hypopgSchema: string | undefined, problem: (message: string) => void) {
  let hypopgRefused = false;
  /**
   * The generic plan (JSON) of a statement with $n parameters, or undefined when the server cannot
   * plan it (a dropped table, a temporary one). PostgreSQL 16 has EXPLAIN (GENERIC_PLAN); from 12 the
   * same plan comes from a prepared statement executed with plan_cache_mode = force_generic_plan,
   * whatever values it is given (NULLs here).
   */
  const genericPlan = async (query: string): Promise<unknown> => {
    const explained = await explainGeneric(query);
    return 'rows' in explained ? explained.rows[0]?.['QUERY PLAN'] : undefined;
  };
  const explainGeneric = async (query: string): Promise<{ rows: { 'QUERY PLAN': unknown }[] } | { refused: string }> => {
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

  /** The generic plan with a hypothetical btree index on the filter's columns, and whether it uses it; undefined when hypopg refuses. */
  const withHypotheticalIndex = async (query: string, filter: PlannedFilter, schema: string): Promise<{ plan: unknown; used: boolean } | undefined> => {
    const hypopg = quoteIdentifier(schema);
    const definition = `CREATE INDEX ON ${quoteIdentifier(filter.schema)}.${quoteIdentifier(filter.table)} (${filter.columns.map(quoteIdentifier).join(', ')})`;
    const created = await attempt<{ indexrelid: number; indexname: string }>(`SELECT indexrelid, indexname FROM ${hypopg}.hypopg_create_index($1)`, [definition]);
    if (!('rows' in created)) {
      if (!hypopgRefused) problem(`Could not test the recommended indexes with hypopg (hypothetical indexes): ${created.refused}`);
      hypopgRefused = true;
      return undefined;
    }
    const index = created.rows[0];
    if (!index) return undefined;
    try {
      const plan = await genericPlan(query);
      return plan === undefined ? undefined : { plan, used: usesIndex(plan, index.indexname) };
    } finally {
      await attempt(`SELECT ${hypopg}.hypopg_drop_index($1)`, [index.indexrelid]);
    }
  };

  return {
    /**
     * How the statement's generic plan reads the filtered table; when it scans it and hypopg is
     * installed, whether the planner would use an index on the filter's columns, with both costs.
     * Empty when the server cannot plan the statement (PostgreSQL before 12 has no plan_cache_mode).
     */
    async plan(query: string, filter: PlannedFilter): Promise<StatementPlan> {
      if (serverVersion < 120000) return {};
      const plan = await genericPlan(query);
      if (plan === undefined) return {};
      if (!scansSequentially(plan, filter.table)) return { plan: 'index' };
      if (!hypopgSchema || filter.columns.length === 0) return { plan: 'sequential scan' };
      const hypothetical = await withHypotheticalIndex(query, filter, hypopgSchema);
      const costWithout = totalCost(plan);
      const costWith = hypothetical && totalCost(hypothetical.plan);
      if (!hypothetical || costWithout === undefined || costWith === undefined) return { plan: 'sequential scan' };
      return { plan: 'sequential scan', hypotheticalIndex: { used: hypothetical.used, costWithout, costWith } };
    },
  };
}

/** Whether a JSON plan reads `table` with a Seq Scan anywhere. */
function scansSequentially(plan: unknown, table: string): boolean {
  return someNode(plan, (node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === table);
}

/** Whether a JSON plan reads the index named `index` anywhere (an Index, Index Only or Bitmap Index Scan). */
function usesIndex(plan: unknown, index: string): boolean {
  return someNode(plan, (node) => node['Index Name'] === index);
}

/** The planner's estimated total cost of a JSON plan (EXPLAIN's `[{ Plan: { "Total Cost" } }]`). */
function totalCost(plan: unknown): number | undefined {
  const top = Array.isArray(plan) ? (plan[0] as { Plan?: { 'Total Cost'?: unknown } } | undefined)?.Plan : undefined;
  return typeof top?.['Total Cost'] === 'number' ? top['Total Cost'] : undefined;
}

function someNode(plan: unknown, test: (node: Record<string, unknown>) => boolean): boolean {
  if (Array.isArray(plan)) return plan.some((node) => someNode(node, test));
  if (!plan || typeof plan !== 'object') return false;
  const node = plan as Record<string, unknown>;
  return test(node) || Object.values(node).some((value) => typeof value === 'object' && someNode(value, test));
}

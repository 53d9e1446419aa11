// How many rows the planner thinks a table has (pg_class.reltuples), with "not counted yet" as -1 on
// every server. PostgreSQL 14 and later say -1 until the first VACUUM or ANALYZE; 13 and older say
// 0, as for an empty table, so there 0 rows on 0 pages is read as not counted: a big table restored
// and not yet analysed must not pass for an empty one (the lint's size-sensitive severities).

/** The SQL of a table's row estimate (float8, -1 when not counted), for the pg_class row aliased `alias`. */
export function estimatedRowsSql(alias: string): string {
  return `(CASE WHEN ${alias}.reltuples < 0 OR (${alias}.reltuples = 0 AND ${alias}.relpages = 0 AND current_setting('server_version_num')::int < 140000) THEN -1 ELSE ${alias}.reltuples END)::float8`;
}

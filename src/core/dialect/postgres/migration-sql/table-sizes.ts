// How big the tables a migration touches are, from the planner's statistics (pg_class.reltuples,
// -1 when not counted yet: catalog/row-estimate.ts) and pg_total_relation_size: one read-only catalog
// query, never a count.
import type pg from 'pg';
import { estimatedRowsSql } from '../catalog/row-estimate';
import type { TableSize } from '../../dialect';
import type { QualifiedName } from '../../../model/schema';

/** The size of each of these tables that exists, keyed `schema.name`. */
export async function tableSizes(client: pg.ClientBase, tables: readonly QualifiedName[]): Promise<Map<string, TableSize>> {
  const sizes = new Map<string, TableSize>();
  if (tables.length === 0) return sizes;
  const result = await client.query(
    `SELECT n.nspname AS schema, c.relname AS name, ${estimatedRowsSql('c')} AS rows, pg_total_relation_size(c.oid)::float8 AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN unnest($1::text[], $2::text[]) AS t(schema, name) ON t.schema = n.nspname AND t.name = c.relname
      WHERE c.relkind IN ('r', 'p')`,
    [tables.map((table) => table.schema), tables.map((table) => table.name)],
  );
  for (const row of result.rows as Array<{ schema: string; name: string; rows: number; bytes: number }>) {
    sizes.set(`${row.schema}.${row.name}`, { rows: Math.round(Number(row.rows)), bytes: Number(row.bytes) });
  }
  return sizes;
}

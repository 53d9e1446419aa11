// The catalog queries of one introspection: a fixed number, each over every table of the chosen
// schemas at once (never one query per table), parameterised by namespace oids. Written for
// PostgreSQL 12 through 18 (the health's tests run them live on each):
// - a table's row estimate is -1 until counted on every version (13 and older say 0: row-estimate.ts);
// - PG18 records NOT NULL as pg_constraint rows (contype 'n'): constraints are selected by an
//   explicit contype list, and nullability always comes from pg_attribute.attnotnull;
// - check text differs in parentheses between versions in information_schema, so checks are
//   printed from conbin with pg_get_expr and the outer parentheses handled in one place;
// - partitions (relispartition) and constraints inherited from a partitioned parent
//   (conparentid <> 0) are left out: they repeat what the parent already says.
// Sort keys use COLLATE "C" so the model's order does not depend on the server's locale.
import { estimatedRowsSql } from './row-estimate';

export const namespacesSql = `
SELECT n.oid, n.nspname AS name
FROM pg_catalog.pg_namespace n
WHERE CASE WHEN cardinality($1::text[]) = 0
  THEN n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
  ELSE n.nspname = ANY($1::text[]) END
ORDER BY n.nspname COLLATE "C"`;

export interface NamespaceRow {
  oid: number;
  name: string;
}

export const relationsSql = `
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind,
  ${estimatedRowsSql('c')} AS reltuples, d.description AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`;

export interface RelationRow {
  oid: number;
  schema: string;
  name: string;
  /** r table, p partitioned table, v view, m materialized view. */
  kind: 'r' | 'p' | 'v' | 'm';
  /** pg_class.reltuples, -1 when not counted yet (row-estimate.ts). */
  reltuples: number;
  comment: string | null;
}

/**
 * `serial` is told apart from any other nextval() default by the catalog, not by the text: the
 * default depends on a sequence that is itself owned (deptype 'a') by this very column. Those
 * pairs are found once, by a join over pg_depend, not by two index probes per column.
 *
 * Defaults are printed without a relation (pg_get_expr(..., 0)): a default cannot refer to a
 * column, and naming the relation makes pg_get_expr open and lock it, once per default (most of
 * this query's time at 5,000 tables, and a wait behind any migration's ACCESS EXCLUSIVE lock).
 * Generated columns do refer to columns, so their expressions are printed with the table.
 */
export const columnsSql = `
SELECT a.attrelid AS relid, a.attnum, a.attname AS name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
  a.attnotnull AS not_null,
  pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END) AS default_expression,
  a.attidentity AS identity, a.attgenerated AS generated,
  d.description AS comment,
  en.nspname AS enum_schema, e.typname AS enum_name, (e.oid IS NOT NULL AND e.oid <> t.oid) AS enum_array,
  serial.attrdef IS NOT NULL AS owned_sequence_default
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type e
  ON e.typtype = 'e' AND e.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
LEFT JOIN pg_catalog.pg_namespace en ON en.oid = e.typnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN (
  SELECT DISTINCT owned.refobjid AS relid, owned.refobjsubid AS attnum, uses.objid AS attrdef
  FROM pg_catalog.pg_depend owned
  JOIN pg_catalog.pg_depend uses
    ON uses.refclassid = 'pg_catalog.pg_class'::regclass AND uses.refobjid = owned.objid
   AND uses.classid = 'pg_catalog.pg_attrdef'::regclass
  WHERE owned.classid = 'pg_catalog.pg_class'::regclass AND owned.refclassid = 'pg_catalog.pg_class'::regclass
    AND owned.deptype = 'a'
) serial ON serial.relid = a.attrelid AND serial.attnum = a.attnum AND serial.attrdef = ad.oid
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

export interface ColumnRow {
  relid: number;
  attnum: number;
  name: string;
  type: string;
  not_null: boolean;
  default_expression: string | null;
  /** '' none, 'a' ALWAYS, 'd' BY DEFAULT. */
  identity: '' | 'a' | 'd';
  /** '' none, 's' stored, 'v' virtual (PostgreSQL 18). */
  generated: '' | 's' | 'v';
  comment: string | null;
  enum_schema: string | null;
  enum_name: string | null;
  enum_array: boolean;
  owned_sequence_default: boolean;
}

/**
 * Key columns come as attribute numbers, named from the columns query (naming them here costs two
 * sub-selects per constraint, most of this query's time at 1,000 tables). Only a foreign key to a
 * table the columns query does not read (another schema, a partition) gets its names here.
 */
export const constraintsSql = `
SELECT con.conrelid AS relid, con.conname AS name, con.contype AS type,
  con.conkey AS column_numbers,
  con.confrelid AS ref_relid, rn.nspname AS ref_schema, rc.relname AS ref_table,
  con.confkey AS ref_column_numbers,
  CASE WHEN con.contype = 'f' AND (rc.relnamespace <> ALL($1::oid[]) OR rc.relispartition) THEN
    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(num, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
          ORDER BY k.ord)
  END AS ref_columns_elsewhere,
  con.confupdtype AS on_update, con.confdeltype AS on_delete,
  con.condeferrable AS deferrable, con.condeferred AS deferred,
  CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END AS check_expression,
  CASE WHEN con.contype = 'x' THEN pg_catalog.pg_get_constraintdef(con.oid) END AS definition
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0
ORDER BY con.conrelid, con.conname COLLATE "C"`;

export interface ConstraintRow {
  relid: number;
  name: string;
  type: 'p' | 'u' | 'f' | 'c' | 'x';
  column_numbers: number[] | null;
  ref_relid: number;
  ref_schema: string | null;
  ref_table: string | null;
  ref_column_numbers: number[] | null;
  ref_columns_elsewhere: string[] | null;
  on_update: string;
  on_delete: string;
  deferrable: boolean;
  deferred: boolean;
  check_expression: string | null;
  definition: string | null;
}

/**
 * Indexes that back a primary key, unique or exclusion constraint belong to the constraint. Key
 * columns come as attribute numbers (0 for an expression), named from the columns query like the
 * constraints' keys; only an index with expression keys has them printed (pg_get_indexdef). Scans
 * are read with the function pg_stat_all_indexes.idx_scan is made of, not through the view, which
 * joins every index of the database.
 */
export function indexesSql(statistics: boolean): string {
  return `
SELECT ix.indrelid AS relid, i.relname AS name, ix.indisunique AS is_unique, ix.indisvalid AS valid,
  am.amname AS method,
  pg_catalog.pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
  (ix.indkey::int2[])[0:ix.indnkeyatts - 1] AS key_column_numbers,
  CASE WHEN ix.indexprs IS NOT NULL THEN
    ARRAY(SELECT CASE WHEN ix.indkey[k - 1] = 0 THEN pg_catalog.pg_get_indexdef(ix.indexrelid, k, false) END
          FROM generate_series(1, ix.indnkeyatts) AS k ORDER BY k)
  END AS key_expressions,
  ${statistics ? 'pg_catalog.pg_stat_get_numscans(ix.indexrelid)::float8' : 'NULL::float8'} AS scans
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
JOIN pg_catalog.pg_am am ON am.oid = i.relam
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND ix.indexrelid NOT IN (SELECT con.conindid FROM pg_catalog.pg_constraint con WHERE con.contype IN ('p', 'u', 'x'))
ORDER BY ix.indrelid, i.relname COLLATE "C"`;
}

export interface IndexRow {
  relid: number;
  name: string;
  is_unique: boolean;
  valid: boolean;
  method: string;
  predicate: string | null;
  /** Per key: the column's attribute number, or 0 for an expression key. */
  key_column_numbers: number[];
  /** Per key: the expression as PostgreSQL prints it, or null for a column key; null when no key is an expression. */
  key_expressions: (string | null)[] | null;
  scans: number | null;
}

export const enumsSql = `
SELECT n.nspname AS schema, t.typname AS name,
  ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND t.typnamespace = ANY($1::oid[])
ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C"`;

export interface EnumRow {
  schema: string;
  name: string;
  labels: string[];
}

/** A generated column's expression as TypeORM recorded it (typeorm_metadata, when the schema has one). */
export interface GeneratedMetadataRow {
  schema: string;
  table: string;
  name: string;
  value: string;
}

/** TypeORM's own record of generated columns in one schema's typeorm_metadata table (its name quoted by the caller). */
export function generatedMetadataSql(qualifiedTable: string): string {
  return `SELECT coalesce("schema", $1) AS schema, "table", "name", "value" FROM ${qualifiedTable} WHERE "type" = 'GENERATED_COLUMN' AND "value" IS NOT NULL`;
}

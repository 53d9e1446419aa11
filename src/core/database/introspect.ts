// A live PostgreSQL -> SchemaModel, spelled as src/core/model/schema.ts says. One read-only,
// repeatable-read transaction (a consistent snapshot across the catalog queries) with a fixed
// number of round trips, whatever the number of tables.
import type pg from 'pg';
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  ReadProblem,
  ReferentialAction,
  SchemaModel,
  Table,
} from '../model/schema';
import { emptyTable } from '../model/schema';
import { stripEnclosingParentheses } from './expressions';
import { toDatabaseError } from './errors';
import {
  columnsSql,
  constraintsSql,
  enumsSql,
  indexesSql,
  namespacesSql,
  relationsSql,
  type ColumnRow,
  type ConstraintRow,
  type EnumRow,
  type IndexRow,
  type NamespaceRow,
  type RelationRow,
} from './queries';

export interface IntrospectOptions {
  /** Schemas to read; empty = every schema except pg_* and information_schema. */
  schemas: string[];
  /** Also list TypeORM's own tables (the migrations table and typeorm_metadata). */
  includeBookkeeping?: boolean;
  /** The DataSource's migrationsTableName; default 'migrations'. */
  migrationsTableName?: string;
  /** Read pg_stat_all_indexes.idx_scan into Index.scans. */
  statistics?: boolean;
}

export interface IntrospectResult {
  model: SchemaModel;
  problems: ReadProblem[];
  /** Round trips to the server, transaction control included. */
  queryCount: number;
}

const TYPEORM_METADATA_TABLE = 'typeorm_metadata';
/**
 * Schema Lens's own record of the checksum each migration had when our `migrate` ran it (what
 * "edited after it ran" compares against). Bookkeeping like TypeORM's migrations table: no entity
 * maps it, and it must not show up as drift.
 */
export const CHECKSUM_TABLE = 'schema_lens_migration_checksums';

const actions: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** Throws DatabaseError when the connection fails, times out or is lost; everything else is a problem. */
export async function introspect(client: pg.ClientBase, options: IntrospectOptions): Promise<IntrospectResult> {
  let queryCount = 0;
  const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
    queryCount++;
    return (await client.query<R>(text, values)).rows;
  };
  const problems: ReadProblem[] = [];
  const scope = transactionScope(client);
  try {
    // format_type() and pg_get_expr() qualify names by the search_path: pin it to PostgreSQL's usual
    // `public` so a default reads `'a'::status_enum` in public and `'a'::billing.status_enum`
    // elsewhere, whatever the role's own setting (the entity reader prints them the same way).
    await query(`${scope.begin}; SET LOCAL search_path TO public`);
    const namespaces = await query<NamespaceRow>(namespacesSql, [options.schemas]);
    for (const missing of options.schemas.filter((s) => !namespaces.some((n) => n.name === s))) {
      problems.push({ severity: 'warning', message: `Schema "${missing}" does not exist in the database.` });
    }
    const oids = namespaces.map((n) => n.oid);
    const relations = await query<RelationRow>(relationsSql, [oids]);
    const columns = await query<ColumnRow>(columnsSql, [oids]);
    const constraints = await query<ConstraintRow>(constraintsSql, [oids]);
    const indexes = await query<IndexRow>(indexesSql(options.statistics ?? false), [oids]);
    const enums = await query<EnumRow>(enumsSql, [oids]);
    await query(scope.end);
    const model = assemble({ relations, columns, constraints, indexes, enums }, options, problems);
    return { model, problems, queryCount };
  } catch (error) {
    await client.query(scope.abort).catch(() => {});
    throw toDatabaseError(error, 'reading the catalogs of', connectionOf(client));
  }
}

/**
 * Our own read-only repeatable-read transaction; inside a caller's open transaction, a savepoint
 * rolled back at the end instead, so the caller's transaction and settings are left as they were.
 */
function transactionScope(client: pg.ClientBase): { begin: string; end: string; abort: string } {
  const status = typeof client.getTransactionStatus === 'function' ? client.getTransactionStatus() : 'I';
  if (status === 'I' || status === null) {
    return { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', end: 'COMMIT', abort: 'ROLLBACK' };
  }
  const undo = 'ROLLBACK TO SAVEPOINT schema_lens_introspect; RELEASE SAVEPOINT schema_lens_introspect';
  return { begin: 'SAVEPOINT schema_lens_introspect', end: undo, abort: undo };
}

function connectionOf(client: pg.ClientBase): { host?: string; port?: number; user?: string; database?: string } {
  const c = client as Partial<pg.Client>;
  return { host: c.host, port: c.port, user: c.user, database: c.database };
}

interface Rows {
  relations: RelationRow[];
  columns: ColumnRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  enums: EnumRow[];
}

function assemble(rows: Rows, options: IntrospectOptions, problems: ReadProblem[]): SchemaModel {
  const bookkeeping = new Set([options.migrationsTableName ?? 'migrations', TYPEORM_METADATA_TABLE, CHECKSUM_TABLE]);
  const model: SchemaModel = { tables: [], enums: [], views: [] };
  const tables = new Map<number, Table>();
  for (const relation of rows.relations) {
    if (relation.kind === 'v' || relation.kind === 'm') {
      model.views.push({ schema: relation.schema, name: relation.name, materialized: relation.kind === 'm' });
      continue;
    }
    if (!options.includeBookkeeping && bookkeeping.has(relation.name)) continue;
    const table: Table = { ...emptyTable(relation.schema, relation.name), estimatedRows: relation.reltuples };
    if (relation.comment !== null) table.comment = relation.comment;
    tables.set(relation.oid, table);
    model.tables.push(table);
  }
  // Column names by attribute number, for every table read (bookkeeping ones too: keys name them).
  const columnNames = new Map<number, string[]>();
  for (const row of rows.columns) {
    let names = columnNames.get(row.relid);
    if (!names) columnNames.set(row.relid, (names = []));
    names[row.attnum] = row.name;
    const table = tables.get(row.relid);
    if (table) table.columns.push(toColumn(row, table, problems));
  }
  const namesOf = (relid: number, numbers: number[] | null): string[] => {
    const names = columnNames.get(relid);
    return (numbers ?? []).map((n) => names?.[n] ?? `#${n}`);
  };
  for (const row of rows.constraints) {
    const table = tables.get(row.relid);
    if (table) addConstraint(table, row, namesOf);
  }
  for (const row of rows.indexes) {
    tables.get(row.relid)?.indexes.push(toIndex(row, namesOf));
  }
  model.enums = rows.enums.map((row) => ({ schema: row.schema, name: row.name, values: row.labels }));
  return model;
}

function toColumn(row: ColumnRow, table: Table, problems: ReadProblem[]): Column {
  const column: Column = { name: row.name, type: row.type, nullable: !row.not_null };
  if (row.enum_name !== null && row.enum_schema !== null) {
    column.type = row.enum_array ? `${row.enum_name}[]` : row.enum_name;
    column.enumType = { schema: row.enum_schema, name: row.enum_name };
  }
  const expression = row.default_expression ?? undefined;
  if (row.identity) {
    column.generated = { kind: 'identity', always: row.identity === 'a' };
  } else if (row.generated && expression !== undefined) {
    column.generated = { kind: 'stored', expression };
    if (row.generated === 'v') {
      problems.push({
        severity: 'info',
        message: `Column "${table.schema}"."${table.name}"."${row.name}" is a VIRTUAL generated column; it is compared as a stored one.`,
      });
    }
  } else if (row.owned_sequence_default && expression?.startsWith('nextval(')) {
    column.generated = { kind: 'increment' };
  } else if (expression !== undefined) {
    column.default = expression;
  }
  if (row.comment !== null) column.comment = row.comment;
  return column;
}

type ColumnNamer = (relid: number, numbers: number[] | null) => string[];

function addConstraint(table: Table, row: ConstraintRow, namesOf: ColumnNamer): void {
  const columns = namesOf(row.relid, row.column_numbers);
  switch (row.type) {
    case 'p':
      table.primaryKey = { name: row.name, columns };
      return;
    case 'u':
      table.uniques.push({ name: row.name, columns });
      return;
    case 'f': {
      const foreignKey: ForeignKey = {
        name: row.name,
        columns,
        referencedTable: { schema: row.ref_schema ?? '', name: row.ref_table ?? '' },
        referencedColumns: row.ref_columns_elsewhere ?? namesOf(row.ref_relid, row.ref_column_numbers),
        onDelete: actions[row.on_delete] ?? 'NO ACTION',
        onUpdate: actions[row.on_update] ?? 'NO ACTION',
      };
      if (row.deferrable) foreignKey.deferrable = row.deferred ? 'INITIALLY DEFERRED' : 'INITIALLY IMMEDIATE';
      table.foreignKeys.push(foreignKey);
      return;
    }
    case 'c': {
      const check: CheckConstraint = { name: row.name, expression: stripEnclosingParentheses(row.check_expression ?? '') };
      table.checks.push(check);
      return;
    }
    case 'x':
      table.exclusions.push({ name: row.name, expression: (row.definition ?? '').replace(/^EXCLUDE\s+/, '') });
      return;
  }
}

function toIndex(row: IndexRow, namesOf: ColumnNamer): Index {
  const names = namesOf(row.relid, row.key_column_numbers);
  const index: Index = {
    name: row.name,
    keys: row.key_column_numbers.map((number, k) => (number !== 0 ? { kind: 'column', name: names[k]! } : { kind: 'expression', expression: row.key_expressions?.[k] ?? '' })),
    unique: row.is_unique,
    method: row.method,
    valid: row.valid,
  };
  if (row.predicate !== null) index.where = stripEnclosingParentheses(row.predicate);
  if (row.scans !== null) index.scans = row.scans;
  return index;
}

// The catalog rows of one introspection (queries.ts) -> SchemaModel: tables and views, columns
// (identity, generated, serial, enum types), constraints, indexes and enums, by oid.
import type { IntrospectOptions } from '../../dialect';
import type { CheckConstraint, Column, ForeignKey, Index, ReadProblem, ReferentialAction, SchemaModel, Table } from '../../../model/schema';
import { bookkeepingTables } from '../../../model/bookkeeping';
import { emptyTable } from '../../../model/schema';
import { stripEnclosingParentheses } from './expressions';
import type { ColumnRow, ConstraintRow, EnumRow, GeneratedMetadataRow, IndexRow, RelationRow } from './queries';

const actions: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

export interface Rows {
  relations: RelationRow[];
  columns: ColumnRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  enums: EnumRow[];
  /** TypeORM's record of generated columns' expressions, where it has one. */
  generatedMetadata?: GeneratedMetadataRow[];
}

export function assemble(rows: Rows, options: IntrospectOptions, problems: ReadProblem[]): SchemaModel {
  const bookkeeping = bookkeepingTables(options.migrationsTableName);
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
  const recorded = new Map((rows.generatedMetadata ?? []).map((row) => [generatedKey(row.schema, row.table, row.name), row.value]));
  // Column names by attribute number, for every table read (bookkeeping ones too: keys name them).
  const columnNames = new Map<number, string[]>();
  for (const row of rows.columns) {
    let names = columnNames.get(row.relid);
    if (!names) columnNames.set(row.relid, (names = []));
    names[row.attnum] = row.name;
    const table = tables.get(row.relid);
    if (table) table.columns.push(toColumn(row, table, problems, recorded));
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

function generatedKey(schema: string, table: string, column: string): string {
  return `${schema}\u0000${table}\u0000${column}`;
}

function toColumn(row: ColumnRow, table: Table, problems: ReadProblem[], recorded: Map<string, string>): Column {
  const column: Column = { name: row.name, type: row.type, nullable: !row.not_null };
  if (row.enum_name !== null && row.enum_schema !== null) {
    column.type = row.enum_array ? `${row.enum_name}[]` : row.enum_name;
    column.enumType = { schema: row.enum_schema, name: row.enum_name };
  }
  const expression = row.default_expression ?? undefined;
  if (row.identity) {
    column.generated = { kind: 'identity', always: row.identity === 'a' };
  } else if (row.generated && expression !== undefined) {
    const typeormExpression = recorded.get(generatedKey(table.schema, table.name, row.name));
    column.generated = { kind: 'stored', expression, ...(typeormExpression !== undefined ? { sameAs: [typeormExpression] } : {}) };
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

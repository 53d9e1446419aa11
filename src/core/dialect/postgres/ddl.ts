// PostgreSQL's DDL: the SQL text of fixes (the Ddl of src/core/dialect/dialect.ts). Every identifier
// goes through pg.escapeIdentifier and every literal through pg.escapeLiteral, so hostile names
// (quotes, semicolons, mixed case, reserved words) stay data.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { CheckConstraint, Column, ForeignKey, Index, PrimaryKey, QualifiedName, SchemaModel, Table, UniqueConstraint } from '../../model/schema';
import { foreignKeyName, indexName, typeormName } from '../../model/names';

export const ident = (name: string): string => pg.escapeIdentifier(name);
export const literal = (value: string): string => pg.escapeLiteral(value);
export const qualified = (name: QualifiedName): string => `${ident(name.schema)}.${ident(name.name)}`;
export const columnList = (columns: readonly string[]): string => columns.map(ident).join(', ');

/** The column's type as SQL: enum types schema-qualified and quoted, everything else as format_type() printed it. */
export function typeSql(column: Column): string {
  if (!column.enumType) return column.type;
  return `${qualified(column.enumType)}${column.type.endsWith('[]') ? '[]' : ''}`;
}

function isTextLike(type: string): boolean {
  return /^(text|character varying|character)\b/.test(type);
}

/**
 * The USING expression for ALTER COLUMN ... TYPE: a plain cast, through text when an enum is on
 * either side (PostgreSQL has no direct cast between an enum and most types).
 */
export function usingCast(column: string, from: Column, to: Column): string {
  const target = typeSql(to);
  if ((from.enumType || to.enumType) && !isTextLike(from.type)) return `${ident(column)}::text::${target}`;
  return `${ident(column)}::${target}`;
}

export function columnDefinition(column: Column): string {
  const parts = [ident(column.name)];
  const generated = column.generated;
  if (generated?.kind === 'increment') {
    parts.push(column.type === 'bigint' ? 'bigserial' : column.type === 'smallint' ? 'smallserial' : 'serial');
  } else {
    parts.push(typeSql(column));
    if (generated?.kind === 'identity') parts.push(`GENERATED ${generated.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
    if (generated?.kind === 'stored') parts.push(`GENERATED ALWAYS AS (${generated.expression}) STORED`);
  }
  if (!column.nullable) parts.push('NOT NULL');
  if (column.default !== undefined && !generated) parts.push(`DEFAULT ${column.default}`);
  return parts.join(' ');
}

export function createIndexSql(table: QualifiedName, index: Index, name: string, options: { concurrently?: boolean } = {}): string {
  const keys = index.keys.map((key) => (key.kind === 'column' ? ident(key.name) : `(${key.expression})`)).join(', ');
  const method = (index.method || 'btree') === 'btree' ? '' : ` USING ${index.method}`;
  const where = index.where === undefined ? '' : ` WHERE ${index.where}`;
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${options.concurrently ? 'CONCURRENTLY ' : ''}${ident(name)} ON ${qualified(table)}${method} (${keys})${where}`;
}

export function dropIndexSql(schema: string, name: string, options: { concurrently?: boolean } = {}): string {
  return `DROP INDEX ${options.concurrently ? 'CONCURRENTLY ' : ''}${ident(schema)}.${ident(name)}`;
}

export function addForeignKeySql(table: QualifiedName, key: ForeignKey, name: string): string {
  const deferrable = key.deferrable ? ` DEFERRABLE ${key.deferrable}` : '';
  return (
    `ALTER TABLE ${qualified(table)} ADD CONSTRAINT ${ident(name)} FOREIGN KEY (${columnList(key.columns)}) ` +
    `REFERENCES ${qualified(key.referencedTable)}(${columnList(key.referencedColumns)}) ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}${deferrable}`
  );
}

export function dropConstraintSql(table: QualifiedName, name: string): string {
  return `ALTER TABLE ${qualified(table)} DROP CONSTRAINT ${ident(name)}`;
}

export function validateConstraintSql(table: QualifiedName, name: string): string {
  return `ALTER TABLE ${qualified(table)} VALIDATE CONSTRAINT ${ident(name)}`;
}

export function alterColumnSql(table: QualifiedName, column: string, action: string): string {
  return `ALTER TABLE ${qualified(table)} ALTER COLUMN ${ident(column)} ${action}`;
}

/** CREATE TABLE with its columns, primary key, uniques and checks; foreign keys and indexes follow as separate statements. */
export function createTableSql(table: Table): string[] {
  const lines = table.columns.map(columnDefinition);
  if (table.primaryKey) {
    const name = table.primaryKey.name ?? typeormName('PK', table.name, table.primaryKey.columns);
    lines.push(`CONSTRAINT ${ident(name)} PRIMARY KEY (${columnList(table.primaryKey.columns)})`);
  }
  for (const unique of table.uniques) {
    const name = unique.name ?? typeormName('UQ', table.name, unique.columns);
    lines.push(`CONSTRAINT ${ident(name)} UNIQUE (${columnList(unique.columns)})`);
  }
  for (const check of table.checks) {
    const name = check.name ?? typeormName('CHK', table.name, [check.expression]);
    lines.push(`CONSTRAINT ${ident(name)} CHECK (${check.expression})`);
  }
  const statements = [`CREATE TABLE ${qualified(table)} (${lines.join(', ')})`];
  for (const key of table.foreignKeys) statements.push(addForeignKeySql(table, key, foreignKeyName(table, key)));
  for (const index of table.indexes) statements.push(createIndexSql(table, index, indexName(table, index)));
  return statements;
}

export function dropTableSql(table: QualifiedName): string {
  return `DROP TABLE ${qualified(table)}`;
}

export function addColumnSql(table: QualifiedName, column: Column): string {
  return `ALTER TABLE ${qualified(table)} ADD COLUMN ${columnDefinition(column)}`;
}

export function dropColumnSql(table: QualifiedName, column: string): string {
  return `ALTER TABLE ${qualified(table)} DROP COLUMN ${ident(column)}`;
}

export function renameColumnSql(table: QualifiedName, from: string, to: string): string {
  return `ALTER TABLE ${qualified(table)} RENAME COLUMN ${ident(from)} TO ${ident(to)}`;
}

export function setNullableSql(table: QualifiedName, column: string, nullable: boolean): string {
  return alterColumnSql(table, column, nullable ? 'DROP NOT NULL' : 'SET NOT NULL');
}

export function setDefaultSql(table: QualifiedName, column: string, expression: string | undefined): string {
  return alterColumnSql(table, column, expression === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${expression}`);
}

/**
 * Converts `from` into `to` in place. PostgreSQL must also convert the column's default, and
 * refuses when there is no automatic cast for it (`'true'::text` to boolean, one enum to
 * another): so the old default is dropped first and the target default set afterwards.
 */
export function changeTypeSql(table: QualifiedName, from: Column, to: Column): string[] {
  return [
    ...(from.default !== undefined ? [alterColumnSql(table, from.name, 'DROP DEFAULT')] : []),
    alterColumnSql(table, from.name, `TYPE ${typeSql(to)} USING ${usingCast(from.name, from, to)}`),
    ...(to.default !== undefined ? [alterColumnSql(table, from.name, `SET DEFAULT ${to.default}`)] : []),
  ];
}

export function addPrimaryKeySql(table: QualifiedName, key: PrimaryKey, name: string): string {
  return `ALTER TABLE ${qualified(table)} ADD CONSTRAINT ${ident(name)} PRIMARY KEY (${columnList(key.columns)})`;
}

export function addUniqueSql(table: QualifiedName, unique: UniqueConstraint, name: string): string {
  return `ALTER TABLE ${qualified(table)} ADD CONSTRAINT ${ident(name)} UNIQUE (${columnList(unique.columns)})`;
}

export function addCheckSql(table: QualifiedName, check: CheckConstraint, name: string): string {
  return `ALTER TABLE ${qualified(table)} ADD CONSTRAINT ${ident(name)} CHECK (${check.expression})`;
}

export function rebuildIndexSql(schema: string, name: string): string {
  return `REINDEX INDEX ${ident(schema)}.${ident(name)}`;
}

export function rebuildIndexConcurrentlySql(schema: string, name: string): string {
  return `REINDEX INDEX CONCURRENTLY ${ident(schema)}.${ident(name)}`;
}

export function vacuumAnalyzeSql(table: QualifiedName): string {
  return `VACUUM (ANALYZE) ${qualified(table)}`;
}

export function analyzeSql(table: QualifiedName): string {
  return `ANALYZE ${qualified(table)}`;
}

export function createEnumSql(type: QualifiedName, values: readonly string[]): string {
  return `CREATE TYPE ${qualified(type)} AS ENUM (${values.map(literal).join(', ')})`;
}

export function dropEnumSql(type: QualifiedName): string {
  return `DROP TYPE ${qualified(type)}`;
}

export function addEnumValueSql(type: QualifiedName, value: string): string {
  return `ALTER TYPE ${qualified(type)} ADD VALUE ${literal(value)}`;
}

/**
 * Replaces an enum type by one with `values`: PostgreSQL cannot remove or reorder enum values, so
 * the type is renamed, recreated, every column using it converted through text, and the old one dropped.
 */
export function recreateEnumSql(type: QualifiedName, values: readonly string[], model: SchemaModel | undefined): string[] {
  const oldName = `sl_old_${createHash('sha1').update(type.name).digest('hex').slice(0, 12)}`;
  const statements = [`ALTER TYPE ${qualified(type)} RENAME TO ${ident(oldName)}`, createEnumSql(type, values)];
  for (const table of model?.tables ?? []) {
    for (const column of table.columns) {
      if (!column.enumType || column.enumType.schema !== type.schema || column.enumType.name !== type.name) continue;
      const array = column.type.endsWith('[]') ? '[]' : '';
      if (column.default !== undefined) statements.push(alterColumnSql(table, column.name, 'DROP DEFAULT'));
      statements.push(alterColumnSql(table, column.name, `TYPE ${qualified(type)}${array} USING ${ident(column.name)}::text${array}::${qualified(type)}${array}`));
      if (column.default !== undefined) statements.push(alterColumnSql(table, column.name, `SET DEFAULT ${column.default}`));
    }
  }
  statements.push(`DROP TYPE ${qualified({ schema: type.schema, name: oldName })}`);
  return statements;
}

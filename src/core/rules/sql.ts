// SQL text for fixes. Every identifier goes through pg.escapeIdentifier and every literal through
// pg.escapeLiteral, so hostile names (quotes, semicolons, mixed case, reserved words) stay data.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Column, ForeignKey, Index, QualifiedName, Table } from '../model/schema';

export const ident = (name: string): string => pg.escapeIdentifier(name);
export const literal = (value: string): string => pg.escapeLiteral(value);
export const qualified = (name: QualifiedName): string => `${ident(name.schema)}.${ident(name.name)}`;
export const columnList = (columns: readonly string[]): string => columns.map(ident).join(', ');

/**
 * The name TypeORM's DefaultNamingStrategy would give (`IDX_`/`FK_`/`PK_`/`UQ_`/`CHK_` + sha1 prefix),
 * so a later `migration:generate` sees the object the fix created as its own and leaves it alone.
 */
export function typeormName(prefix: 'PK' | 'UQ' | 'FK' | 'IDX' | 'CHK', tableName: string, parts: readonly string[], where?: string): string {
  const sorted = prefix === 'CHK' ? [...parts] : [...parts].sort();
  let key = `${tableName.replace('.', '_')}_${sorted.join('_')}`;
  if (where) key += `_${where}`;
  const length = prefix === 'IDX' || prefix === 'CHK' ? 26 : 27;
  return `${prefix}_${createHash('sha1').update(key).digest('hex').slice(0, length)}`;
}

/** A PascalCase migration name from words (the scaffolder appends the timestamp). */
export function migrationName(...words: string[]): string {
  const name = words
    .flatMap((word) => word.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
  return (/^[A-Za-z]/.test(name) ? name : `M${name}`).slice(0, 80);
}

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

export function indexName(table: Table, index: Index): string {
  if (index.name) return index.name;
  const parts = index.keys.map((key) => (key.kind === 'column' ? key.name : key.expression));
  return typeormName('IDX', table.name, parts, index.where);
}

export function createIndexSql(table: QualifiedName, index: Index, name: string): string {
  const keys = index.keys.map((key) => (key.kind === 'column' ? ident(key.name) : `(${key.expression})`)).join(', ');
  const method = (index.method || 'btree') === 'btree' ? '' : ` USING ${index.method}`;
  const where = index.where === undefined ? '' : ` WHERE ${index.where}`;
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${ident(name)} ON ${qualified(table)}${method} (${keys})${where}`;
}

export function dropIndexSql(schema: string, name: string): string {
  return `DROP INDEX ${ident(schema)}.${ident(name)}`;
}

export function foreignKeyName(table: Table, key: ForeignKey): string {
  return key.name ?? typeormName('FK', table.name, key.columns);
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

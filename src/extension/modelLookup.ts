// Which model object sits under the cursor, and which findings belong to a table. Pure lookups
// over the core's models, shared by hover, CodeLens and code actions.
import type { MigrationFile } from '../core/migrations';
import type { Column, ForeignKey, SchemaModel, SourceSpan, Table } from '../core/model';
import type { Finding, RelatedLocation } from '../core/rules';
import { spanContainsOffset } from './ranges';

export interface ObjectAtCursor {
  table: Table;
  column?: Column;
  /** Set when the cursor is on a relation property (which owns a foreign key). */
  foreignKey?: ForeignKey;
}

function covers(span: SourceSpan | undefined, file: string, offset: number): boolean {
  return span !== undefined && span.file === file && spanContainsOffset(span, offset);
}

function memberAt(table: Table, file: string, offset: number): ObjectAtCursor | undefined {
  const column = table.columns.find((c) => covers(c.span, file, offset));
  // A relation's join column: the hover then also says whether its foreign key exists.
  if (column) return { table, column, foreignKey: table.foreignKeys.find((k) => k.columns.length === 1 && k.columns[0] === column.name) };
  const foreignKey = table.foreignKeys.find((k) => covers(k.span, file, offset));
  if (foreignKey) return { table, foreignKey, column: table.columns.find((c) => c.name === foreignKey.columns[0]) };
  return undefined;
}

/** The narrowest table / column / relation of the intended model whose span holds `offset`. */
export function objectAt(model: SchemaModel, file: string, offset: number): ObjectAtCursor | undefined {
  // Members first: columns inherited from a base class live in another file than their table.
  for (const table of model.tables) {
    const member = memberAt(table, file, offset);
    if (member) return member;
  }
  const table = model.tables.find((t) => covers(t.span, file, offset));
  return table ? { table } : undefined;
}

export function findTable(model: SchemaModel | undefined, schema: string, name: string): Table | undefined {
  return model?.tables.find((t) => t.schema === schema && t.name === name);
}

/** Tables declared by entity classes in `file`. */
export function tablesInFile(model: SchemaModel, file: string): Table[] {
  return model.tables.filter((t) => t.span?.file === file);
}

/**
 * The differences between an entity's table and the database: findings about the table, but not the
 * migration lint's or the migrations' own (they sit in migration files, about what a migration does).
 */
export function findingsForTable(findings: readonly Finding[], schema: string, table: string): Finding[] {
  return findings.filter((f) => f.schema === schema && f.table === table && f.category !== 'lint' && f.category !== 'migration');
}

/**
 * The other end of the relation a finding is about (the referenced entity's class), for the
 * diagnostic's related information, unless the finding already names related locations.
 */
export function relatedLocations(finding: Finding, intended: SchemaModel | undefined, migrations: readonly MigrationFile[] = []): RelatedLocation[] {
  if (finding.related?.length) return finding.related;
  const touching = lastMigrationTouching(finding, migrations);
  const migration: RelatedLocation[] = touching?.span ? [{ message: `last changed by migration ${touching.name ?? touching.className}`, span: touching.span }] : [];
  return [...otherEnd(finding, intended), ...migration];
}

/** Whether the SQL names the identifier, quoted ("post") or bare (post), as a whole word. */
function mentions(sql: string, identifier: string): boolean {
  const escaped = identifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w"])"?${escaped}"?($|[^\\w"])`).test(sql);
}

/** The newest migration whose up() SQL names the finding's table (and column, when it has one). */
export function lastMigrationTouching(finding: Finding, migrations: readonly MigrationFile[]): MigrationFile | undefined {
  const candidates = migrations.filter((m) => m.upSql?.some((sql) => mentions(sql, finding.table) && (finding.column === undefined || mentions(sql, finding.column))));
  return candidates.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0)).at(-1);
}

function otherEnd(finding: Finding, intended: SchemaModel | undefined): RelatedLocation[] {
  if (!intended || finding.column === undefined) return [];
  const table = findTable(intended, finding.schema, finding.table);
  const key = table?.foreignKeys.find((k) => k.columns.includes(finding.column!));
  const referenced = key ? findTable(intended, key.referencedTable.schema, key.referencedTable.name) : undefined;
  if (!key || !referenced?.span) return [];
  const owner = key.relation && table?.entity ? `${table.entity.className}.${key.relation}` : `${finding.table}(${key.columns.join(', ')})`;
  return [{ message: `${owner} references ${referenced.entity?.className ?? referenced.name} (${referenced.schema}.${referenced.name})`, span: referenced.span }];
}

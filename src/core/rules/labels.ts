// How findings name things for a person: `posts.author_id`, `audit.events`, the entity class.
import type { Column, QualifiedName, Table } from '../model/schema';
import type { RuleContext } from './rule';

/** `posts` in the default schema, `audit.events` elsewhere. */
export function tableLabel(table: QualifiedName): string {
  return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
}

export function columnLabel(table: QualifiedName, column: string): string {
  return `${tableLabel(table)}.${column}`;
}

/** ` (entity Post)` or ` (Post.author)`; empty when the table has no entity. */
export function entityLabel(table: Table, column?: Column): string {
  if (!table.entity) return '';
  return column?.property ? ` (${table.entity.className}.${column.property})` : ` (entity ${table.entity.className})`;
}

/** What the actual model is: a connected database, or the schema replaying the migrations builds. */
export function actualLabel(context: RuleContext): string {
  return context.actualSource === 'shadow' ? 'the schema your migrations build' : 'the database';
}

export function describeColumns(columns: readonly string[]): string {
  return columns.join(', ');
}

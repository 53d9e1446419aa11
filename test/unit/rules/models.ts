// Small hand-built SchemaModels for the pure diff/rule/report tests.
import type { Column, ForeignKey, Index, SchemaModel, SourceSpan, Table } from '../../../src/core/model/schema';

export function span(file: string, line: number, character = 2, startOffset = 0): SourceSpan {
  return { file, start: { line, character }, end: { line, character: character + 10 }, startOffset, endOffset: startOffset + 10 };
}

export function column(name: string, type = 'integer', extra: Partial<Column> = {}): Column {
  return { name, type, nullable: false, ...extra };
}

export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { schema: 'public', name, columns, uniques: [], foreignKeys: [], checks: [], exclusions: [], indexes: [], primaryKey: { columns: ['id'] }, ...extra };
}

export function fk(columns: string[], referenced: string, extra: Partial<ForeignKey> = {}): ForeignKey {
  return { columns, referencedTable: { schema: 'public', name: referenced }, referencedColumns: ['id'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION', ...extra };
}

export function index(columns: string[], extra: Partial<Index> = {}): Index {
  return { keys: columns.map((name) => ({ kind: 'column', name })), unique: false, method: 'btree', ...extra };
}

export function model(...tables: Table[]): SchemaModel {
  return { tables, enums: [], views: [] };
}

/** users(id) and posts(id, authorId -> users) with an optional index list on posts. */
export function blog(postIndexes: Index[] = [], postKey: Partial<ForeignKey> = {}): SchemaModel {
  return model(
    table('users', [column('id'), column('email', 'character varying(255)')]),
    table('posts', [column('id'), column('authorId', 'integer', { nullable: true }), column('title', 'text')], {
      foreignKeys: [fk(['authorId'], 'users', postKey)],
      indexes: postIndexes,
    }),
  );
}

// Small hand-built models for the pure extension helpers' tests.
import type { SourceSpan, Table } from '../../../src/core/model/schema';

export function span(file: string, startOffset: number, endOffset: number, line = 0): SourceSpan {
  return { file, startOffset, endOffset, start: { line, character: 2 }, end: { line, character: 2 + endOffset - startOffset } };
}

export function postTable(file: string): Table {
  return {
    schema: 'public',
    name: 'post',
    span: span(file, 0, 500),
    entity: { className: 'Post', file },
    columns: [
      { name: 'id', type: 'integer', nullable: false, generated: { kind: 'increment' }, span: span(file, 50, 80, 3) },
      { name: 'title', type: 'character varying', nullable: false, default: "''::character varying", span: span(file, 100, 140, 6) },
      { name: 'authorId', type: 'integer', nullable: true },
    ],
    primaryKey: { columns: ['id'] },
    uniques: [],
    foreignKeys: [{ columns: ['authorId'], referencedTable: { schema: 'public', name: 'user' }, referencedColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION', relation: 'author', span: span(file, 200, 260, 10) }],
    checks: [],
    exclusions: [],
    indexes: [],
  };
}

// analyze() reuses a table's findings while its objects stay the same; it must always give exactly
// what a computation from scratch gives. Each step below compares the two, deep-equal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, analyzeFromScratch, type AnalysisInput } from '../../../src/core/analyze';
import { findFiles } from '../../../src/core/config';
import { EntityReader } from '../../../src/core/entities';
import type { SchemaModel, Table } from '../../../src/core/model/schema';
import { blog, column, fk, index, model, span, table } from './models';

function same(input: AnalysisInput): ReturnType<typeof analyze> {
  const memoised = analyze(input);
  assert.deepEqual(memoised, analyzeFromScratch(input));
  return memoised;
}

function codes(findings: ReturnType<typeof analyze>): string[] {
  return findings.map((finding) => `${finding.code} ${finding.table}${finding.column ? `.${finding.column}` : ''}`);
}

function replaceTable(schema: SchemaModel, name: string, change: (table: Table) => Table): SchemaModel {
  return { ...schema, tables: schema.tables.map((candidate) => (candidate.name === name ? change(candidate) : candidate)) };
}

describe('analyze() reuse across edits', () => {
  it('gives the from-scratch result through a sequence of hand-made edits, and reuses unchanged tables', () => {
    const file = '/p/src/post.entity.ts';
    const postsSpan = span(file, 3);
    let intended = blog([], { span: span(file, 8, 2, 40), relation: 'author' });
    intended = replaceTable(intended, 'posts', (posts) => ({ ...posts, span: postsSpan, entity: { className: 'Post', file } as Table['entity'] }));
    let actual: SchemaModel = {
      tables: [
        table('users', [column('id'), column('email', 'text')]),
        table('posts', [column('id'), column('authorId', 'integer', { nullable: true }), column('title', 'text')]),
        table('legacy', [column('id'), column('note', 'text')], { primaryKey: undefined }),
      ],
      enums: [{ schema: 'public', name: 'role', values: ['a', 'b'] }],
      views: [{ schema: 'public', name: 'report' } as SchemaModel['views'][number]],
    };
    const input = (intendedModel: SchemaModel, extra: Partial<AnalysisInput> = {}): AnalysisInput => ({
      intended: { model: intendedModel, suppressions: [] },
      actual,
      actualSource: 'database',
      ...extra,
    });

    const first = same(input(intended));
    assert.deepEqual(codes(first).sort(), ['SL103 users.email', 'SL110 legacy', 'SL201 posts.authorId', 'SL301 posts.authorId', 'SL501 legacy']);

    // Nothing changed: the very same finding objects come back (nothing was recomputed).
    const again = same(input(intended));
    assert.equal(again.find((finding) => finding.code === 'SL103'), first.find((finding) => finding.code === 'SL103'));

    // An edit to posts only: posts is recomputed, users is reused.
    intended = replaceTable(intended, 'posts', (posts) => ({ ...posts, indexes: [index(['authorId'])], columns: [...posts.columns, column('views')] }));
    const edited = same(input(intended));
    assert.equal(edited.find((finding) => finding.code === 'SL103'), first.find((finding) => finding.code === 'SL103'));
    assert.ok(codes(edited).includes('SL102 posts.views') && !codes(edited).includes('SL301 posts.authorId'));

    // SL203 on an unchanged table follows a change of the table it looks up: posts.userId looks
    // like a reference to users, and stops looking like one when users.id changes type.
    intended = replaceTable(intended, 'posts', (posts) => ({ ...posts, columns: [...posts.columns, column('userId')] }));
    assert.ok(codes(same(input(intended))).includes('SL203 posts.userId'));
    intended = replaceTable(intended, 'users', (users) => ({ ...users, columns: [column('id', 'bigint'), column('email', 'text')] }));
    assert.ok(!codes(same(input(intended))).includes('SL203 posts.userId'));
    intended = replaceTable(intended, 'users', (users) => ({ ...users, columns: [column('id'), column('email', 'text')] }));
    assert.ok(codes(same(input(intended))).includes('SL203 posts.userId'));

    // Tables appear and disappear; enums and views change; the database becomes the shadow.
    intended = { ...intended, tables: [...intended.tables, table('report', [column('id')]), table('audit', [column('id')])] };
    intended = { ...intended, enums: [{ schema: 'public', name: 'role', values: ['a', 'c'] }] };
    const grown = codes(same(input(intended)));
    assert.ok(grown.includes('SL101 audit') && !grown.includes('SL101 report') && grown.includes('SL106 role'));
    same(input(intended, { actualSource: 'shadow' }));
    same(input({ ...intended, views: [{ schema: 'public', name: 'legacy' } as SchemaModel['views'][number]] }));

    // No database, then back: entity-only findings, then the drift again.
    same(input(intended, { actual: undefined }));
    assert.ok(!codes(same(input(intended))).includes('SL103 users.email'));

    // The database is read again after a migration: the same entity tables, a new database table.
    actual = replaceTable(actual, 'users', (users) => ({ ...users, columns: [column('id'), column('email', 'character varying(255)')] }));
    assert.ok(codes(same(input(intended))).includes('SL103 users.email'));
  });

  it('follows the source text the fixes were computed from, with unchanged tables', () => {
    const file = '/p/src/post.entity.ts';
    const text = 'import { Entity } from "typeorm";\n@Entity()\nexport class Post {\n  @ManyToOne(() => User)\n  author: User;\n}\n';
    const intended = model(
      table('users', [column('id')]),
      table('posts', [column('id'), column('authorId')], { foreignKeys: [fk(['authorId'], 'users', { relation: 'author', span: span(file, 3, 2, text.indexOf('@ManyToOne')) })], span: span(file, 2) }),
    );
    let source: string | undefined;
    const run = (): string[] =>
      same({ intended: { model: intended, suppressions: [] }, readSource: (name) => (name === file ? source : undefined) })
        .flatMap((finding) => finding.fixes.map((fix) => fix.kind));
    assert.deepEqual(run(), ['migration']);
    source = text; // the file is opened in the editor: the same tables, and now a source-edit fix
    assert.deepEqual(run(), ['migration', 'source-edit']);
    source = undefined;
    assert.deepEqual(run(), ['migration']);
  });

  it('gives the from-scratch result while a real project is edited through the entity reader', async () => {
    const root = join(__dirname, '../../fixtures/projects/blog');
    const files = await findFiles(root, ['src/**/*.entity.ts']);
    const reader = new EntityReader({ root, naming: 'default' });
    reader.setFiles(files);
    const start = reader.read();
    // A drifted database: one table gone, one column retyped, indexes dropped, an extra table.
    const actual = structuredClone(start.model);
    actual.tables = actual.tables.filter((candidate) => candidate.name !== 'tag');
    actual.tables[0]!.columns[1] = { ...actual.tables[0]!.columns[1]!, type: 'text' };
    for (const candidate of actual.tables) candidate.indexes = [];
    actual.tables.push(table('leftover', [column('id'), column('userId')]));

    const commentFile = files.find((candidate) => candidate.endsWith('comment.entity.ts'))!;
    const original = readFileSync(commentFile, 'utf8');
    const edits = [
      original.replace('  @Index()\n', ''),
      original.replace('isSpam: boolean;', 'isSpam: boolean;\n\n  @Column({ nullable: true })\n  userId: number;'),
      original.replace("onDelete: 'CASCADE'", "onDelete: 'SET NULL'"),
      original.replace('@Entity()', "@Entity('comment_v2')"),
      'export const broken = ;',
      original,
    ];
    const check = (intended = reader.read()): void => {
      for (const source of ['database', 'shadow'] as const) same({ intended, actual, actualSource: source, readSource: (file) => (file === commentFile ? original : undefined) });
      same({ intended });
    };
    check(start);
    for (const text of edits) {
      reader.updateFile(commentFile, text);
      check();
    }
  });
});

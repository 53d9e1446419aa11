import assert from 'node:assert/strict';
import { postgres } from '../../../src/core/dialect';
import { diff as diffIn } from '../../../src/core/diff';
import { indexCovers } from '../../../src/core/diff/compare';
import type { SchemaModel } from '../../../src/core/model/schema';
import { blog, column, fk, index, model, table } from '../rules/models';

const diff = (intended: SchemaModel, actual: SchemaModel) => diffIn(intended, actual, postgres.spelling);

describe('diff', () => {
  it('finds nothing between identical models', () => {
    assert.deepEqual(diff(blog(), blog()), []);
  });

  it('matches foreign keys and indexes structurally, never by name', () => {
    const intended = blog([index(['authorId'], { name: 'IDX_generated' })], { name: 'FK_abc' });
    const actual = blog([index(['authorId'], { name: 'posts_author_idx' })], { name: 'posts_author_fkey' });
    assert.deepEqual(diff(intended, actual), []);
  });

  it('matches multi-column foreign keys by column pairs, in any declaration order', () => {
    const key = (columns: string[], referenced: string[]) => ({ ...fk(columns, 'users'), referencedColumns: referenced });
    const intended = model(table('t', [column('id'), column('a'), column('b')], { foreignKeys: [key(['a', 'b'], ['x', 'y'])] }));
    const actual = model(table('t', [column('id'), column('a'), column('b')], { foreignKeys: [key(['b', 'a'], ['y', 'x'])] }));
    assert.deepEqual(diff(intended, actual), []);
    const swapped = model(table('t', [column('id'), column('a'), column('b')], { foreignKeys: [key(['a', 'b'], ['y', 'x'])] }));
    assert.deepEqual(diff(intended, swapped).map((change) => change.kind), ['foreign-key-missing']);
  });

  it('a unique constraint the database lacks is missing even beside the unique index the entity declares too (TypeORM keeps both)', () => {
    const slug = (uniques: { columns: string[] }[], indexes: ReturnType<typeof index>[]) => model(table('post', [column('id'), column('slug')], { uniques, indexes }));
    const ownIndex = index(['slug'], { unique: true, name: 'IDX_post_slug' });
    // The entity says `unique: true` and `@Index({ unique: true })`; the database kept only the index.
    assert.deepEqual(diff(slug([{ columns: ['slug'] }], [ownIndex]), slug([], [ownIndex])).map((change) => change.kind), ['unique-missing']);
    // The entity says only `unique: true`: a hand-made unique index enforces the same.
    assert.deepEqual(diff(slug([{ columns: ['slug'] }], []), slug([], [ownIndex])), []);
  });

  it('reports actions separately from a missing key', () => {
    const changes = diff(blog([], { onDelete: 'CASCADE' }), blog());
    assert.deepEqual(changes.map((change) => change.kind), ['foreign-key-actions']);
  });

  it('compares check expressions after normalisation, and unique constraints by column set', () => {
    const withCheck = (expression: string) =>
      model(table('t', [column('id'), column('a'), column('b')], { checks: [{ expression }], uniques: [{ columns: ['a', 'b'] }] }));
    const actual = withCheck('(a > 0)');
    actual.tables[0]!.uniques = [];
    actual.tables[0]!.indexes = [index(['b', 'a'], { unique: true, name: 'ux' })];
    assert.deepEqual(diff(withCheck('"a" > 0'), actual), []);
  });

  it('carries both sides and the entity span on column changes', () => {
    const intended = blog();
    intended.tables[1]!.columns[2] = column('title', 'character varying(100)', { span: { file: '/p/post.ts', start: { line: 4, character: 2 }, end: { line: 4, character: 9 }, startOffset: 40, endOffset: 47 } });
    const [change] = diff(intended, blog());
    assert.equal(change?.kind, 'column-type');
    assert.ok(change?.kind === 'column-type');
    assert.equal(change.intended.type, 'character varying(100)');
    assert.equal(change.actual.type, 'text');
    assert.equal(change.span?.file, '/p/post.ts');
  });

  it('lists tables and columns only the database has', () => {
    const actual = blog();
    actual.tables.push(table('legacy', [column('id')]));
    actual.tables[0]!.columns.push(column('nickname', 'text', { nullable: true }));
    assert.deepEqual(diff(blog(), actual).map((change) => change.kind).sort(), ['column-unmapped', 'table-unmapped']);
  });

  it('an index covers a foreign key only by its leading columns (any order within the prefix)', () => {
    assert.ok(indexCovers(index(['a', 'b']), ['a']));
    assert.ok(indexCovers(index(['b', 'a']), ['a', 'b']));
    assert.ok(!indexCovers(index(['b', 'a']), ['a']));
    assert.ok(!indexCovers(index(['a'], { where: 'a IS NOT NULL' }), ['a']));
    assert.ok(!indexCovers(index(['a'], { method: 'hash' }), ['a']));
    assert.ok(!indexCovers(index(['a'], { valid: false }), ['a']));
  });
});

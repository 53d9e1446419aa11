import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/rules/finding';
import { findingsForTable, lastMigrationTouching, objectAt, relatedLocations, tablesInFile } from '../../../src/extension/modelLookup';
import { postTable, span } from './fixtures';

const file = '/p/src/post.entity.ts';
const userTable = { ...postTable('/p/src/user.entity.ts'), name: 'user', entity: { className: 'User', file: '/p/src/user.entity.ts' }, span: span('/p/src/user.entity.ts', 0, 90, 3), foreignKeys: [] };
const model = { tables: [postTable(file), userTable], enums: [], views: [] };

describe('extension/modelLookup', () => {
  it('finds the column under the cursor', () => {
    const hit = objectAt(model, file, 120);
    assert.equal(hit?.column?.name, 'title');
  });

  it('finds the relation (and its join column) under the cursor', () => {
    const hit = objectAt(model, file, 230);
    assert.equal(hit?.foreignKey?.relation, 'author');
    assert.equal(hit?.column?.name, 'authorId');
  });

  it('a join column under the cursor carries its relation', () => {
    const withColumnSpan = { ...model, tables: [{ ...postTable(file), columns: [{ name: 'authorId', type: 'integer', nullable: true, span: span(file, 300, 320, 12) }] }] };
    assert.equal(objectAt(withColumnSpan, file, 310)?.foreignKey?.relation, 'author');
  });

  it('relates a foreign-key finding to the referenced entity', () => {
    const finding: Finding = { code: 'SL201', category: 'integrity', severity: 'error', message: 'm', schema: 'public', table: 'post', column: 'authorId', fixes: [] };
    const related = relatedLocations(finding, model);
    assert.equal(related.length, 1);
    assert.equal(related[0].message, 'Post.author references User (public.user)');
    assert.equal(related[0].span.file, '/p/src/user.entity.ts');
    assert.deepEqual(relatedLocations({ ...finding, column: 'title' }, model), []);
    const given = [{ message: 'x', span: span(file, 1, 2) }];
    assert.equal(relatedLocations({ ...finding, related: given }, model), given);
  });

  it('falls back to the table inside the class, and to nothing outside it or in another file', () => {
    assert.equal(objectAt(model, file, 300)?.table.name, 'post');
    assert.equal(objectAt(model, file, 300)?.column, undefined);
    assert.equal(objectAt(model, file, 900), undefined);
    assert.equal(objectAt(model, '/p/other.ts', 120), undefined);
  });

  it('lists tables by file and findings by table', () => {
    assert.deepEqual(tablesInFile(model, file).map((t) => t.name), ['post']);
    const finding = (table: string): Finding => ({ code: 'SL101', category: 'drift', severity: 'warning', message: 'm', schema: 'public', table, fixes: [] });
    assert.equal(findingsForTable([finding('post'), finding('user'), finding('post')], 'public', 'post').length, 2);
  });
});

describe('extension/lastMigrationTouching', () => {
  const migration = (name: string, timestamp: number, upSql: string[] | undefined) =>
    ({ file: `/p/m/${timestamp}-${name}.ts`, name, className: name, timestamp, upSql, downSql: [], statements: [], checksum: '', problems: [], span: span(`/p/m/${timestamp}-${name}.ts`, 0, 5) });
  const finding: Finding = { code: 'SL201', category: 'integrity', severity: 'error', message: 'm', schema: 'public', table: 'post', column: 'authorId', fixes: [] };
  const migrations = [
    migration('Init', 1700000000000, ['CREATE TABLE "post" ("id" SERIAL, "authorId" integer)']),
    migration('Later', 1700000000002, ['ALTER TABLE "post" ADD "authorId" integer']),
    migration('Other', 1700000000003, ['CREATE TABLE "poster" ("authorId" integer)']),
    migration('Dynamic', 1700000000004, undefined),
  ];

  it('finds the newest migration whose SQL names the table and column', () => {
    assert.equal(lastMigrationTouching(finding, migrations)?.name, 'Later');
    assert.equal(lastMigrationTouching({ ...finding, column: 'title' }, migrations), undefined);
    assert.equal(lastMigrationTouching({ ...finding, column: undefined }, migrations)?.name, 'Later');
  });

  it('adds it to the related locations', () => {
    const related = relatedLocations(finding, model, migrations);
    assert.deepEqual(related.map((r) => r.message), ['Post.author references User (public.user)', 'last changed by migration Later']);
  });
});

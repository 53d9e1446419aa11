import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import type { Table } from '../../../src/core/model/schema';
import { ruleCatalogue } from '../../../src/core/rules';
import { postgres } from '../../../src/core/dialect';
import { redundantIndexes as redundantIn } from '../../../src/core/rules/index-redundant';
import { addForeignKeySql, createIndexSql } from '../../../src/core/dialect/postgres/ddl';
import { typeormName } from '../../../src/core/model/names';
import { blog, column, fk, index, model, span, table } from './models';

const intended = (m = blog()) => ({ model: m, suppressions: [] });
const redundantIndexes = (table: Table) => redundantIn(table, postgres.spelling);

describe('rules', () => {
  it('every rule has a unique code in its range, a docs page path and help', () => {
    const codes = ruleCatalogue.map((rule) => rule.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const rule of ruleCatalogue) {
      const range = { reader: '0', drift: '1', integrity: '2', index: '3', migration: '4', health: '5', lint: '6', recommendation: '7' }[rule.category];
      assert.match(rule.code, new RegExp(`^SL${range}\\d\\d$`));
      assert.equal(rule.docs, `docs/rules/${rule.code}.md`);
      assert.ok(rule.help.length > 20, rule.code);
    }
  });

  it('every rule has its docs page: what, why it matters, how to fix, an example', () => {
    for (const rule of ruleCatalogue) {
      const page = readFileSync(join(__dirname, '..', '..', '..', rule.docs), 'utf8');
      assert.ok(page.startsWith(`# ${rule.code} — ${rule.title}`), rule.code);
      for (const section of ['**What.**', '**Why it matters.**', '**How to fix.**', '**Example.**']) assert.ok(page.includes(section), `${rule.code} ${section}`);
    }
  });

  it('SL302 stays quiet about the indexes TypeORM itself puts on junction tables', () => {
    const junction = table('tasks_tags_tags', [column('tasksId'), column('tagsId')], {
      primaryKey: { columns: ['tasksId', 'tagsId'] },
      indexes: [index(['tasksId'], { name: 'IDX_1' }), index(['tagsId'], { name: 'IDX_2' })],
    });
    assert.equal(redundantIndexes(junction).length, 1, 'it is redundant');
    assert.ok(!analyze({ intended: intended(model(junction)) }).some((f) => f.code === 'SL302'));
    const owned = { ...junction, entity: { className: 'TaskTag', file: '/p/task-tag.ts' } };
    assert.ok(analyze({ intended: intended(model(owned)) }).some((f) => f.code === 'SL302'));
  });

  it('SL301 on entities alone: a join column with no index, anchored at the relation, with migration and source fixes', () => {
    const m = blog();
    const file = '/p/post.entity.ts';
    const text = `import { Entity, ManyToOne } from 'typeorm';\n\n@Entity()\nexport class Post {\n  @ManyToOne(() => User)\n  author: User;\n}\n`;
    const offset = text.indexOf('@ManyToOne');
    m.tables[1]!.foreignKeys[0]!.span = { ...span(file, 4, 2, offset), startOffset: offset };
    m.tables[1]!.foreignKeys[0]!.relation = 'author';
    const findings = analyze({ intended: intended(m), readSource: (f) => (f === file ? text : undefined) });
    const found = findings.filter((finding) => finding.code === 'SL301');
    assert.equal(found.length, 1);
    const [finding] = found;
    assert.equal(finding!.category, 'index');
    assert.equal(finding!.column, 'authorId');
    assert.equal(finding!.span?.start.line, 4);
    const name = typeormName('IDX', 'posts', ['authorId']);
    assert.deepEqual(finding!.fixes[0], {
      kind: 'migration',
      title: 'Create an index on posts(authorId)',
      name: 'AddPostsAuthorIdIndex',
      up: [`CREATE INDEX "${name}" ON "public"."posts" ("authorId")`],
      down: [`DROP INDEX "public"."${name}"`],
    });
    const edit = finding!.fixes[1];
    assert.ok(edit?.kind === 'source-edit');
    let result = text;
    for (const change of [...edit.edits].sort((a, b) => b.startOffset - a.startOffset)) {
      result = result.slice(0, change.startOffset) + change.newText + result.slice(change.endOffset);
    }
    assert.equal(result, `import { Entity, ManyToOne, Index } from 'typeorm';\n\n@Entity()\nexport class Post {\n  @Index()\n  @ManyToOne(() => User)\n  author: User;\n}\n`);
  });

  it('SL301 is prefix-correct: an index led by the FK column covers it, one where it comes second does not', () => {
    const codes = (indexes: ReturnType<typeof index>[]) => analyze({ intended: intended(blog(indexes)) }).map((f) => f.code);
    assert.ok(!codes([index(['authorId', 'title'])]).includes('SL301'));
    assert.ok(codes([index(['title', 'authorId'])]).includes('SL301'));
    // Covered in the database only (e.g. a hand-written migration): no finding.
    assert.ok(!analyze({ intended: intended(), actual: blog([index(['authorId'], { name: 'x' })]) }).some((f) => f.code === 'SL301'));
  });

  it('SL302 flags a prefix index and an exact duplicate, never the only index covering a foreign key', () => {
    const t = table('posts', [column('id'), column('authorId'), column('title')], {
      foreignKeys: [fk(['authorId'], 'users')],
      indexes: [index(['authorId'], { name: 'a' }), index(['authorId', 'title'], { name: 'b' }), index(['authorId', 'title'], { name: 'c' })],
    });
    assert.deepEqual(redundantIndexes(t).map((r) => `${r.index.name}<${r.coveredBy.name}`), ['a<b', 'c<b']);
    const only = table('posts', [column('id'), column('authorId')], { foreignKeys: [fk(['authorId'], 'users')], indexes: [index(['authorId'], { name: 'a' })] });
    assert.deepEqual(redundantIndexes(only), []);
    // A unique index is not made redundant by a longer one: it enforces something.
    const unique = table('t', [column('id'), column('a'), column('b')], { indexes: [index(['a'], { unique: true }), index(['a', 'b'])] });
    assert.deepEqual(redundantIndexes(unique), []);
    // An index on the primary key's columns is.
    const onKey = table('t', [column('id')], { indexes: [index(['id'], { name: 'dup' })] });
    assert.deepEqual(redundantIndexes(onKey).map((r) => r.index.name), ['dup']);
  });

  it('SL304 only on a real database, big tables, never unique or foreign-key indexes', () => {
    const big = (indexes: ReturnType<typeof index>[]) => {
      const m = blog(indexes);
      m.tables[1]!.estimatedRows = 50_000;
      return m;
    };
    const unused = (actual: ReturnType<typeof blog>, source: 'database' | 'shadow' = 'database') =>
      analyze({ intended: intended(), actual, actualSource: source }).filter((f) => f.code === 'SL304').map((f) => f.constraint);
    assert.deepEqual(unused(big([index(['title'], { name: 't', scans: 0 })])), ['t']);
    assert.deepEqual(unused(big([index(['title'], { name: 't', scans: 0 })]), 'shadow'), []);
    assert.deepEqual(unused(big([index(['title'], { name: 't', scans: 3 })])), []);
    assert.deepEqual(unused(big([index(['title'], { name: 't', scans: 0, unique: true })])), []);
    assert.deepEqual(unused(big([index(['authorId', 'title'], { name: 'fk', scans: 0 })])), []);
    assert.deepEqual(unused(blog([index(['title'], { name: 't', scans: 0 })])), [], 'small table');
  });

  it('SL203 finds userId-like columns with no relation whose type matches a table primary key', () => {
    const m = model(
      table('user', [column('id', 'uuid')]),
      table('order', [column('id'), column('userId', 'uuid'), column('couponId', 'integer')]),
      table('coupons', [column('id', 'uuid')]),
    );
    const found = analyze({ intended: intended(m) }).filter((f) => f.code === 'SL203');
    assert.deepEqual(found.map((f) => `${f.table}.${f.column}`), ['order.userId']);
    // The join column of a relation without a foreign key constraint (createForeignKeyConstraints: false).
    // (A new model, as the reader builds one: analyze() reuses results per table object.)
    const [user, order, coupons] = m.tables as [Table, Table, Table];
    const joined = model(user, { ...order, columns: order.columns.map((c) => (c.name === 'userId' ? { ...c, property: 'user' } : c)) }, coupons);
    assert.deepEqual(analyze({ intended: intended(joined) }).filter((f) => f.code === 'SL203'), []);
  });

  it('drift rules produce in-place fixes (ALTER ... TYPE ... USING, never drop and add)', () => {
    const entities = blog();
    entities.tables[1]!.columns[2] = column('title', 'character varying(100)');
    const [finding] = analyze({ intended: intended(entities), actual: blog([index(['authorId'], { name: 'i' })]) });
    assert.equal(finding?.code, 'SL103');
    const fix = finding!.fixes[0]!;
    assert.ok(fix.kind === 'migration');
    assert.deepEqual(fix.up, ['ALTER TABLE "public"."posts" ALTER COLUMN "title" TYPE character varying(100) USING "title"::character varying(100)']);
    assert.deepEqual(fix.down, ['ALTER TABLE "public"."posts" ALTER COLUMN "title" TYPE text USING "title"::text']);
  });

  it('quotes hostile identifiers in fix SQL', () => {
    const hostile = 'a"; DROP TABLE users; --';
    const key = fk([hostile], 'Select', { referencedColumns: ['x"y'] });
    const sql = addForeignKeySql({ schema: 'My Schema', name: 'order' }, key, 'FK "1"');
    assert.equal(
      sql,
      'ALTER TABLE "My Schema"."order" ADD CONSTRAINT "FK ""1""" FOREIGN KEY ("a""; DROP TABLE users; --") REFERENCES "public"."Select"("x""y") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    assert.equal(createIndexSql({ schema: 's', name: 't' }, index(['Mixed']), 'i'), 'CREATE INDEX "i" ON "s"."t" ("Mixed")');
  });

  it('suppression comments and severity settings apply to every finding', () => {
    const m = blog();
    m.tables[1]!.foreignKeys[0]!.span = span('/p/post.ts', 7);
    const base = analyze({ intended: intended(m) });
    assert.ok(base.some((f) => f.code === 'SL301'));
    const suppressed = analyze({ intended: { model: m, suppressions: [{ file: '/p/post.ts', codes: ['SL301'], startLine: 6, endLine: 7 }] } });
    assert.ok(!suppressed.some((f) => f.code === 'SL301'));
    const otherCode = analyze({ intended: { model: m, suppressions: [{ file: '/p/post.ts', codes: ['SL302'], startLine: 6, endLine: 7 }] } });
    assert.ok(otherCode.some((f) => f.code === 'SL301'));
    assert.ok(!analyze({ intended: intended(m), severities: { SL301: 'off' } }).some((f) => f.code === 'SL301'));
    assert.equal(analyze({ intended: intended(m), severities: { SL301: 'error' } }).find((f) => f.code === 'SL301')?.severity, 'error');
  });

  it('unmapped tables and columns are information, never errors', () => {
    const actual = blog([index(['authorId'], { name: 'i' })]);
    actual.tables.push(table('legacy', [column('id')]));
    const findings = analyze({ intended: intended(), actual });
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['SL110', 'info']]);
  });
});

// Which generated expressions are put to the database, and what its answers do to the actual model
// (the asking itself is a fake here; test/integration/check/generated-expressions.test.ts asks PostgreSQL).
import assert from 'node:assert/strict';
import { postgres } from '../../../src/core/dialect';
import { confirmGeneratedExpressions, diff } from '../../../src/core/diff';
import type { ExpressionQuestion } from '../../../src/core/dialect';
import type { Column } from '../../../src/core/model/schema';
import { column, model, table } from '../rules/models';

const stored = (name: string, expression: string, extra: Partial<Column> = {}): Column => column(name, 'text', { generated: { kind: 'stored', expression }, ...extra });

describe('generated expressions confirmed by the database', () => {
  const intended = model(
    table('post', [column('id'), stored('slug', `trim(post.title)`), stored('same', `lower(title)`), stored('other', `upper(title)`), stored('unread', `x`, { certainty: { default: { kind: 'unknown', reason: 'r', cause: 'c' } } })]),
    table('tag', [column('id')]),
  );
  const actual = model(
    table('post', [column('id'), stored('slug', `TRIM(BOTH FROM title)`), stored('same', `lower(title)`), stored('other', `lower(title)`), stored('unread', `y`)]),
    table('tag', [column('id')]),
  );

  it('asks only about stored expressions that differ in every known spelling, and records the confirmed ones', async () => {
    const asked: ExpressionQuestion[][] = [];
    const confirmed = await confirmGeneratedExpressions(intended, actual, postgres.spelling, async (questions) => {
      asked.push(questions);
      return questions.map((question) => question.expressions[0] === 'trim(post.title)');
    });
    assert.deepEqual(asked, [
      [
        { schema: 'public', table: 'post', expressions: ['trim(post.title)', 'TRIM(BOTH FROM title)'] },
        { schema: 'public', table: 'post', expressions: ['upper(title)', 'lower(title)'] },
      ],
    ]);
    const slug = confirmed.tables[0]!.columns.find((c) => c.name === 'slug')!;
    assert.deepEqual(slug.generated, { kind: 'stored', expression: 'TRIM(BOTH FROM title)', sameAs: ['trim(post.title)'] });
    assert.equal(confirmed.tables[1], actual.tables[1], 'a table with nothing confirmed is the same object');
    assert.deepEqual(actual.tables[0]!.columns.find((c) => c.name === 'slug')!.generated, { kind: 'stored', expression: 'TRIM(BOTH FROM title)' }, 'the model given is not changed');
    assert.deepEqual(diff(intended, confirmed, postgres.spelling).map((change) => `${change.kind} ${'actual' in change && change.actual && 'name' in change.actual ? change.actual.name : ''}`), ['column-default other']);
  });

  it('asks nothing when every expression already matches', async () => {
    const same = model(table('post', [column('id'), stored('same', `lower(title)`)]));
    const result = await confirmGeneratedExpressions(same, same, postgres.spelling, async () => assert.fail('asked'));
    assert.equal(result, same);
  });
});

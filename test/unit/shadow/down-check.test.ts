// downDifferences (SL624's comparison): the schema before up() against the schema after down(),
// read with check's diff in both directions, one sentence per difference and none for names.
import assert from 'node:assert/strict';
import type { SchemaModel } from '../../../src/core/model/schema';
import { downDifferences } from '../../../src/core/shadow/down-check';
import { blog, column, fk, index, model, table } from '../rules/models';

const differences = (before: SchemaModel, after: SchemaModel) => downDifferences(before, after, 'public');

describe('shadow/down-check', () => {
  it('finds nothing between the same schemas, whatever the names of keys and indexes or the order of columns', () => {
    assert.deepEqual(differences(blog(), blog()), []);
    assert.deepEqual(differences(blog([index(['authorId'], { name: 'IDX_a' })], { name: 'FK_a' }), blog([index(['authorId'], { name: 'IDX_b' })], { name: 'FK_b' })), []);
    const users = (columns: string[]) => model(table('users', columns.map((name) => column(name))));
    assert.deepEqual(differences(users(['id', 'email', 'age']), users(['id', 'age', 'email'])), []);
  });

  it('names what down() leaves: a table, a column, an index, a foreign key, an enum type, a view', () => {
    const before = model(table('users', [column('id')]));
    const after: SchemaModel = {
      ...model(table('users', [column('id'), column('teamId', 'integer', { nullable: true })], { indexes: [index(['teamId'], { name: 'IDX_team' })], foreignKeys: [fk(['teamId'], 'teams', { name: 'FK_team' })] }), table('teams', [column('id')])),
      enums: [{ schema: 'billing', name: 'plan', values: ['free', 'paid'] }],
      views: [{ schema: 'public', name: 'active_users', materialized: false }],
    };
    assert.deepEqual(differences(before, after).sort(), [
      'down() leaves column "users"."teamId" integer',
      'down() leaves enum type "billing"."plan" (\'free\', \'paid\')',
      'down() leaves foreign key FK_team ("teamId") → "teams"("id") on table "users"',
      'down() leaves index IDX_team ("teamId") on table "users"',
      'down() leaves table "teams": it did not exist before up()',
      'down() leaves view "active_users"',
    ]);
  });

  it('names what down() does not restore, each attribute once (not again from the other direction)', () => {
    const before = model(table('users', [column('id'), column('email', 'character varying(255)', { nullable: false, default: "''::character varying" })], { primaryKey: { columns: ['id'] }, uniques: [{ name: 'UQ_email', columns: ['email'] }] }));
    const after = model(table('users', [column('id'), column('email', 'text', { nullable: true })], { primaryKey: undefined }));
    assert.deepEqual(differences(before, after).sort(), [
      'down() does not restore NOT NULL of column "users"."email": NOT NULL before up(), nullable after down()',
      'down() does not restore the default of column "users"."email": \'\'::character varying before up(), no default after down()',
      'down() does not restore the primary key of "users": PRIMARY KEY ("id") before up(), no primary key after down()',
      'down() does not restore the type of column "users"."email": character varying(255) before up(), text after down()',
      'down() does not restore unique constraint UQ_email ("email") on "users"',
    ]);
  });

  it('says which enum values down() leaves and which it does not restore', () => {
    const status = (values: string[]): SchemaModel => ({ ...model(), enums: [{ schema: 'public', name: 'status', values }] });
    assert.deepEqual(differences(status(['open', 'closed']), status(['open', 'archived'])), [`down() leaves value 'archived' and does not restore value 'closed' of enum type "status"`]);
  });
});

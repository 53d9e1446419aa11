import assert from 'node:assert/strict';
import { analyseStatements } from '../../../src/core/dialect/postgres/migration-sql/statement-risks';
import { isWidening, spellType } from '../../../src/core/dialect/postgres/migration-sql/rows-at-stake';
import { tablesAtRisk } from '../../../src/core/migrations/revert';

describe('migrations/risk', () => {
  const kinds = (sql: string[]) => analyseStatements(sql, 'public').items.map((i) => `${i.kind} ${i.table ? `${i.table.schema}.${i.table.name}` : ''}${i.column ? `.${i.column}` : ''}${i.columns ? `(${i.columns.join(',')})` : ''}`.trim());

  it('recognises the statements TypeORM writes that lose data or can fail', () => {
    assert.deepEqual(
      kinds([
        'DROP TABLE "user"',
        'DROP TABLE IF EXISTS "a"."b", c CASCADE',
        'ALTER TABLE "user" DROP COLUMN "email"',
        'ALTER TABLE "post" ALTER COLUMN "title" TYPE character varying(20) USING "title"::character varying(20)',
        'ALTER TABLE "post" ALTER COLUMN "title" SET NOT NULL',
        'ALTER TABLE "post" ADD CONSTRAINT "UQ_1" UNIQUE ("title", "authorId")',
        'CREATE UNIQUE INDEX "IDX_1" ON "post" ("slug")',
        'TRUNCATE TABLE "post"',
        'DELETE FROM "post" WHERE id > 3',
        'DROP TYPE "public"."user_role_enum"',
      ]),
      [
        'drop-table public.user',
        'drop-table a.b',
        'drop-table public.c',
        'cascade',
        'drop-column public.user.email',
        'type-change public.post.title',
        'set-not-null public.post.title',
        'add-unique public.post(title,authorId)',
        'add-unique public.post(slug)',
        'truncate public.post',
        'delete public.post',
        'drop-type',
      ],
    );
  });

  it('treats harmless statements as harmless and unknown ones as unknown', () => {
    const result = analyseStatements(
      [
        'CREATE TABLE "x" ("id" int)',
        'ALTER TABLE "x" ADD "y" int',
        'ALTER TABLE "x" DROP CONSTRAINT "FK_1"',
        'ALTER TABLE "x" ALTER COLUMN "y" DROP NOT NULL',
        'ALTER TABLE "x" RENAME COLUMN "y" TO "z"',
        'DROP INDEX "public"."IDX_1"',
        'DO $$ BEGIN PERFORM 1; END $$',
      ],
      'public',
    );
    assert.deepEqual(result.items, []);
    assert.deepEqual(result.unrecognised, ['DO $$ BEGIN PERFORM 1; END $$']);
  });

  it('backs up the tables whose data is lost, not those a failing constraint only blocks', () => {
    const { items } = analyseStatements(['ALTER TABLE "user" DROP COLUMN "email"', 'ALTER TABLE "user" DROP COLUMN "bio"', 'ALTER TABLE "post" ALTER COLUMN "t" SET NOT NULL'], 'app');
    assert.deepEqual(tablesAtRisk(items), [{ schema: 'app', name: 'user' }]);
  });

  it('knows which type changes keep every value', () => {
    assert.equal(spellType('VARCHAR( 20 )'), 'character varying(20)');
    assert.equal(spellType('int'), 'integer');
    assert.equal(isWidening('character varying(20)', 'character varying(40)'), true);
    assert.equal(isWidening('character varying(20)', 'text'), true);
    assert.equal(isWidening('integer', 'bigint'), true);
    assert.equal(isWidening('integer', 'numeric'), true);
    assert.equal(isWidening('character varying(40)', 'character varying(20)'), false);
    assert.equal(isWidening('bigint', 'integer'), false);
    assert.equal(isWidening('text', 'integer'), false);
    assert.deepEqual(analyseStatements(['ALTER TABLE "t" ALTER COLUMN "c" TYPE varchar(5) USING "c"::varchar(5)'], 'public').items[0]?.toType, 'varchar(5)');
  });

  it('leaves tables with nothing at stake out of the backup', () => {
    const { items } = analyseStatements(['DROP TABLE "empty"', 'DROP TABLE "full"'], 'public');
    items[0]!.rowsAtStake = 0;
    items[1]!.rowsAtStake = 4;
    assert.deepEqual(tablesAtRisk(items), [{ schema: 'public', name: 'full' }]);
  });
});

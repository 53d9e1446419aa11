// The migration lint's quick fixes (src/core/migrations/lint-fixes.ts) on migration files read as
// the editor reads them: the edit applied to the text must give the safe form, and linting the
// result must no longer report the finding (PostgreSQL's own parser reads both).
import assert from 'node:assert/strict';
import { lintMigrations, readMigrationFiles, type LintOptions } from '../../../src/core/migrations';
import type { Finding, Fix } from '../../../src/core/rules/finding';

const file = '/project/src/migrations/1700000000001-Change.ts';

function migration(up: string[], members = "  name = 'Change1700000000001';\n"): string {
  return [
    `import { MigrationInterface, QueryRunner } from 'typeorm';`,
    ``,
    `export class Change1700000000001 implements MigrationInterface {`,
    `${members}`,
    `  public async up(queryRunner: QueryRunner): Promise<void> {`,
    ...up.map((sql) => `    await queryRunner.query(\`${sql}\`);`),
    `  }`,
    ``,
    `  public async down(queryRunner: QueryRunner): Promise<void> {}`,
    `}`,
    ``,
  ].join('\n');
}

async function lint(text: string, options: Partial<LintOptions> = {}): Promise<Finding[]> {
  return lintMigrations(readMigrationFiles([file], new Map([[file, text]])), { schema: 'public', readSource: () => text, ...options });
}

function apply(text: string, fix: Fix): string {
  assert.equal(fix.kind, 'source-edit');
  if (fix.kind !== 'source-edit') return text;
  let out = text;
  for (const edit of [...fix.edits].sort((a, b) => b.startOffset - a.startOffset)) {
    assert.equal(edit.file, file);
    out = out.slice(0, edit.startOffset) + edit.newText + out.slice(edit.endOffset);
  }
  return out;
}

async function fixOf(text: string, code: string, options: Partial<LintOptions> = {}): Promise<Fix> {
  const found = (await lint(text, options)).filter((f) => f.code === code);
  assert.equal(found.length, 1, `one ${code}`);
  assert.equal(found[0]!.fixes.length, 1, `${code} has a fix`);
  return found[0]!.fixes[0]!;
}

describe('migration lint quick fixes', () => {
  it('SL614: CONCURRENTLY and transaction = false on the class; the result is neither SL614 nor SL616 in mode each', async () => {
    const text = migration(['CREATE UNIQUE INDEX "IDX_a" ON "post" ("a")']);
    const fix = await fixOf(text, 'SL614', { transactionMode: 'each' });
    const fixed = apply(text, fix);
    assert.match(fixed, /query\(`CREATE UNIQUE INDEX CONCURRENTLY "IDX_a" ON "post" \("a"\)`\)/);
    assert.match(fixed, /implements MigrationInterface \{\n {2}\/\/ CREATE INDEX CONCURRENTLY cannot run in a transaction\n {2}public transaction = false;\n/);
    assert.doesNotMatch(fix.title, /migrationsTransactionMode/);
    const after = (await lint(fixed, { transactionMode: 'each' })).map((f) => f.code);
    assert.ok(!after.includes('SL614') && !after.includes('SL616'), after.join(' '));
    // Under mode 'all' (TypeORM's default) the title says what else it takes.
    assert.match((await fixOf(text, 'SL614')).title, /migrationsTransactionMode: 'each'/);
  });

  it('SL614: turns transaction = true into false, and says when other statements lose their transaction', async () => {
    const text = migration(['CREATE INDEX "IDX_a" ON "post" ("a")', 'ALTER TABLE "post" ADD "b" text'], '  transaction = true;\n');
    const fix = await fixOf(text, 'SL614', { transactionMode: 'each' });
    assert.match(fix.title, /other statements then run without a transaction/);
    const fixed = apply(text, fix);
    assert.match(fixed, / {2}transaction = false;\n/);
    assert.equal(fixed.match(/transaction =/g)?.length, 1);
  });

  it('SL614: no fix when the statement shares its query() string (CONCURRENTLY fails in a multi-statement string)', async () => {
    const found = (await lint(migration(['CREATE INDEX "IDX_a" ON "post" ("a"); CREATE INDEX "IDX_b" ON "post" ("b")']))).filter((f) => f.code === 'SL614');
    assert.equal(found.length, 2);
    assert.deepEqual(found.map((f) => f.fixes.length), [0, 0]);
  });

  it('no fix for a statement on a table created earlier in the same migration (it is harmless there)', async () => {
    const found = (await lint(migration(['CREATE TABLE "t" ("a" int)', 'CREATE INDEX "IDX_a" ON "t" ("a")']))).filter((f) => f.code === 'SL614');
    assert.equal(found[0]?.severity, 'info');
    assert.equal(found[0]?.fixes.length, 0);
  });

  it('SL604: NOT VALID here, VALIDATE in a follow-up migration', async () => {
    const text = migration(['ALTER TABLE "post" ADD CONSTRAINT "FK_post_author" FOREIGN KEY ("authorId") REFERENCES "user"("id") ON DELETE CASCADE']);
    const fix = await fixOf(text, 'SL604');
    const fixed = apply(text, fix);
    assert.match(fixed, /REFERENCES "user"\("id"\) ON DELETE CASCADE NOT VALID`\)/);
    assert.deepEqual(fix.kind === 'source-edit' && fix.migration, { name: 'validate FK_post_author', up: ['ALTER TABLE "public"."post" VALIDATE CONSTRAINT "FK_post_author"'], down: [] });
    assert.ok(!(await lint(fixed)).some((f) => f.code === 'SL604'));
  });

  it('SL621: a CHECK NOT VALID replaces SET NOT NULL; VALIDATE, SET NOT NULL and DROP CONSTRAINT follow', async () => {
    const text = migration(['ALTER TABLE "post" ALTER COLUMN "title" SET NOT NULL']);
    const fix = await fixOf(text, 'SL621');
    const fixed = apply(text, fix);
    assert.match(fixed, /query\(`ALTER TABLE "public"\."post" ADD CONSTRAINT "post_title_not_null" CHECK \(title IS NOT NULL\) NOT VALID`\)/);
    assert.ok(fix.kind === 'source-edit' && fix.migration);
    assert.deepEqual(fix.migration.up, [
      'ALTER TABLE "public"."post" VALIDATE CONSTRAINT "post_title_not_null"',
      'ALTER TABLE "public"."post" ALTER COLUMN "title" SET NOT NULL',
      'ALTER TABLE "public"."post" DROP CONSTRAINT "post_title_not_null"',
    ]);
    assert.ok(!(await lint(fixed)).some((f) => f.code === 'SL621' || f.code === 'SL604'));
    // The follow-up's SET NOT NULL is proven by the validated check: not SL621 either.
    assert.ok(!(await lint(migration(fix.migration.up))).some((f) => f.code === 'SL621'));
  });

  it('SL603: the column added nullable with a CHECK NOT VALID; backfill, VALIDATE and SET NOT NULL follow', async () => {
    const text = migration(['ALTER TABLE "post" ADD "slug" character varying NOT NULL']);
    const fix = await fixOf(text, 'SL603');
    const fixed = apply(text, fix);
    assert.match(fixed, /query\(`ALTER TABLE "post" ADD "slug" character varying; ALTER TABLE "public"\."post" ADD CONSTRAINT "post_slug_not_null" CHECK \(slug IS NOT NULL\) NOT VALID`\)/);
    assert.ok(fix.kind === 'source-edit' && fix.migration);
    assert.match(fix.migration.up[0]!, /^-- First fill post\.slug .*\nALTER TABLE "public"\."post" VALIDATE CONSTRAINT "post_slug_not_null"$/);
    assert.ok(!(await lint(fixed)).some((f) => ['SL603', 'SL604', 'SL621'].includes(f.code)));
  });

  it('no fix when the SQL is not a literal the file spells out (escapes, constants)', async () => {
    const text = migration(['CREATE INDEX \\"IDX_a\\" ON \\"post\\" (\\"a\\")']);
    const found = (await lint(text)).filter((f) => f.code === 'SL614');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.fixes.length, 0);
  });
});

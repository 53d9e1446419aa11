// The migration lint's quick fixes produce migrations that work: real TypeORM runs the fixed
// migration and the follow-up the fix writes, on a real PostgreSQL holding rows, and the catalog
// then has what the unsafe form would have made (a valid index, a validated foreign key, a NOT NULL
// column without the helper check); the fixed files no longer get the finding; everything reverts.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { lintMigrations, readMigrationFiles } from '../../../src/core/migrations';
import { revertMigrations, runMigrations } from '../../../src/core/migrations/runner';
import type { Finding, Fix } from '../../../src/core/rules/finding';
import { createTestProject, type MigrationSpec, type TestProject } from './project';

const schema: MigrationSpec = {
  name: 'Schema',
  timestamp: 1700000000000,
  up: [
    'CREATE TABLE "user" ("id" SERIAL PRIMARY KEY, "name" text NOT NULL)',
    'CREATE TABLE "post" ("id" SERIAL PRIMARY KEY, "title" text, "authorId" integer)',
    `INSERT INTO "user" ("name") VALUES ('ada'), ('grace')`,
    `INSERT INTO "post" ("title", "authorId") VALUES ('a', 1), ('b', 2), ('c', NULL)`,
  ],
  down: ['DROP TABLE "post"', 'DROP TABLE "user"'],
};
const index: MigrationSpec = {
  name: 'PostTitleIndex',
  timestamp: 1700000001000,
  up: ['CREATE INDEX "IDX_post_title" ON "post" ("title")'],
  down: ['DROP INDEX "IDX_post_title"'],
};
const constraints: MigrationSpec = {
  name: 'PostConstraints',
  timestamp: 1700000002000,
  up: [
    'ALTER TABLE "post" ADD CONSTRAINT "FK_post_author" FOREIGN KEY ("authorId") REFERENCES "user"("id")',
    'ALTER TABLE "post" ALTER COLUMN "title" SET NOT NULL',
  ],
  down: ['ALTER TABLE "post" ALTER COLUMN "title" DROP NOT NULL', 'ALTER TABLE "post" DROP CONSTRAINT "FK_post_author"'],
};

/** Applies a source-edit fix to its file on disk; returns the follow-up migration it asks for. */
function applyFix(fix: Fix): { name: string; up: string[]; down: string[] } | undefined {
  assert.equal(fix.kind, 'source-edit');
  if (fix.kind !== 'source-edit') return undefined;
  const file = fix.edits[0]!.file;
  let text = readFileSync(file, 'utf8');
  for (const edit of [...fix.edits].sort((a, b) => b.startOffset - a.startOffset)) text = text.slice(0, edit.startOffset) + edit.newText + text.slice(edit.endOffset);
  writeFileSync(file, text);
  return fix.migration;
}

async function lint(project: TestProject, specs: MigrationSpec[]): Promise<Finding[]> {
  return lintMigrations(readMigrationFiles(specs.map((spec) => project.fileOf(spec))), { schema: 'public', transactionMode: 'each' });
}

describe('migration lint quick fixes, run by TypeORM (real PostgreSQL)', function () {
  this.timeout(120_000);
  let project: TestProject;
  before(async () => {
    project = await createTestProject('lint-fixes');
  });
  after(async () => {
    await project.dispose();
  });

  it('the fixed migrations and their follow-ups run, build what the unsafe ones would, and revert', async () => {
    for (const spec of [schema, index, constraints]) project.write(spec);
    const config = project.config({ migrationsTransactionMode: 'each' });
    // Each finding's fix, one file edit at a time (a later fix's offsets are into the file as it was read).
    const followUps: MigrationSpec[] = [];
    for (const code of ['SL614', 'SL604', 'SL621']) {
      const finding = (await lint(project, [index, constraints])).find((f) => f.code === code);
      assert.ok(finding?.fixes[0], `${code} with a fix`);
      const next = applyFix(finding.fixes[0]!);
      if (next) followUps.push({ ...next, timestamp: 1700000003000 + followUps.length * 1000 });
    }
    assert.deepEqual(followUps.map((spec) => spec.name), ['validate FK_post_author', 'set post title not null']);
    for (const spec of followUps) project.write(spec);
    assert.match(readFileSync(project.fileOf(index), 'utf8'), /transaction = false;/);

    const after = await lint(project, [index, constraints, ...followUps]);
    assert.deepEqual(after.filter((f) => ['SL614', 'SL616', 'SL604', 'SL621'].includes(f.code)).map((f) => `${f.code}: ${f.message}`), []);

    await runMigrations({ dataSource: config });
    assert.equal((await project.executedNames()).length, 5);
    const [idx] = await project.query<{ valid: boolean }>(`SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = '"IDX_post_title"'::regclass`);
    assert.equal(idx?.valid, true);
    const constraintsNow = await project.query<{ name: string; validated: boolean }>(`SELECT conname AS name, convalidated AS validated FROM pg_constraint WHERE conrelid = '"post"'::regclass AND contype IN ('f', 'c') ORDER BY conname`);
    assert.deepEqual(constraintsNow, [{ name: 'FK_post_author', validated: true }]);
    const [title] = await project.query<{ notnull: boolean }>(`SELECT attnotnull AS notnull FROM pg_attribute WHERE attrelid = '"post"'::regclass AND attname = 'title'`);
    assert.equal(title?.notnull, true);

    await revertMigrations({ dataSource: config, to: `${index.name}${index.timestamp}` });
    assert.deepEqual(await project.executedNames(), [`${schema.name}${schema.timestamp}`]);
    const left = await project.query<{ name: string }>(`SELECT conname AS name FROM pg_constraint WHERE conrelid = '"post"'::regclass AND contype IN ('f', 'c')`);
    assert.deepEqual(left, [], 'the check the fix added goes with the revert');
  });
});

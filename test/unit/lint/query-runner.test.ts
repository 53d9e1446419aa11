// QueryRunner API calls in migrations, mapped to the SQL TypeORM's PostgresQueryRunner issues for
// them (read from its source), then linted like hand-written SQL. TypeORM's own output is the
// oracle for the statement shapes in the integration test (lint-command.test.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrationFiles } from '../../../src/core/migrations/discover';
import { lintMigrations } from '../../../src/core/migrations/lint';
import { postgres } from '../../../src/core/dialect';

const sqlOf = (method: string, ...args: unknown[]): string[] | string => {
  const result = postgres.typeorm.queryRunnerSql({ method, args });
  return 'sql' in result ? result.sql : result.reason;
};
const make = (name: string, options: Record<string, unknown>): unknown => ({ $new: name, args: [options] });

describe('QueryRunner API calls as SQL', () => {
  it('reproduces TypeORM\'s SQL for the schema API', () => {
    assert.deepEqual(sqlOf('createIndex', 'post', make('TableIndex', { name: 'IDX_a', columnNames: ['a', 'b'], isUnique: true })), ['CREATE UNIQUE INDEX "IDX_a" ON "post" ("a", "b")']);
    assert.deepEqual(sqlOf('createIndex', 'app.post', make('TableIndex', { name: 'IDX_a', columnNames: ['a'], isConcurrent: true, where: '"a" IS NOT NULL' })), ['CREATE INDEX CONCURRENTLY "IDX_a" ON "app"."post" ("a") WHERE "a" IS NOT NULL']);
    assert.deepEqual(sqlOf('dropIndex', 'app.post', 'IDX_a'), ['DROP INDEX "app"."IDX_a"']);
    assert.deepEqual(sqlOf('addColumn', 'user', make('TableColumn', { name: 'age', type: 'int', isNullable: false })), ['ALTER TABLE "user" ADD "age" int NOT NULL']);
    assert.deepEqual(sqlOf('addColumn', 'user', make('TableColumn', { name: 'code', type: 'varchar', length: '20', isNullable: true, isUnique: true })), ['ALTER TABLE "user" ADD "code" varchar(20); ALTER TABLE "user" ADD CONSTRAINT "UQ_user_code" UNIQUE ("code")']);
    assert.deepEqual(sqlOf('createForeignKey', 'post', make('TableForeignKey', { name: 'FK_1', columnNames: ['authorId'], referencedTableName: 'user', referencedColumnNames: ['id'], onDelete: 'CASCADE' })), [
      'ALTER TABLE "post" ADD CONSTRAINT "FK_1" FOREIGN KEY ("authorId") REFERENCES "user"("id") ON DELETE CASCADE',
    ]);
    assert.deepEqual(sqlOf('renameColumn', 'user', 'name', 'fullName'), ['ALTER TABLE "user" RENAME COLUMN "name" TO "fullName"']);
    assert.deepEqual(sqlOf('dropColumn', 'user', 'fax'), ['ALTER TABLE "user" DROP COLUMN "fax"']);
    assert.deepEqual(sqlOf('dropTable', 'user', true), ['DROP TABLE IF EXISTS "user"']);
    assert.deepEqual(sqlOf('createTable', make('Table', { name: 'tag', columns: [{ name: 'id', type: 'int', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }, { name: 'label', type: 'varchar', isUnique: true }], indices: [{ name: 'IDX_label', columnNames: ['label'] }] }), true), [
      'CREATE TABLE IF NOT EXISTS "tag" ("id" SERIAL NOT NULL, "label" varchar NOT NULL, CONSTRAINT "UQ_tag_label" UNIQUE ("label"), CONSTRAINT "PK_tag" PRIMARY KEY ("id"))',
      'CREATE INDEX "IDX_label" ON "tag" ("label")',
    ]);
    // TypeORM's changeColumn drops and re-adds a column whose type changes.
    assert.deepEqual(sqlOf('changeColumn', 'user', make('TableColumn', { name: 'age', type: 'int' }), make('TableColumn', { name: 'age', type: 'bigint' })), ['ALTER TABLE "user" DROP COLUMN "age"', 'ALTER TABLE "user" ADD "age" bigint NOT NULL']);
    assert.match(sqlOf('changeColumn', 'user', 'age', make('TableColumn', { name: 'age', type: 'bigint' })) as string, /given by name/);
    assert.match(sqlOf('dropPrimaryKey', 'user') as string, /database has it/);
    assert.deepEqual(sqlOf('hasTable', 'user'), []);
  });

  it('lints API calls at their place, and says why an unreadable one is not checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-lint-api-'));
    const file = join(dir, '1700000000000-Api.ts');
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
export class Api1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('post', new TableColumn({ name: 'authorId', type: 'int', isNullable: false }));
    await queryRunner.createForeignKey('post', new TableForeignKey({ columnNames: ['authorId'], referencedTableName: 'user', referencedColumnNames: ['id'] }));
    await queryRunner.createIndex('post', new TableIndex({ name: 'IDX_author', columnNames: ['authorId'] }));
    await queryRunner.changeColumn('post', 'title', new TableColumn({ name: 'title', type: 'text' }));
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('post', 'IDX_author');
  }
}
`,
    );
    const [read] = readMigrationFiles([file]);
    assert.equal(read!.upSql, undefined, 'API calls keep upSql undefined (its strict meaning)');
    const findings = await lintMigrations([read!], { schema: 'public' });
    const at = (code: string): number[] => findings.filter((finding) => finding.code === code).map((finding) => finding.span!.start.line);
    assert.deepEqual(at('SL603'), [3]);
    assert.deepEqual(at('SL604'), [4]);
    assert.deepEqual(at('SL614'), [5]);
    assert.deepEqual(at('SL600'), [6]);
    assert.match(findings.find((finding) => finding.code === 'SL600')!.message, /changeColumn\(\) call is not statically readable \(the old column is given by name/);
    assert.deepEqual(at('SL615'), [9]);
  });

  it("follows TypeORM's transaction calls: commit, CONCURRENTLY, start again is allowed (and warned about); start/commit is a savepoint", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-lint-tx-'));
    const file = join(dir, '1700000000001-Tx.ts');
    writeFileSync(
      file,
      `export class Tx1700000000001 {
  async up(queryRunner: any): Promise<void> {
    await queryRunner.startTransaction();
    await queryRunner.query('ALTER TABLE "post" ADD "x" bigint');
    await queryRunner.commitTransaction();
    await queryRunner.commitTransaction();
    await queryRunner.query('CREATE INDEX CONCURRENTLY IF NOT EXISTS "IDX_x" ON "post" ("x")');
    await queryRunner.startTransaction();
  }
  async down(queryRunner: any): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_x"');
    await queryRunner.query('ALTER TABLE "post" DROP COLUMN "x"');
  }
}
`,
    );
    const findings = await lintMigrations(readMigrationFiles([file]), { schema: 'public', transactionMode: 'each' });
    const at = (code: string): number[] => findings.filter((finding) => finding.code === code).map((finding) => finding.span!.start.line);
    // The first commit only releases the savepoint of the start before it; the second ends TypeORM's transaction.
    assert.deepEqual(at('SL622'), [5]);
    assert.deepEqual(at('SL616'), []);
    // down() dropping the column its up() added is the undo, not a breaking drop.
    assert.deepEqual(at('SL606'), []);
  });
});

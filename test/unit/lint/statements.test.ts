// Statement extraction from migration files: every query runner call of up() and down() with its
// place, SQL folded from constants, and anything dynamic reported with its reason (never guessed).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrationFiles } from '../../../src/core/migrations/discover';
import { lintMigrations } from '../../../src/core/migrations/lint';

describe('migration statements (extraction and lint places)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sl-lint-'));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const file = write(
    '1700000000000-Mixed.ts',
    `import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
const TABLE = 'post';
const COLUMNS = ['"a"', '"b"'];
export class Mixed1700000000000 implements MigrationInterface {
  private readonly index = 'IDX_post_a';
  async up(queryRunner: QueryRunner): Promise<void> {
    const column = '"a"';
    await queryRunner.query(\`CREATE INDEX "\${this.index}" ON "\${TABLE}" (\${column})\`);
    await queryRunner.query('ALTER TABLE "' + TABLE + '" ' + 'ADD "c" integer');
    await queryRunner.query([\`SELECT\`, COLUMNS.join(', '), 'FROM "post"'].join(' '));
    await queryRunner.query(\`UPDATE "post" SET "a" = $1\`, [1]);
    for (const t of ['x', 'y']) await queryRunner.query(\`DROP TABLE "\${t}"\`);
    await helper(queryRunner);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`DROP INDEX "public"."IDX_post_a"\`);
  }
}
`,
  );

  it('folds constants (template, concatenation, join, class fields) and keeps parameters', () => {
    const [read] = readMigrationFiles([file]);
    const up = read!.statements.filter((statement) => statement.method === 'up');
    assert.deepEqual(up.map((statement) => statement.sql?.[0]), [
      'CREATE INDEX "IDX_post_a" ON "post" ("a")',
      'ALTER TABLE "post" ADD "c" integer',
      'SELECT "a", "b" FROM "post"',
      'UPDATE "post" SET "a" = $1',
      undefined,
      undefined,
    ]);
    assert.equal(up[3]!.parameters, true);
    assert.match(up[4]!.unreadable!.reason, /`t` is only known at run time/);
    assert.match(up[5]!.unreadable!.reason, /queryRunner is passed on/);
    assert.equal(up[0]!.span.start.line, 7);
    // Folded SQL is not where the file has it; a plain literal is.
    assert.equal(up[0]!.sqlStart, undefined);
    assert.equal(read!.statements.find((statement) => statement.method === 'down')!.sqlStart?.line, 15);
    // The older, strict reading: up() is not plain static SQL.
    assert.equal(read!.upSql, undefined);
    assert.deepEqual(read!.downSql, ['DROP INDEX "public"."IDX_post_a"']);
  });

  it('lints every statement at its place, and says why the unreadable ones are not checked', async () => {
    const findings = await lintMigrations(readMigrationFiles([file]), { schema: 'public' });
    const at = (code: string): number[] => findings.filter((finding) => finding.code === code).map((finding) => finding.span!.start.line);
    assert.deepEqual(at('SL614'), [7]);
    assert.deepEqual(at('SL600'), [11, 12]);
    // down(): the index name is read from the literal, the finding points into the string.
    const drop = findings.find((finding) => finding.code === 'SL615')!;
    assert.equal(drop.span!.start.line, 15);
    assert.equal(drop.span!.start.character, 29);
  });
});

describe('migration statements of multi-database projects (test/fixtures/migrations-multi-database)', () => {
  const fixtures = join(__dirname, '..', '..', 'fixtures', 'migrations-multi-database');
  const [multi, undecided] = readMigrationFiles([join(fixtures, '1700000000001-MultiDatabase.ts'), join(fixtures, '1700000000002-Undecided.ts')]);
  const sqlOf = (method: 'up' | 'down', read = multi) => read!.statements.filter((statement) => statement.method === method).map((statement) => statement.sql?.[0] ?? `unreadable: ${statement.unreadable?.reason}`);

  it('reads only the branch PostgreSQL takes, through the methods and functions the runner is handed to', () => {
    // switch with enum members named after TypeORM's types, fall-through labels, default.
    assert.deepEqual(sqlOf('up'), [`ALTER TABLE "tenant" ADD "hours" integer DEFAULT '8'`, `CREATE INDEX "IDX_tenant_hours" ON "tenant" ("hours")`]);
    // if / else if / else: includes([...]), driver.options.type === 'mysql', then a module function.
    assert.deepEqual(sqlOf('down'), [`DROP INDEX "public"."IDX_tenant_hours"`, `ALTER TABLE "tenant" DROP COLUMN "hours"`]);
    // Reading the DataSource type to branch on (or to log it) runs no SQL: nothing unreadable is left.
    assert.deepEqual(multi!.upSql, sqlOf('up'));
    assert.deepEqual(multi!.downSql, sqlOf('down'));
  });

  it('places a helper statement where the helper has it', () => {
    const index = multi!.statements.find((statement) => statement.sql?.[0]?.startsWith('CREATE INDEX'))!;
    assert.equal(index.span.start.line, 43);
    assert.equal(index.sqlStart?.line, 43);
  });

  it('keeps a branch whose label it cannot decide, and the default when no label is PostgreSQL', () => {
    assert.deepEqual(sqlOf('up', undecided), [`ALTER TABLE "tenant" ADD "a" integer`, `ALTER TABLE "tenant" ADD "b" integer`]);
  });

  it('reads a helper that calls itself once, and says so', () => {
    const down = sqlOf('down', undecided);
    assert.equal(down[0], `ALTER TABLE "tenant" DROP COLUMN "a"`);
    assert.match(down[1]!, /^unreadable: queryRunner reaches again again/);
    assert.equal(down.length, 2);
  });

  it('lints the PostgreSQL branch only: the SQLite and MySQL SQL raise no syntax error', async () => {
    const findings = await lintMigrations([multi!], { schema: 'public' });
    assert.deepEqual(findings.filter((finding) => ['SL600', 'SL601'].includes(finding.code)), []);
    assert.ok(findings.some((finding) => finding.code === 'SL614' && finding.span!.start.line === 43));
  });
});

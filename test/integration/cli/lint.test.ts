// `schema-lens lint` (and the lint findings `check` includes) on a migration project against a real
// PostgreSQL: severity from the table sizes the database reports, executed migrations as
// information, --pending, --no-db, JSON and SARIF, and --fail-on exit codes.
import assert from 'node:assert/strict';
import { runMigrations } from '../../../src/core/migrations/runner';
import { createTestProject, type TestProject } from '../migrations/project';
import { runCli } from '../support/cli';

interface JsonFinding {
  code: string;
  severity: string;
  message: string;
  table: string;
  file?: string;
  line?: number;
}

describe('schema-lens lint (real PostgreSQL)', function () {
  this.timeout(180_000);
  let project: TestProject;
  let args: string[];
  before(async () => {
    project = await createTestProject('lint');
    project.write({
      name: 'Init',
      timestamp: 1700000000000,
      up: ['CREATE TABLE "big" ("id" bigint PRIMARY KEY, "v" text)', 'CREATE TABLE "empty" ("id" bigint PRIMARY KEY, "v" text)', 'DROP TABLE IF EXISTS "legacy"'],
      down: ['DROP TABLE "empty"', 'DROP TABLE "big"'],
    });
    await runMigrations({ dataSource: project.config() });
    await project.query(`INSERT INTO "big" SELECT g, 'x' || g FROM generate_series(1, 5000) g`);
    await project.query('ANALYZE "big"');
    project.write({
      name: 'Indexes',
      timestamp: 1700000001000,
      up: ['CREATE INDEX "IDX_big_v" ON "big" ("v")', 'CREATE INDEX "IDX_empty_v" ON "empty" ("v")', 'CREATE TABLE "fresh" ("id" bigint, "v" text)', 'CREATE INDEX "IDX_fresh_v" ON "fresh" ("v")'],
      down: ['DROP TABLE "fresh"', 'DROP INDEX "IDX_empty_v"', 'DROP INDEX "IDX_big_v"'],
    });
    args = ['--root', project.root, '--db', project.db.url, '--migrations', 'migrations/*.ts'];
  });
  after(async () => {
    await project.dispose();
  });

  const json = async (extra: string[]): Promise<{ code: number | null; findings: JsonFinding[]; stderr: string }> => {
    const run = await runCli(['lint', ...args, '--format', 'json', ...extra]);
    return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings, stderr: run.stderr };
  };
  const index = (findings: JsonFinding[], table: string): JsonFinding | undefined => findings.find((finding) => finding.code === 'SL614' && finding.table === table);

  it('an index on a big table is an error naming its size; on an empty or new table, information', async () => {
    const { code, findings } = await json(['--big-table-rows', '1000']);
    const big = index(findings, 'big')!;
    assert.equal(big.severity, 'error');
    assert.match(big.message, /"big" has about 5,000 rows, [\d.]+ kB in the connected database/);
    assert.match(big.message, /SHARE lock/);
    assert.equal(big.line, 7);
    assert.equal(index(findings, 'empty')!.severity, 'info');
    assert.match(index(findings, 'empty')!.message, /"empty" is empty in the connected database/);
    assert.equal(index(findings, 'fresh')!.severity, 'info');
    assert.match(index(findings, 'fresh')!.message, /created earlier in this migration/);
    assert.equal(code, 1, 'an error finding fails the default --fail-on error');
    // Below the threshold the same statement keeps the rule's severity.
    assert.equal(index((await json([])).findings, 'big')!.severity, 'warning');
  });

  it('the migration that already ran is information only; --pending leaves it out', async () => {
    const all = await json([]);
    const dropped = all.findings.find((finding) => finding.code === 'SL607' && finding.table === 'legacy')!;
    assert.equal(dropped.severity, 'info');
    assert.match(dropped.message, /already ran on the connected database/);
    // down() dropping the tables its up() created is the undo, not a breaking drop.
    assert.equal(all.findings.find((finding) => finding.code === 'SL607' && finding.table === 'big'), undefined);
    const pending = await json(['--pending']);
    assert.deepEqual(pending.findings.filter((finding) => finding.file?.includes('Init')), []);
    assert.ok(index(pending.findings, 'big'));
  });

  it('--no-db lints the files alone; --fail-on and --severity work as in check', async () => {
    const alone = await json(['--no-db', '--big-table-rows', '1000']);
    assert.equal(index(alone.findings, 'big')!.severity, 'warning');
    assert.equal(alone.code, 0);
    assert.equal((await json(['--no-db', '--fail-on', 'warning'])).code, 1);
    assert.equal(index((await json(['--severity', 'SL614=off'])).findings, 'big'), undefined);
  });

  it('writes SARIF, and text with a summary line', async () => {
    const sarif = await runCli(['lint', ...args, '--format', 'sarif', '--fail-on', 'never']);
    assert.equal(sarif.code, 0);
    const run = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string }>; tool: { driver: { rules: Array<{ id: string }> } } }> }).runs[0]!;
    assert.ok(run.results.some((result) => result.ruleId === 'SL614'));
    const text = await runCli(['lint', ...args, '--fail-on', 'never']);
    assert.match(text.stderr, /linted 12 statements in 2 migrations, with the table sizes and history of postgres@/);
    assert.match(text.stdout, /SL614/);
  });

  it('check includes the lint findings of pending migrations, with the table sizes', async () => {
    const run = await runCli(['check', ...args, '--no-shadow', '--format', 'json', '--fail-on', 'never']);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    assert.equal(index(findings, 'big')!.severity, 'warning');
    assert.match(index(findings, 'big')!.message, /about 5,000 rows/);
    // Only pending migrations: nothing about the executed one's statements.
    assert.deepEqual(findings.filter((finding) => finding.code.startsWith('SL6') && finding.file?.includes('Init')), []);
  });
});

// `schema-lens check` reports the migration status (SL4xx) as findings when it compares against a
// real database: on the migration file, through --fail-on, --severity and schema-lens-ignore.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type * as Sarif from 'sarif';
import { runMigrations } from '../../../src/core/migrations/runner';
import type { JsonReport } from '../../../src/core/report';
import { createTestProject, type MigrationSpec, type TestProject } from '../migrations/project';
import { runCli } from '../support/cli';

// No tables: the only findings are about the migrations themselves.
const spec = (name: string, timestamp: number): MigrationSpec => ({ name, timestamp, up: ['SELECT 1'], down: ['SELECT 1'] });

describe('schema-lens check: migration status findings (real PostgreSQL)', function () {
  this.timeout(120_000);
  let project: TestProject;
  let olderFile: string;
  let base: string[];
  const json = async (...args: string[]) => {
    const run = await runCli([...base, '--format', 'json', ...args]);
    return { run, report: JSON.parse(run.stdout) as JsonReport };
  };

  before(async () => {
    project = await createTestProject('check-migrations');
    project.write(spec('Newer', 1700000002000));
    await runMigrations({ dataSource: project.config() });
    olderFile = project.write(spec('Older', 1700000001000));
    base = ['check', '--root', project.root, '--db', project.db.url, '--entities', 'src/*.entity.ts', '--migrations', 'migrations/*.ts', '--no-shadow'];
  });
  after(async () => {
    await project?.dispose();
  });

  it('reports the older pending migration as SL403 on its file; --fail-on follows its severity', async () => {
    const { run, report } = await json('--fail-on', 'warning');
    const outOfOrder = report.findings.filter((finding) => finding.code === 'SL403');
    assert.equal(outOfOrder.length, 1, run.stdout);
    assert.equal(outOfOrder[0]!.category, 'migration');
    assert.equal(outOfOrder[0]!.severity, 'warning');
    assert.equal(outOfOrder[0]!.file, relative(project.root, olderFile));
    assert.ok(outOfOrder[0]!.line! >= 1);
    assert.ok(report.findings.some((finding) => finding.code === 'SL401' && finding.file === outOfOrder[0]!.file));
    assert.equal(run.code, 1, 'a warning with --fail-on warning');
    const atError = await json('--fail-on', 'error');
    assert.ok(!atError.report.findings.some((finding) => finding.severity === 'error'), atError.run.stdout);
    assert.equal(atError.run.code, 0);
    const raised = await json('--severity', 'SL403=error');
    assert.equal(raised.report.findings.find((finding) => finding.code === 'SL403')?.severity, 'error');
    assert.equal(raised.run.code, 1);
  });

  it('SARIF has the migration rules with help and a located result', async () => {
    const run = await runCli([...base, '--format', 'sarif']);
    const [sarifRun] = (JSON.parse(run.stdout) as Sarif.Log).runs;
    const rule = sarifRun!.tool.driver.rules!.find((candidate) => candidate.id === 'SL403');
    assert.ok(rule?.help?.text && rule.helpUri?.endsWith('/docs/rules/SL403.md'), run.stdout);
    const result = sarifRun!.results!.find((candidate) => candidate.ruleId === 'SL403')!;
    assert.equal(result.locations![0]!.physicalLocation!.artifactLocation!.uri, relative(project.root, olderFile));
    assert.ok(result.locations![0]!.physicalLocation!.region!.startLine! >= 1);
  });

  it('without a database only the file-only codes are reported', async () => {
    const run = await runCli(['check', '--root', project.root, '--entities', 'src/*.entity.ts', '--migrations', 'migrations/*.ts', '--no-shadow', '--format', 'json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.ok(!report.findings.some((finding) => ['SL401', 'SL403'].includes(finding.code)), run.stdout);
  });

  it('--severity SL403=off and a schema-lens-ignore comment in the migration silence it', async () => {
    assert.ok(!(await json('--severity', 'SL403=off')).report.findings.some((finding) => finding.code === 'SL403'));
    const text = readFileSync(olderFile, 'utf8');
    writeFileSync(olderFile, text.replace(/^export class/m, '// schema-lens-ignore SL403\nexport class'));
    const { run, report } = await json();
    assert.ok(!report.findings.some((finding) => finding.code === 'SL403'), run.stdout);
    assert.ok(report.findings.some((finding) => finding.code === 'SL401'), 'only the named code is silenced');
  });
});

// `schema-lens check` end to end on a real database: output formats, --fail-on and --severity
// decide the exit code, and JSON/SARIF carry the documented shapes.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import type { JsonReport } from '../../../src/core/report';
import { synchronisedWorkspace, type CheckedWorkspace } from '../rules/support';
import { runCli } from '../support/cli';

const ROOT = join(__dirname, '..', 'rules', 'entities');

describe('schema-lens check on a real database', function () {
  this.timeout(120_000);
  let ws: CheckedWorkspace;
  let base: string[];

  before(async () => {
    ws = await synchronisedWorkspace(ROOT, 'cli', 'CREATE INDEX "comments_post_idx" ON "comments" ("postId")');
    base = ['check', '--root', ROOT, '--db', ws.db.url, '--entities', '*.entity.ts', '--no-shadow'];
  });
  after(async () => {
    await ws?.dispose();
  });

  it('JSON: findings with file relative to the root and 1-based positions; exit code follows --fail-on', async () => {
    const run = await runCli([...base, '--format', 'json', '--fail-on', 'warning']);
    const report = JSON.parse(run.stdout) as JsonReport;
    const reference = report.findings.find((finding) => finding.code === 'SL203');
    assert.ok(reference, run.stdout);
    assert.equal(reference.category, 'integrity');
    assert.equal(reference.severity, 'warning');
    assert.equal(reference.file, 'post.entity.ts');
    assert.ok(reference.line! >= 1 && reference.column_number! >= 1);
    assert.ok(reference.fixes?.some((fix) => fix.kind === 'migration'));
    assert.equal(run.code, 1, 'a warning with --fail-on warning');
    // Which TypeORM the entities were read as (here the repository's own, found above the root).
    assert.ok(report.typeorm && ['node_modules', 'lockfile', 'package.json', 'default'].includes(report.typeorm.source), JSON.stringify(report.typeorm));
    const atError = await runCli([...base, '--format', 'json']);
    const hasError = (JSON.parse(atError.stdout) as JsonReport).findings.some((finding) => finding.severity === 'error');
    assert.equal(atError.code, hasError ? 1 : 0, 'default --fail-on error');
    assert.equal((await runCli([...base, '--format', 'json', '--fail-on', 'never'])).code, 0);
  });

  it('--severity turns a code off or changes its severity', async () => {
    const off = JSON.parse((await runCli([...base, '--format', 'json', '--severity', 'SL203=off'])).stdout) as JsonReport;
    assert.ok(!off.findings.some((finding) => finding.code === 'SL203'));
    const raised = await runCli([...base, '--format', 'json', '--severity', 'SL203=error']);
    assert.equal((JSON.parse(raised.stdout) as JsonReport).findings.find((finding) => finding.code === 'SL203')?.severity, 'error');
    assert.equal(raised.code, 1);
  });

  it('SARIF: version, rules with help and helpUri, results with regions', async () => {
    const run = await runCli([...base, '--format', 'sarif']);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    assert.equal(log.version, '2.1.0');
    const [sarifRun] = log.runs;
    const rule = sarifRun!.tool.driver.rules!.find((candidate) => candidate.id === 'SL203');
    assert.ok(rule?.help?.text && rule.helpUri?.endsWith('/docs/rules/SL203.md'));
    const result = sarifRun!.results!.find((candidate) => candidate.ruleId === 'SL203')!;
    assert.equal(result.locations![0]!.physicalLocation!.artifactLocation!.uri, 'post.entity.ts');
    assert.ok(result.locations![0]!.physicalLocation!.region!.startLine! >= 1);
    const json = JSON.parse((await runCli([...base, '--format', 'json'])).stdout) as JsonReport;
    assert.deepEqual(sarifRun!.properties?.typeorm, json.typeorm, 'the same TypeORM in SARIF and JSON');
  });

  it('generate writes one migration and lists the file and each fix it holds', async () => {
    // A copy of the entities: generate writes into the project.
    const root = mkdtempSync(join(tmpdir(), 'sl-generate-'));
    try {
      cpSync(ROOT, root, { recursive: true });
      const args = ['--root', root, '--db', ws.db.url, '--entities', '*.entity.ts', '--migrations', 'migrations/*.ts'];
      // What the migration holds, as JSON (generate --json writes it too; removed for the text run).
      const planned = JSON.parse((await runCli(['generate', 'FixDrift', ...args, '--json'])).stdout) as { file: string; fixes: string[]; up: string[] };
      assert.ok(planned.fixes.length > 0, 'the workspace has drift with a migration fix');
      rmSync(join(root, planned.file));
      const run = await runCli(['generate', 'FixDrift', ...args]);
      assert.equal(run.code, 0, run.stderr);
      const fixes = planned.fixes.length === 1 ? '1 fix' : `${planned.fixes.length} fixes`;
      const statements = planned.up.length === 1 ? '1 statement' : `${planned.up.length} statements`;
      const [first, ...listed] = run.stdout.trimEnd().split('\n');
      const written = /^wrote (migrations\/\d+-FixDrift\.ts): (.*)$/.exec(first ?? '');
      assert.ok(written, run.stdout);
      assert.equal(written[2], `${fixes}, ${statements}`);
      assert.deepEqual(listed, planned.fixes.map((title) => `  - ${title}`));
      assert.ok(existsSync(join(root, written[1]!)));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('text: file:line:col, code and message, no colour when NO_COLOR is set', async () => {
    const run = await runCli([...base]);
    assert.match(run.stdout, /^post\.entity\.ts$/m);
    assert.match(run.stdout, /^ {2}post\.entity\.ts:\d+:\d+ {2}warning SL203 {2}Column posts\.userId/m);
    assert.ok(!run.stdout.includes('\u001b['));
    // Which TypeORM the entities were read as, and where that was found (here: this repository's node_modules).
    assert.match(run.stderr, /^schema-lens: entities read as TypeORM 1\.1\.1 \(installed: [^)]*node_modules\/typeorm\/package\.json\)\.$/m);
    // What it compared the entities with (issue 20, point 7), never with the password.
    assert.match(run.stderr, /^schema-lens: compared with the database postgres@127\.0\.0\.1:\d+\/\S+\.$/m);
    assert.ok(!run.stderr.includes(new URL(ws.db.url).password));
  });
});

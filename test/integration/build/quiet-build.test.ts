// `npm start` builds, then checks the example: what it prints must be the check (issue 20, point 7),
// not bundle sizes or the shadow's cluster bookkeeping. A build that succeeds says nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..', '..');

describe('the build', function () {
  this.timeout(300_000);

  it('prints nothing when it succeeds, and still writes every bundle and the empty cluster', () => {
    const started = Date.now();
    const run = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(`${run.stdout}${run.stderr}`, '', 'no output');
    for (const file of ['dist/cli.js', 'dist/engine.js', 'dist/extension.js', 'dist/shadow-worker.js', 'dist/ts-morph-common.js']) {
      assert.ok(existsSync(join(repo, file)) && statSync(join(repo, file)).mtimeMs >= started - 1000, `${file} written by this build`);
    }
    // Kept while intact, so it may be older than this build; there it must be.
    assert.ok(existsSync(join(repo, 'dist/pglite-cluster.bin')), 'the empty cluster');
  });

  it("the CLI bundle loads PostgreSQL's parser (wasm) from beside itself, wherever it is run from", () => {
    // The extension's engine bundle sits in the same folder and loads it the same way (the .vsix ships dist/).
    // --no-replay: the migration indexes a table no migration creates, which the replay would report (SL450).
    assert.ok(existsSync(join(repo, 'dist/libpg-query.wasm')), 'dist/libpg-query.wasm');
    const project = mkdtempSync(join(tmpdir(), 'sl-bundle-lint-'));
    mkdirSync(join(project, 'migrations'));
    writeFileSync(
      join(project, 'migrations', '1700000000000-Index.ts'),
      `export class Index1700000000000 {\n  async up(queryRunner: any) { await queryRunner.query('CREATE INDEX "IDX_a" ON "post" ("a")'); }\n  async down(queryRunner: any) {}\n}\n`,
    );
    const run = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'lint', '--root', project, '--migrations', 'migrations/*.ts', '--no-db', '--no-replay', '--format', 'json'], { cwd: tmpdir(), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const codes = (JSON.parse(run.stdout) as { findings: Array<{ code: string }> }).findings.map((finding) => finding.code);
    assert.ok(codes.includes('SL614'), codes.join(', '));
  });
});

// `npm start` builds, then checks the example: what it prints must be the check (issue 20, point 7),
// not bundle sizes or the shadow's cluster bookkeeping. A build that succeeds says nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
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
});

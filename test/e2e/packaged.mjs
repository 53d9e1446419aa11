// The packaged shape of the extension: the files `vsce package` puts in the .vsix (manifest, dist/
// bundles, media, docs; see .vscodeignore). The e2e suites run against a copy of exactly these
// files outside the repository, so nothing can load from the repo's node_modules or sources.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cleanEnv } from '../../scripts/e2e-tooling/clean-env.mjs';

/** Paths (relative to the repo root) that `vsce package` would put in the .vsix. */
export function packagedFiles(repoRoot) {
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  return execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8', env: cleanEnv() }).split('\n').filter(Boolean);
}

/**
 * Copies the packaged files to `stageDir`. Source maps of the bundles come along (they are not in
 * the .vsix but change nothing at run time) so stack traces in test output stay readable.
 */
export function stageExtension(repoRoot, stageDir) {
  const maps = readdirSync(join(repoRoot, 'dist'), { recursive: true })
    .filter((file) => file.endsWith('.js.map') && file !== 'cli.js.map')
    .map((file) => join('dist', file));
  for (const file of [...packagedFiles(repoRoot), ...maps]) {
    mkdirSync(dirname(join(stageDir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(stageDir, file));
  }
  return stageDir;
}

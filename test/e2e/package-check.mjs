// The `package` e2e check: `npm run package` must give a .vsix under 15 MB that holds no sources,
// tests, fixtures, node_modules or source maps, and that code-server installs with
// `--install-extension`. Run by test/e2e/run.mjs after the suites.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv } from '../../scripts/e2e-tooling/clean-env.mjs';
import { packagedFiles } from './packaged.mjs';

const MAX_BYTES = 15 * 1024 * 1024;
// Paths (inside the package) that must never ship.
const FORBIDDEN = [/^src\//, /^test\//, /^out\//, /^bench\//, /^scripts\//, /(^|\/)node_modules\//, /\.map$/, /\.vsix$/, /(^|\/)tsconfig\.json$/, /^\.ci\//, /(?<!\.d)\.ts$/];

export async function checkPackage({ repoRoot, tooling, log }) {
  const problems = [];
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], env: cleanEnv() });
  const vsix = join(repoRoot, 'dist', 'schema-lens.vsix');
  const bytes = statSync(vsix).size;
  log(`package: ${vsix} is ${(bytes / 1024 / 1024).toFixed(2)} MB`);
  if (bytes >= MAX_BYTES) problems.push(`the .vsix is ${bytes} bytes, over the ${MAX_BYTES}-byte limit`);

  const shipped = packagedFiles(repoRoot).filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)));
  if (shipped.length > 0) problems.push(`the .vsix contains files it must not: ${shipped.join(', ')}`);

  const { publisher, name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'schema-lens-vsix-'));
  try {
    const codeServer = (...args) =>
      execFileSync(tooling.node, [tooling.codeServerEntry, '--user-data-dir', join(work, 'user-data'), '--extensions-dir', join(work, 'extensions'), ...args], {
        encoding: 'utf8',
        timeout: 120_000,
        env: cleanEnv(process.env, { XDG_CONFIG_HOME: join(work, 'xdg-config'), XDG_DATA_HOME: join(work, 'xdg-data') }),
      });
    codeServer('--install-extension', vsix);
    const installed = codeServer('--list-extensions', '--show-versions').split('\n').map((line) => line.trim());
    const expected = `${publisher}.${name}@${version}`;
    if (!installed.includes(expected)) problems.push(`code-server --install-extension did not install ${expected} (listed: ${installed.filter(Boolean).join(', ') || 'nothing'})`);
    else log(`package: code-server installed ${expected}`);
  } catch (error) {
    problems.push(`code-server could not install the .vsix: ${error.message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return problems;
}

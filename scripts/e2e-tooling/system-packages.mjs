// Debian packages the e2e tooling needs from the system: a Chromium to drive the workbench, and the
// Kerberos headers (plus a compiler toolchain) that code-server's native `kerberos` module builds
// against. As root they are installed with apt-get; otherwise we stop and say what to install.
import { existsSync } from 'node:fs';
import { cleanEnv } from './clean-env.mjs';
import { debianPackageInstalled, findOnPath, installDebianPackages } from '../debian-packages.mjs';

/** The Chromium executable: $SCHEMA_LENS_E2E_CHROMIUM, else Debian's `chromium` on PATH. */
export function findChromium() {
  const override = process.env.SCHEMA_LENS_E2E_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`SCHEMA_LENS_E2E_CHROMIUM is ${override}, which does not exist`);
    return override;
  }
  return findOnPath('chromium') ?? findOnPath('chromium-browser');
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
  installDebianPackages(missing, { needs: 'The e2e tests need', alternative: ', or point SCHEMA_LENS_E2E_CHROMIUM at a Chromium executable', log, env: cleanEnv(process.env) });
  const stillMissing = missingSystemPackages({ forBuild });
  if (stillMissing.length > 0) throw new Error(`apt-get finished but these are still missing: ${stillMissing.join(', ')}`);
}

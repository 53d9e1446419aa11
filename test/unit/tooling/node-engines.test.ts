// One Node version story (issue 20, point 7): every package the lockfile installs accepts every Node
// that package.json's `engines` allows, so `npm install` on a supported Node prints no EBADENGINE
// warning. A dependency upgrade that needs a newer Node fails here, not on a user's machine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

describe('Node version', () => {
  it('every locked package accepts every Node that engines.node allows', () => {
    const ours = manifest.engines.node;
    const refusing = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const theirs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return path && theirs && !semver.subset(ours, theirs) ? [`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${theirs}`] : [];
    });
    assert.deepEqual(refusing, [], `engines.node is '${ours}'`);
  });

  it('the Node running the tests is one engines.node allows', () => {
    assert.ok(semver.satisfies(process.version, manifest.engines.node), `${process.version} vs '${manifest.engines.node}'`);
  });
});

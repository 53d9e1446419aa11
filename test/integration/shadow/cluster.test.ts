// The saved empty cluster cold replays start from (cluster.ts), against real PGlite: a missing,
// foreign or damaged cluster file is passed over for the next one or for initdb, whose result is
// saved where it may be; through the shadow process, a cluster directory given once serves every
// later cache directory without initdb.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { engineKey, pgliteAssets } from '../../../src/core/shadow/assets';
import { CLUSTER_FILE, encodeCluster, ensureCluster, readCluster, startEmptyCluster, type StartedCluster } from '../../../src/core/shadow/cluster';
import { ShadowDatabase } from '../../../src/core/shadow';
import { copyProject, type TempProject } from './support/project';

const engine = engineKey(pgliteAssets());

async function databases(db: PGlite): Promise<string[]> {
  return (await db.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname')).rows.map((row) => row.datname);
}

describe('shadow empty cluster', function () {
  this.timeout(180_000);
  let base: string;
  let shipped: string;
  let cache: string;
  /** A known good cluster file (the build step's). */
  let good: Uint8Array;
  const opened: StartedCluster[] = [];
  const warnings: string[] = [];
  const start = async (locations: { dir: string; writable: boolean }[]): Promise<StartedCluster> => {
    const started = await startEmptyCluster(locations, engine, {}, (message) => warnings.push(message));
    opened.push(started);
    await started.saved;
    return started;
  };

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'sl-shadow-cluster-'));
    await ensureCluster(join(base, 'good'), engine);
    good = readFileSync(join(base, 'good', CLUSTER_FILE));
  });

  beforeEach(() => {
    const dir = mkdtempSync(join(base, 'case-'));
    shipped = join(dir, 'shipped');
    cache = join(dir, 'cache');
    warnings.length = 0;
  });

  afterEach(async () => {
    for (const started of opened.splice(0)) await started.db.close();
  });

  after(() => rmSync(base, { recursive: true, force: true }));

  it('with no cluster anywhere runs initdb and saves it to the first writable place only, where the next start finds it', async () => {
    const first = await start([{ dir: shipped, writable: false }, { dir: cache, writable: true }]);
    assert.equal(first.from, 'initdb');
    assert.deepEqual(await databases(first.db), ['postgres', 'template0', 'template1']);
    assert.equal((await readCluster(shipped, engine)).tar, undefined, 'nothing written where it may not write');
    const saved = await readCluster(cache, engine);
    assert.ok(saved.tar, 'saved for the next start');

    const second = await start([{ dir: shipped, writable: false }, { dir: cache, writable: true }]);
    assert.equal(second.from, cache);
    assert.deepEqual(await databases(second.db), ['postgres', 'template0', 'template1']);
    await second.db.exec('CREATE TABLE t (id integer PRIMARY KEY)');
    assert.deepEqual(warnings, []);
  });

  it('prefers the first place, and passes over a cluster made by another PGlite build', async () => {
    placeClusterFile(cache, good);
    placeClusterFile(shipped, withEngine(good, 'another-build'));
    const started = await start([{ dir: shipped, writable: false }, { dir: cache, writable: true }]);
    assert.equal(started.from, cache);
    assert.match(warnings.join('\n'), /made by another PGlite build \(another-build, this is /);

    placeClusterFile(shipped, good);
    assert.equal((await start([{ dir: shipped, writable: false }, { dir: cache, writable: true }])).from, shipped);
  });

  it('passes over a damaged cluster file (checksum, or intact but not a data directory) and replaces it when it may', async () => {
    const damaged = Uint8Array.from(good);
    damaged[damaged.length - 100] ^= 0xff;
    placeClusterFile(shipped, damaged);
    placeClusterFile(cache, await encodeCluster(engine, new Uint8Array(4096).fill(7)));
    const started = await start([{ dir: shipped, writable: true }, { dir: cache, writable: true }]);
    assert.equal(started.from, 'initdb');
    assert.match(warnings[0], /in .*shipped is damaged \(its checksum does not match\)/);
    assert.match(warnings[1], /in .*cache did not start: not a tar archive/);
    assert.deepEqual(await databases(started.db), ['postgres', 'template0', 'template1']);
    assert.ok((await readCluster(shipped, engine)).tar, 'the damaged file was replaced by a good one');
  });

  it('ensureCluster (the build step) writes a cluster once and keeps an intact one', async () => {
    placeClusterFile(shipped, withEngine(good, 'another-build'));
    assert.equal(await ensureCluster(shipped, engine), true);
    const written = statSync(join(shipped, CLUSTER_FILE)).mtimeMs;
    assert.equal(await ensureCluster(shipped, engine), false);
    assert.equal(statSync(join(shipped, CLUSTER_FILE)).mtimeMs, written);
    assert.equal((await start([{ dir: shipped, writable: false }])).from, shipped);
  });

  describe('through the shadow process', () => {
    const projects: TempProject[] = [];
    after(() => {
      for (const project of projects) project.dispose();
    });

    it('a cluster directory filled by the first cold replay serves a second cache directory without initdb, with the same result', async () => {
      const clusterDir = join(base, 'process-clusters');
      const replay = async (cacheDir: string) => {
        const project = copyProject('shop');
        projects.push(project);
        const shadow = new ShadowDatabase({ cacheDir, clusterDir });
        try {
          return await shadow.analyse(await project.dataSource(), await project.migrationFiles());
        } finally {
          // dispose() lets the process save the cluster and the snapshot first.
          await shadow.dispose();
        }
      };
      const first = await replay(join(base, 'process-cache-1'));
      assert.equal(first.replayed, 2);
      assert.deepEqual(first.findings, []);
      const made = statSync(join(clusterDir, CLUSTER_FILE)).mtimeMs;
      assert.ok((await readCluster(join(base, 'process-cache-1'), engine)).tar === undefined, 'saved once, to the cluster directory');

      const second = await replay(join(base, 'process-cache-2'));
      assert.equal(second.replayed, 2);
      assert.equal(second.fromCache, false);
      assert.deepEqual(second.model, first.model);
      assert.equal(statSync(join(clusterDir, CLUSTER_FILE)).mtimeMs, made, 'not made again');
      assert.equal((await readCluster(join(base, 'process-cache-2'), engine)).tar, undefined, 'initdb did not run for the second cache');
    });
  });
});

function placeClusterFile(dir: string, file: Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, CLUSTER_FILE), file);
}

/** The same cluster file with another engine key in its header. */
function withEngine(file: Uint8Array, engine: string): Uint8Array {
  const buffer = Buffer.from(file);
  const end = buffer.indexOf(0x0a);
  const header = JSON.parse(buffer.subarray(0, end).toString('utf8')) as { engine: string };
  return Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, engine })}\n`), buffer.subarray(end + 1)]);
}

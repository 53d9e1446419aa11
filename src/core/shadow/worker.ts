// Entry of the shadow's own process (bundled as dist/shadow-worker.js). PGlite's ~0.5 GB of WASM
// memory and the project's migration code live here, never in the extension host. Requests are
// answered one at a time; the cache is written after the answer went out, so the caller does not
// wait for the snapshot. Run as `node shadow-worker.js --write-empty-cluster`, it makes the empty
// cluster the build ships beside it (esbuild.mjs), unless an intact one is there.
import { setFlagsFromString } from 'node:v8';
import { engineKey, pgliteAssets } from './assets';
import { ensureCluster } from './cluster';
import { analyseMigrations } from './engine';
import type { WorkerRequest, WorkerResponse } from './protocol';

// PostgreSQL's code (WASM) runs here mostly once per process: one replay, then the process idles
// out. V8's optimising tier would compile its hot functions in the background, which measured
// ~1 s of CPU for 100 migrations that the replay never won back (on two busy cores the cold replay
// took twice as long); the baseline compiler alone replays them in half the CPU. Set before PGlite
// compiles its module; an unknown flag is ignored, so a V8 without it only loses the saving.
setFlagsFromString('--liftoff-only');

function send(response: WorkerResponse): void {
  process.send?.(response);
}

function serve(): void {
  let queue: Promise<void> = Promise.resolve();
  process.on('message', (message: WorkerRequest) => {
    queue = queue.then(async () => {
      let answered = false;
      try {
        // Migration code may read files relative to the project, as it would under the TypeORM CLI.
        process.chdir(message.request.dataSource.root);
        const outcome = await analyseMigrations(message.request);
        send({ id: message.id, ok: true, result: outcome.result });
        answered = true;
        await outcome.finish();
      } catch (error) {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        // After the answer, only the cache write failed: the next check replays again.
        if (answered) process.stderr.write(`schema-lens shadow: could not save the replayed state: ${text}\n`);
        else send({ id: message.id, ok: false, error: text });
      } finally {
        send({ id: message.id, finished: true });
      }
    });
  });

  // The parent going away (crash, window closed) ends this process too.
  process.on('disconnect', () => process.exit(0));
}

async function writeEmptyCluster(): Promise<void> {
  const assets = pgliteAssets();
  const engine = engineKey(assets);
  const wrote = await ensureCluster(assets.clusterDir, engine);
  process.stdout.write(`empty cluster for PGlite ${engine} in ${assets.clusterDir}: ${wrote ? 'written' : 'up to date'}\n`);
}

if (process.argv.includes('--write-empty-cluster')) {
  writeEmptyCluster().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`could not write the empty cluster: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
} else {
  serve();
}

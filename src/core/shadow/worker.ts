// Entry of the shadow's own process (bundled as dist/shadow-worker.js). PGlite's ~0.5 GB of WASM
// memory and the project's migration code live here, never in the extension host. Requests are
// answered one at a time; the cache is written after the answer went out, so the caller does not
// wait for the snapshot.
import { analyseMigrations, type AnalyseRequest } from './engine';

export interface WorkerRequest {
  id: number;
  request: AnalyseRequest;
}

export type WorkerResponse = { id: number; ok: true; result: import('./shadow-database').ShadowResult } | { id: number; ok: false; error: string };

function send(response: WorkerResponse): void {
  process.send?.(response);
}

let queue: Promise<void> = Promise.resolve();

process.on('message', (message: WorkerRequest) => {
  queue = queue.then(async () => {
    try {
      // Migration code may read files relative to the project, as it would under the TypeORM CLI.
      process.chdir(message.request.dataSource.root);
      const outcome = await analyseMigrations(message.request);
      send({ id: message.id, ok: true, result: outcome.result });
      await outcome.finish();
    } catch (error) {
      send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
});

// The parent going away (crash, window closed) ends this process too.
process.on('disconnect', () => process.exit(0));

// The shadow's data shapes, shared by the caller's side (shadow-database.ts), the worker process
// (worker.ts, engine.ts) and the cache: the request, the result, and the messages between the two
// processes. Types only, so each side imports them without importing the other.
import type { DataSourceConfig } from '../config';
import type { ReadProblem, SchemaModel } from '../model/schema';
import type { Finding } from '../rules/finding';

export interface ShadowResult {
  model: SchemaModel;
  problems: ReadProblem[];
  /** SL450-SL452: migrations that could not be replayed; with `checkDown`, SL624 too. */
  findings: Finding[];
  /** Migrations run by this call (0 when the result came from the cache). */
  replayed: number;
  fromCache: boolean;
}

export interface AnalyseRequest {
  dataSource: DataSourceConfig;
  migrationFiles: string[];
  cacheDir: string;
  /** Where the saved empty cluster is looked for (and saved) instead of the build's own place (assets.ts). */
  clusterDir?: string;
  /** Also check each migration's down() against its up() (SL624): up, down, compare, up again. */
  checkDown?: boolean;
}

export interface WorkerRequest {
  id: number;
  request: AnalyseRequest;
}

export type WorkerResponse =
  | { id: number; ok: true; result: ShadowResult }
  | { id: number; ok: false; error: string }
  /** The cache is written (or writing it failed): the process may be stopped now. */
  | { id: number; finished: true };

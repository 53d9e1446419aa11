// The shadow analysis itself, run inside the shadow's own process (worker.ts): cache lookup,
// migration loading, PGlite start (from the saved snapshot when only new migrations were added,
// else from the saved empty cluster, cluster.ts), replay, introspection, and saving the state.
// On a cold start the empty cluster is read and decompressed (in the thread pool) while the
// migrations load; PGlite's own start is synchronous work on this thread after that.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { DataSourceConfig } from '../config';
import { loadMigrations, type LoadedMigration } from '../migrations/load';
import type { ReadProblem } from '../model/schema';
import type { Finding } from '../rules/finding';
import { availableExtensions, engineKey, pgliteAssets, type PgliteAssets } from './assets';
import { answers, CacheEntry, type DownRecord, fromState, migrationInputKey, readMigrationSources, type CacheState, type SnapshotState } from './cache';
import { dumpSnapshot, openSnapshot, startEmptyCluster, type ClusterLocation } from './cluster';
import { neededExtensions } from './extensions';
import { downFindings, loadFailedFinding, replayFailedFinding } from './findings';
import { replayMigrations, type ReplayOutcome } from './replay';
import type { AnalyseRequest, ShadowResult } from './protocol';

export interface AnalyseOutcome {
  result: ShadowResult;
  /** Saves the new state to the cache and releases the lock; run after the result was handed back. */
  finish(): Promise<void>;
}

/** How long to wait for another process replaying the same data source before going on uncached. */
const LOCK_WAIT_MS = 60_000;

const timestampPrefix = /^(\d{13})/;

/**
 * Files that failed to load become findings. Replay stops before the earliest of them (by the
 * timestamp in its file name), because TypeORM could not run it and later ones may need it.
 */
function loadFailures(problems: ReadProblem[], migrations: LoadedMigration[], schema: string): { findings: Finding[]; stopAt?: number; rest: ReadProblem[] } {
  const findings: Finding[] = [];
  const rest: ReadProblem[] = [];
  let stopAt: number | undefined;
  for (const problem of problems) {
    const timestamp = problem.file && problem.severity === 'error' ? timestampPrefix.exec(basename(problem.file))?.[1] : undefined;
    if (!problem.file || !timestamp) {
      rest.push(problem);
      continue;
    }
    const at = Number(timestamp);
    stopAt = stopAt === undefined ? at : Math.min(stopAt, at);
    findings.push(loadFailedFinding({ file: problem.file, error: problem.message, notReplayed: migrations.filter((m) => m.timestamp > at).length, schema }));
  }
  return { findings, stopAt, rest };
}

/** The snapshot can be continued when what it executed is still there, unchanged, and everything new sorts after it. */
function snapshotContinues(snapshot: SnapshotState, migrations: LoadedMigration[], hashes: Map<string, string>): boolean {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const unchanged = snapshot.executed.every((done) => {
    const current = byName.get(done.name);
    return current !== undefined && current.file === done.file && hashes.get(current.file) === done.hash;
  });
  if (!unchanged) return false;
  const last = Math.max(-Infinity, ...snapshot.executed.map((done) => done.timestamp));
  const executed = new Set(snapshot.executed.map((done) => done.name));
  return migrations.every((migration) => executed.has(migration.name) || migration.timestamp > last);
}

function extensionOptions(assets: PgliteAssets, names: string[]): Record<string, Extension> {
  return Object.fromEntries(
    names.map((name) => [
      name.replace(/\W/g, '_'),
      { name, setup: async () => ({ bundlePath: pathToFileURL(join(assets.extensionsDir, `${name}.tar.gz`)) }) },
    ]),
  );
}

/**
 * The database of the last replay stays open in this process (until it is stopped when idle), so
 * that appending a migration replays it without reopening the saved snapshot. It is used only
 * while the saved state still describes it: another process may have replayed meanwhile.
 */
let live: { dir: string; db: PGlite; snapshot: SnapshotState } | undefined;

function sameSnapshot(a: SnapshotState, b: SnapshotState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function takeLiveDatabase(dir: string, saved: SnapshotState | undefined, extensions: string[]): PGlite | undefined {
  const candidate = live;
  if (!candidate || !saved || candidate.dir !== dir || !sameSnapshot(candidate.snapshot, saved)) return undefined;
  // PGlite loads extension bundles only at startup.
  if (!extensions.every((name) => candidate.snapshot.extensions.includes(name))) return undefined;
  live = undefined;
  return candidate.db;
}

async function closeLiveDatabase(): Promise<void> {
  const candidate = live;
  live = undefined;
  if (candidate) await closeAndRelease(candidate.db);
}

/**
 * A closed PGlite's WASM memory (hundreds of MB) returns to the system only once its buffer is
 * collected; collecting now keeps an idle shadow process small (gc exists when run with --expose-gc).
 */
async function closeAndRelease(db: PGlite): Promise<void> {
  await db.close();
  (globalThis as { gc?: () => void }).gc?.();
}

function warn(message: string): void {
  process.stderr.write(`schema-lens shadow: ${message}\n`);
}

/** The build's (or the request's) cluster directory first, then the cache directory's own copy. */
function clusterLocations(request: AnalyseRequest, assets: PgliteAssets): ClusterLocation[] {
  const first = request.clusterDir ? { dir: request.clusterDir, writable: true } : { dir: assets.clusterDir, writable: assets.clusterDirWritable };
  return [first, { dir: request.cacheDir, writable: true }];
}

async function replayWithPglite(db: PGlite, migrations: LoadedMigration[], dataSource: DataSourceConfig, createExtensions: string[], checkDown: boolean): Promise<ReplayOutcome> {
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  try {
    const [host, port] = server.getServerConn().split(':');
    return await replayMigrations({ host, port: Number(port), user: 'postgres', password: 'postgres', database: 'postgres' }, migrations, { dataSource, createExtensions, checkDown });
  } finally {
    await server.stop();
  }
}

export async function analyseMigrations(request: AnalyseRequest): Promise<AnalyseOutcome> {
  const { dataSource, migrationFiles, cacheDir } = request;
  const checkDown = request.checkDown === true;
  const nothingToFinish = async (): Promise<void> => {};
  const sources = readMigrationSources(migrationFiles);
  const inputKey = migrationInputKey(dataSource, sources);
  const entry = new CacheEntry(cacheDir, dataSource);
  const warm = entry.readState();
  if (warm && answers(warm, inputKey, checkDown)) return { result: fromState(warm, checkDown), finish: nothingToFinish };

  const release = await entry.lock(LOCK_WAIT_MS);
  let handedOver = false;
  try {
    // Another process may have finished this very replay while we waited for its lock.
    const state = entry.readState();
    if (state && answers(state, inputKey, checkDown)) return { result: fromState(state, checkDown), finish: nothingToFinish };

    const assets = pgliteAssets();
    const engine = engineKey(assets);
    const snapshot = state?.snapshot;
    const needed = neededExtensions(sources.map((source) => source.text));
    const available = availableExtensions(assets);
    const loadable = (names: string[]): string[] => [...new Set(names)].filter((name) => available.has(name)).sort();
    // With no snapshot to continue from, the replay starts on the empty cluster whatever the
    // migrations turn out to be: start it now, so its decompression overlaps their loading.
    // The down() check of the migrations a snapshot holds ran with it or never: without it, start over.
    const fresh = snapshot === undefined || snapshot.engine !== engine || !existsSync(entry.snapshotPath) || (checkDown && state?.result.down === undefined);
    if (fresh) await closeLiveDatabase();
    const starting = fresh ? startEmptyCluster(clusterLocations(request, assets), engine, extensionOptions(assets, loadable([...needed.created, ...needed.implied])), warn) : undefined;
    let loaded: Awaited<ReturnType<typeof loadMigrations>>;
    try {
      loaded = await loadMigrations(migrationFiles, { root: dataSource.root });
    } catch (error) {
      void starting?.then((started) => closeAndRelease(started.db)).catch(() => {});
      throw error;
    }
    const { migrations, problems: loadProblems } = loaded;
    const { findings, stopAt, rest: problems } = loadFailures(loadProblems, migrations, dataSource.schema);
    const toReplay = migrations.filter((migration) => stopAt === undefined || migration.timestamp < stopAt);
    const hashes = new Map(sources.map((source) => [source.file, source.hash]));
    const continues = !fresh && snapshotContinues(snapshot, toReplay, hashes);

    if (continues && state && toReplay.every((migration) => snapshot.executed.some((done) => done.name === migration.name))) {
      // Nothing new to run (e.g. only a file that still fails to load changed): the saved model stands.
      const down = keptDown(state.result.down, toReplay);
      const result: ShadowResult = { model: state.result.model, problems, findings: withDown(findings, checkDown ? down : undefined), replayed: 0, fromCache: true };
      handedOver = true;
      return { result, finish: async () => finishWith(entry, release, { inputKey, result: { model: result.model, problems, findings, down }, snapshot }) };
    }

    const load = loadable([...needed.created, ...needed.implied, ...(continues ? snapshot.extensions : [])]);
    let started = starting && (await starting);
    const kept = started ? undefined : takeLiveDatabase(entry.dir, continues ? snapshot : undefined, load);
    let db: PGlite;
    if (started) {
      db = started.db;
    } else if (kept) {
      // A fresh server session would not carry a migration's SET statements over: neither does this.
      await kept.exec('RESET ALL');
      db = kept;
    } else {
      await closeLiveDatabase();
      if (continues) {
        db = await openSnapshot(entry.snapshotPath, extensionOptions(assets, load));
      } else {
        started = await startEmptyCluster(clusterLocations(request, assets), engine, extensionOptions(assets, load), warn);
        db = started.db;
      }
    }
    try {
      const outcome = await replayWithPglite(db, toReplay, dataSource, needed.implied.filter((name) => available.has(name)), checkDown);
      if (outcome.failure) {
        const index = toReplay.indexOf(outcome.failure.migration);
        findings.unshift(
          replayFailedFinding({
            file: outcome.failure.migration.file,
            migrationName: outcome.failure.migration.name,
            error: outcome.failure.error,
            notReplayed: migrations.length - index - 1,
            schema: dataSource.schema,
          }),
        );
      }
      // The down() results of the migrations the snapshot already held, then those of the ones run now.
      const down = outcome.downChecks && [...(continues ? (keptDown(state?.result.down, toReplay) ?? []) : []), ...outcome.downChecks.map((check) => ({ name: check.migration.name, findings: downFindings(check, dataSource.schema) }))];
      const result: ShadowResult = { model: outcome.model, problems: [...problems, ...outcome.problems], findings: withDown(findings, down), replayed: outcome.ran.length, fromCache: false };
      const saved: CacheState['result'] = { model: result.model, problems: result.problems, findings, ...(down ? { down } : {}) };
      const byName = new Map(migrations.map((migration) => [migration.name, migration]));
      const newSnapshot: SnapshotState = {
        engine,
        executed: outcome.executed.flatMap((name) => {
          const migration = byName.get(name);
          return migration ? [{ name, timestamp: migration.timestamp, file: migration.file, hash: hashes.get(migration.file) ?? '' }] : [];
        }),
        extensions: load,
      };
      handedOver = true;
      return {
        result,
        finish: async () => {
          try {
            const data = await dumpSnapshot(db);
            // What initdb made, saved for every later cold start (it was compressing meanwhile).
            await started?.saved;
            finishWith(entry, release, { inputKey, result: saved, snapshot: newSnapshot }, data);
            live = { dir: entry.dir, db, snapshot: newSnapshot };
          } catch (error) {
            await closeAndRelease(db);
            throw error;
          }
        },
      };
    } catch (error) {
      await closeAndRelease(db);
      throw error;
    }
  } finally {
    if (!handedOver) release?.();
  }
}

/** The saved down() results of the migrations still being replayed (a removed one's go with it). */
function keptDown(down: DownRecord[] | undefined, migrations: LoadedMigration[]): DownRecord[] | undefined {
  if (!down) return undefined;
  const names = new Set(migrations.map((migration) => migration.name));
  return down.filter((record) => names.has(record.name));
}

function withDown(findings: Finding[], down: DownRecord[] | undefined): Finding[] {
  return down ? [...findings, ...down.flatMap((record) => record.findings)] : findings;
}

function finishWith(entry: CacheEntry, release: (() => void) | undefined, state: Omit<CacheState, 'format'>, snapshot?: Uint8Array): void {
  try {
    // Without the lock another process owns the entry: leave it to that one.
    if (release) entry.write(state, snapshot);
  } finally {
    release?.();
  }
}

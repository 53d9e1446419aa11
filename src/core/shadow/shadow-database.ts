// The caller's side of the shadow database. A warm re-check (same migrations, same settings) is
// answered from the cache without starting anything. Otherwise the work goes to a child process
// (worker.ts): measured, PGlite costs ~0.5 GB resident, which in a worker thread would count
// against the extension host's own memory. The process is started on demand and stopped after
// `idleMs` without requests, or by dispose().
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DataSourceConfig } from '../config';
import { emptyModel } from '../model/schema';
import { cachedResult } from './cache';
import type { ShadowResult, WorkerRequest, WorkerResponse } from './protocol';

export interface ShadowOptions {
  /** Where replayed states are kept between runs (e.g. the extension's storage folder). */
  cacheDir: string;
  /** Stop the embedded PostgreSQL's process after this long without a request. Default 60 s. */
  idleMs?: number;
  /** Give up on one analysis (a migration that never ends) after this long. Default 5 min. */
  timeoutMs?: number;
  /**
   * Where the saved empty cluster is looked for, and saved when initdb had to run. Default: the
   * one the build ships beside the bundle (from source, node_modules/.cache/schema-lens).
   */
  clusterDir?: string;
}

const DEFAULT_IDLE_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const STDERR_TAIL = 4_000;
/** dispose() waits this long for the shadow process to save its cache before stopping it. */
const FINISH_WAIT_MS = 30_000;

/**
 * The worker script: the bundle beside this one (with no inherited flags, e.g. the extension
 * host's inspector port), or, when running from source, the TypeScript worker under the same
 * loader (tsx) this process runs under.
 */
function workerEntry(): { script: string; execArgv: string[] } {
  // --expose-gc: the worker hands PGlite's WASM memory back after each replay (engine.ts).
  if (__filename.endsWith('.ts')) return { script: join(__dirname, 'worker.ts'), execArgv: [...process.execArgv, '--expose-gc'] };
  return { script: join(__dirname, 'shadow-worker.js'), execArgv: ['--expose-gc'] };
}

interface Pending {
  resolve(result: ShadowResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class ShadowDatabase {
  private child: ChildProcess | undefined;
  private stderr = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | undefined;
  /** Requests whose cache write has not finished: the process is not idle until they have. */
  private unfinished = 0;
  private drainWaiters: (() => void)[] = [];

  constructor(private readonly options: ShadowOptions) {}

  /**
   * The replayed schema of `dataSource`'s migrations. Throws only when the embedded database itself
   * fails. `checkDown`: also check each migration's down() (SL624 in the findings; ~3x the replay, cached).
   */
  async analyse(dataSource: DataSourceConfig, migrationFiles: string[], options: { checkDown?: boolean } = {}): Promise<ShadowResult> {
    if (migrationFiles.length === 0) {
      // Nothing to replay: say so rather than start a database only to report every table missing.
      const message = `No migration files match ${dataSource.migrationGlobs.join(', ')} under ${dataSource.root}: the embedded database has nothing to replay, so its schema is empty.`;
      return { model: emptyModel(), problems: [{ severity: 'warning', message, file: dataSource.file }], findings: [], replayed: 0, fromCache: false };
    }
    const checkDown = options.checkDown === true;
    const cached = cachedResult(dataSource, migrationFiles, this.options.cacheDir, checkDown);
    if (cached) return cached;
    const child = this.ensureChild();
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    this.setReferenced(true);
    return new Promise<ShadowResult>((resolve, reject) => {
      const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const timer = setTimeout(() => {
        this.stopChild(new Error(`The embedded PostgreSQL did not finish replaying the migrations within ${Math.round(timeoutMs / 1000)} s; it was stopped.`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.unfinished++;
      const message: WorkerRequest = { id, request: { dataSource, migrationFiles, cacheDir: this.options.cacheDir, clusterDir: this.options.clusterDir, checkDown } };
      child.send(message);
    });
  }

  /** Stops the shadow process, after letting it save what it replayed (up to 30 s). */
  async dispose(): Promise<void> {
    if (this.unfinished > 0 && this.child) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, FINISH_WAIT_MS);
        this.drainWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.stopChild(new Error('The embedded PostgreSQL was disposed.'));
      return;
    }
    // An idle child is unreferenced; waiting for its exit must keep the caller's process alive.
    this.setReferenced(true);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.stopChild(new Error('The embedded PostgreSQL was disposed.'));
    await exited;
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const { script, execArgv } = workerEntry();
    const child = fork(script, [], {
      execArgv,
      // Inside VS Code (Electron) the child must run as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_TAIL);
    });
    child.on('message', (response: WorkerResponse) => this.settle(response));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const detail = this.stderr.trim() ? `: ${this.stderr.trim().split('\n').slice(-5).join(' | ')}` : '';
      this.rejectAll(new Error(`The embedded PostgreSQL process ended unexpectedly (${signal ?? `exit code ${code}`})${detail}`));
    });
    child.on('error', (error) => this.rejectAll(error));
    this.child = child;
    return child;
  }

  private settle(response: WorkerResponse): void {
    if ('finished' in response) {
      this.finished();
      return;
    }
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new Error(`The embedded PostgreSQL failed: ${response.error}`));
  }

  private finished(): void {
    this.unfinished = Math.max(0, this.unfinished - 1);
    if (this.unfinished > 0) return;
    for (const waiter of this.drainWaiters.splice(0)) waiter();
    this.becomeIdle();
  }

  private becomeIdle(): void {
    this.setReferenced(false);
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopChild(new Error('idle')), this.options.idleMs ?? DEFAULT_IDLE_MS);
    this.idleTimer.unref();
  }

  /** An idle child must not keep a CLI process alive; a busy one must. */
  private setReferenced(referenced: boolean): void {
    const child = this.child as (ChildProcess & { channel?: { ref(): void; unref(): void } }) | undefined;
    if (!child) return;
    if (referenced) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  }

  private stopChild(reason: Error): void {
    clearTimeout(this.idleTimer);
    const child = this.child;
    this.child = undefined;
    this.rejectAll(reason);
    if (child && child.exitCode === null && child.signalCode === null) child.kill();
  }

  private rejectAll(error: Error): void {
    this.unfinished = 0;
    for (const waiter of this.drainWaiters.splice(0)) waiter();
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}

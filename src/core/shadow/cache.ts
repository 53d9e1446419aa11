// The shadow's cache, one entry per data source: the last result, keyed by the content of every
// migration file (a warm re-check replays nothing and starts nothing), and a snapshot of the
// replayed database with the migrations it holds, so appending migrations replays only the new
// ones. PGlite has no lock against two processes using one data directory, so writers take a
// lock file (one owner per entry); readers need none because files are replaced atomically.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { DataSourceConfig } from '../config';
import type { ReadProblem, SchemaModel } from '../model/schema';
import type { Finding } from '../rules/finding';
import type { ShadowResult } from './protocol';

/** Bump when the state's shape or meaning changes: older entries are then ignored. */
// 3: the replayed model holds TypeORM's bookkeeping tables (the comparison takes out those no entity maps).
const STATE_FORMAT = 3;

export interface CachedResult {
  model: SchemaModel;
  problems: ReadProblem[];
  findings: Finding[];
  /**
   * The down() check (SL624) of every replayed migration, when it ran for all of them; a migration's
   * result depends only on it and the ones before it, so a continued snapshot keeps the old ones.
   */
  down?: DownRecord[];
}

export interface DownRecord {
  name: string;
  findings: Finding[];
}

export interface SnapshotState {
  /** The PGlite build that wrote it (assets.engineKey). */
  engine: string;
  /** Migrations executed in the snapshot, in order, with the hash of their file. */
  executed: { name: string; timestamp: number; file: string; hash: string }[];
  /** Extensions the snapshot's catalog refers to: they must be loaded to reopen it. */
  extensions: string[];
}

export interface CacheState {
  format: number;
  /** What the result depends on: the settings and every migration file's content. */
  inputKey: string;
  result: CachedResult;
  snapshot?: SnapshotState;
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function migrationInputKey(dataSource: DataSourceConfig, files: { file: string; hash: string }[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([STATE_FORMAT, dataSource.schema, dataSource.migrationsTableName]));
  for (const { file, hash: content } of files) hash.update(`\0${relative(dataSource.root, file)}\0${content}`);
  return hash.digest('hex');
}

export class CacheEntry {
  readonly dir: string;

  constructor(cacheDir: string, dataSource: DataSourceConfig) {
    const id = createHash('sha1').update(`${dataSource.root}\0${dataSource.name}`).digest('hex').slice(0, 16);
    this.dir = join(cacheDir, `shadow-${id}`);
  }

  private get statePath(): string {
    return join(this.dir, 'state.json');
  }

  get snapshotPath(): string {
    return join(this.dir, 'snapshot.tar.gz');
  }

  readState(): CacheState | undefined {
    try {
      const state = JSON.parse(readFileSync(this.statePath, 'utf8')) as CacheState;
      return state.format === STATE_FORMAT ? state : undefined;
    } catch {
      return undefined;
    }
  }

  /** The snapshot is written first: a state never names a snapshot that is not there yet. */
  write(state: Omit<CacheState, 'format'>, snapshot?: Uint8Array): void {
    mkdirSync(this.dir, { recursive: true });
    if (snapshot) writeFileAtomically(this.snapshotPath, snapshot);
    writeFileAtomically(this.statePath, JSON.stringify({ format: STATE_FORMAT, ...state }));
  }

  /**
   * Takes the entry's lock, waiting up to `waitMs` for another owner; a lock whose process is
   * gone, or older than `staleMs`, is taken over. Returns the release function, or undefined when
   * another live process still holds it.
   */
  async lock(waitMs: number, staleMs = 10 * 60_000): Promise<(() => void) | undefined> {
    mkdirSync(this.dir, { recursive: true });
    const lockPath = join(this.dir, 'lock');
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const fd = openSync(lockPath, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return () => rmSync(lockPath, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (isStale(lockPath, staleMs)) {
        rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function isStale(lockPath: string, staleMs: number): boolean {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    if (Date.now() - statSync(lockPath).mtimeMs > staleMs) return true;
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: no such process. ENOENT: released meanwhile (the next open will tell).
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH' || code === 'ENOENT';
  }
}

export function writeFileAtomically(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

export interface MigrationSource {
  file: string;
  hash: string;
  text: string;
}

export function readMigrationSources(files: string[]): MigrationSource[] {
  return files.map((file) => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // The loader reports the unreadable file; an empty text still gives it a stable hash.
    }
    return { file, hash: hashText(text), text };
  });
}

/** The state answers a request when its inputs are the same and, if asked for, the down() check ran. */
export function answers(state: CacheState, inputKey: string, checkDown: boolean): boolean {
  return state.inputKey === inputKey && (!checkDown || state.result.down !== undefined);
}

export function fromState(state: CacheState, checkDown: boolean): ShadowResult {
  const { model, problems, findings, down } = state.result;
  return { model, problems, findings: checkDown ? [...findings, ...(down ?? []).flatMap((record) => record.findings)] : findings, replayed: 0, fromCache: true };
}

/** The cached result, when the settings and every migration file are unchanged (and the down() check ran, if asked for). */
export function cachedResult(dataSource: DataSourceConfig, migrationFiles: string[], cacheDir: string, checkDown = false): ShadowResult | undefined {
  const state = new CacheEntry(cacheDir, dataSource).readState();
  return state && answers(state, migrationInputKey(dataSource, readMigrationSources(migrationFiles)), checkDown) ? fromState(state, checkDown) : undefined;
}

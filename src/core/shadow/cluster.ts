// The empty cluster every fresh replay starts from. PGlite's initdb is the slowest step of a cold
// replay (2 to 4 s) and its result depends only on the PGlite build, so it is made once and
// reopened after: at build time into dist/ (shipped in the .vsix, so even a user's very first
// check never runs initdb), from source into node_modules/.cache/schema-lens on first use. When
// that one is missing, damaged or from another PGlite build, the cache directory's own copy is
// used, and failing that initdb runs and its result is saved for next time.
//
// A cluster file is one line of JSON (the engine key and the SHA-256 of the rest) followed by the
// data directory as a brotli-compressed tar. One file, replaced atomically: a reader never sees a
// header from one writer and data from another. Brotli with a 16 MB window finds the three nearly
// identical databases (template0, template1, postgres) of a fresh cluster: 1.5 MB, where gzip
// needs 4.5 MB.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants, gunzip, gzip } from 'node:zlib';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { writeFileAtomically } from './cache';
import { messageOf } from '../errors';

export const CLUSTER_FILE = 'pglite-cluster.bin';

/** A directory a cluster file is looked for in; only writable ones receive the one initdb makes. */
export interface ClusterLocation {
  dir: string;
  writable: boolean;
}

interface ClusterHeader {
  engine: string;
  sha256: string;
}

export interface StartedCluster {
  db: PGlite;
  /** The directory whose cluster file was opened, or 'initdb'. */
  from: string;
  /** Saving what initdb made (compression runs off the main thread); resolved when there is nothing to save. */
  saved: Promise<void>;
}

const brotli = promisify(brotliCompress);
const unbrotli = promisify(brotliDecompress);
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The data directory as a plain tar, for zlib to compress in the thread pool. */
async function dumpTar(db: PGlite): Promise<Uint8Array> {
  return new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
}

/**
 * A snapshot of `db`'s data directory (tar.gz). Level 1: about a third of the default level's time
 * for 15% more bytes; it is written after every replay and read only to continue one.
 */
export async function dumpSnapshot(db: PGlite): Promise<Uint8Array> {
  return gzipAsync(await dumpTar(db), { level: 1 });
}

/** Opens a snapshot written by dumpSnapshot. */
export async function openSnapshot(path: string, extensions: Record<string, Extension>): Promise<PGlite> {
  return openTar(await gunzipAsync(readFileSync(path)), extensions);
}

/** Whether `data` starts like a tar archive (a ustar header): PGlite takes anything else for gzip and fails outside any promise it returns. */
function isTar(data: Uint8Array): boolean {
  return data.length >= 512 && Buffer.from(data.buffer, data.byteOffset + 257, 5).toString('latin1') === 'ustar';
}

async function openTar(tar: Uint8Array, extensions: Record<string, Extension>): Promise<PGlite> {
  if (!isTar(tar)) throw new Error('not a tar archive of a data directory');
  return PGlite.create({ loadDataDir: new Blob([tar]), extensions });
}

export async function encodeCluster(engine: string, tar: Uint8Array): Promise<Uint8Array> {
  const data = await brotli(tar, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
  });
  const header: ClusterHeader = { engine, sha256: sha256(data) };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), data]);
}

/**
 * The tar in `dir`'s cluster file, when there is one made by this engine and intact; otherwise
 * why not (undefined reason: there is no file).
 */
export async function readCluster(dir: string, engine: string): Promise<{ tar?: Uint8Array; unusable?: string }> {
  let file: Buffer;
  try {
    file = readFileSync(join(dir, CLUSTER_FILE));
  } catch {
    return {};
  }
  const end = file.indexOf(0x0a);
  let header: Partial<ClusterHeader> = {};
  try {
    if (end > 0 && end <= 1024) header = JSON.parse(file.subarray(0, end).toString('utf8')) as Partial<ClusterHeader>;
  } catch {
    // A damaged header: the checks below say so.
  }
  const data = file.subarray(end + 1);
  if (header.engine !== engine) return { unusable: header.engine ? `made by another PGlite build (${header.engine}, this is ${engine})` : 'no valid header' };
  if (header.sha256 !== sha256(data)) return { unusable: 'damaged (its checksum does not match)' };
  try {
    return { tar: await unbrotli(data) };
  } catch (error) {
    return { unusable: `damaged (${messageOf(error)})` };
  }
}

export async function writeCluster(dir: string, engine: string, tar: Uint8Array): Promise<void> {
  writeFileAtomically(join(dir, CLUSTER_FILE), await encodeCluster(engine, tar));
}

/**
 * Starts PGlite on an empty cluster: the first location's cluster file that is this engine's and
 * intact and starts, else initdb, whose result is saved (in the background) to the first writable
 * location. `warn` hears about a cluster file that was there but could not be used.
 */
export async function startEmptyCluster(
  locations: ClusterLocation[],
  engine: string,
  extensions: Record<string, Extension>,
  warn: (message: string) => void = () => {},
): Promise<StartedCluster> {
  for (const { dir } of locations) {
    const { tar, unusable } = await readCluster(dir, engine);
    if (unusable) warn(`the saved empty cluster in ${dir} is ${unusable}`);
    if (!tar) continue;
    try {
      return { db: await openTar(tar, extensions), from: dir, saved: Promise.resolve() };
    } catch (error) {
      warn(`the saved empty cluster in ${dir} did not start: ${messageOf(error)}`);
    }
  }
  const db = await PGlite.create({ extensions });
  const target = locations.find((location) => location.writable);
  let saved = Promise.resolve();
  if (target) {
    const tar = await dumpTar(db);
    saved = writeCluster(target.dir, engine, tar).catch((error: unknown) => {
      warn(`could not save the empty cluster to ${target.dir}: ${messageOf(error)}`);
    });
  }
  return { db, from: 'initdb', saved };
}

/**
 * Makes `dir`'s cluster file for this engine unless an intact one is there (the build runs this,
 * see esbuild.mjs). Returns whether it wrote one.
 */
export async function ensureCluster(dir: string, engine: string): Promise<boolean> {
  if ((await readCluster(dir, engine)).tar) return false;
  const db = await PGlite.create();
  try {
    await writeCluster(dir, engine, await dumpTar(db));
  } finally {
    await db.close();
  }
  return true;
}

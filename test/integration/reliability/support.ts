// Shared parts of the reliability suite: a copy of the example project on its own database, owned by
// a login role whose password is distinctive enough to grep every artefact for, and what changed on
// disk under a root (the artefacts a command wrote).
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { runCommand } from '../../../src/cli/run';
import type { CliRun } from '../support/cli';
import { recordCommand } from '../support/diagnostics';
import { createTestDatabase, testServer, type TestDatabase } from '../support/postgres';

export const EXAMPLE = join(__dirname, '..', '..', 'fixtures', 'example');

/**
 * The test password: the random core `Zq7Kv3` appears in every spelling of it (raw, URL-encoded),
 * so one search finds any. The rest has the characters that need URL encoding.
 */
export const SECRET = 'Zq7Kv3#pw:/@%x';
export const SECRET_CORE = 'Zq7Kv3';

/** Where a text shows the secret, if it does (a short excerpt with the surroundings). */
export function leakIn(text: string): string | undefined {
  const at = text.indexOf(SECRET_CORE);
  return at < 0 ? undefined : text.slice(Math.max(0, at - 60), at + 60);
}

export interface SecretProject {
  root: string;
  db: TestDatabase;
  role: string;
  /** postgres:// URL of the database as the role, with the password. */
  url: string;
  /** The same with another password. */
  wrongUrl: string;
  dispose(): Promise<void>;
}

function urlAs(base: string, user: string, password: string): string {
  const url = new URL(base);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** A copy of test/fixtures/example on a fresh database owned by a role whose password is SECRET. */
export async function secretProject(label: string): Promise<SecretProject> {
  const root = mkdtempSync(join(tmpdir(), `sl-rel-${label}-`));
  cpSync(EXAMPLE, root, { recursive: true });
  const db = await createTestDatabase(label);
  const role = `${db.name}_owner`;
  const admin = new pg.Client({ connectionString: (await testServer()).adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN PASSWORD ${pg.escapeLiteral(SECRET)}`);
    await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(db.name)} OWNER TO ${pg.escapeIdentifier(role)}`);
  } finally {
    await admin.end();
  }
  await db.exec(`ALTER SCHEMA public OWNER TO ${pg.escapeIdentifier(role)}`);
  return {
    root,
    db,
    role,
    url: urlAs(db.url, role, SECRET),
    wrongUrl: urlAs(db.url, role, `${SECRET}-wrong`),
    async dispose() {
      await db.drop();
      const dropper = new pg.Client({ connectionString: (await testServer()).adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
      } finally {
        await dropper.end();
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Every file under `root` with a hash of its content. */
export function snapshotFiles(root: string): Map<string, string> {
  return new Map(walk(root).map((file) => [file, createHash('sha1').update(readFileSync(file)).digest('hex')]));
}

/** Files under `root` that are new or changed since `before`, relative to the root. */
export function writtenFiles(root: string, before: Map<string, string>): string[] {
  const now = snapshotFiles(root);
  return [...now].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => relative(root, file));
}

/** A file's content as text to search: gzip is unpacked; anything else is read as latin1 (byte for byte). */
export function searchableContent(file: string): string {
  const bytes = readFileSync(file);
  const unpacked = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return `${unpacked.toString('latin1')}\n${unpacked.toString('utf8')}`;
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The CLI's dispatcher in this process, its stdout and stderr captured: the same code as the
 * `schema-lens` binary without a process start per command (support/cli.ts runs it as a child,
 * for what needs a process of its own).
 */
export async function runInProcess(args: string[]): Promise<CliRun> {
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  const writes = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  let code: number;
  try {
    code = await runCommand(args);
  } catch (error) {
    // What main.ts does with a command that throws.
    stderr += `schema-lens: ${error instanceof Error ? error.message : String(error)}\n`;
    code = 2;
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
  recordCommand({ command: ['schema-lens', ...args].join(' '), code, stderr });
  return { code, stdout, stderr, ms: Date.now() - started };
}

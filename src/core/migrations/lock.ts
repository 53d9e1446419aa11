// One migration runner per database (and migrations table) at a time. TypeORM has no lock, so two
// `migrate` processes started together both see the same pending list and run it twice. A
// session-level PostgreSQL advisory lock, held on a connection of its own for the whole run,
// makes the second one wait, then refuse with who holds it.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** The advisory lock's first key: constant, so other tools' advisory locks are unlikely to collide. */
const LOCK_NAMESPACE = 0x534c4d; // "SLM"

export function migrationLockKey(schema: string, migrationsTableName: string): number {
  return createHash('sha256').update(`${schema}.${migrationsTableName}`).digest().readInt32BE(0);
}

export class LockTimeoutError extends Error {}

export interface LockOptions {
  timeoutMs: number;
  pollMs?: number;
  /** Called once when the lock is taken by someone else and we start waiting. */
  onWait?(holder: string): void;
  isCancelled?(): boolean;
}

async function describeHolder(client: pg.ClientBase, key: number): Promise<string> {
  const result = await client.query(
    `SELECT a.pid, a.application_name, a.client_addr::text AS addr, a.backend_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid::bigint = $1 AND l.objid::bigint = ($2::bigint & 4294967295) AND l.granted`,
    [LOCK_NAMESPACE, key],
  );
  const row = result.rows[0];
  if (!row) return 'another session';
  return `process ${row.pid}${row.application_name ? ` (${row.application_name})` : ''}${row.addr ? ` from ${row.addr}` : ''}`;
}

/** Takes the migration lock on `client` (released by releaseMigrationLock or by closing the client). */
export async function acquireMigrationLock(client: pg.ClientBase, key: number, options: LockOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let waiting = false;
  for (;;) {
    const result = await client.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [LOCK_NAMESPACE, key]);
    if (result.rows[0].locked === true) return;
    const holder = await describeHolder(client, key);
    if (!waiting) {
      waiting = true;
      options.onWait?.(holder);
    }
    if (options.isCancelled?.()) throw new LockTimeoutError('cancelled while waiting for another migration run to finish');
    if (Date.now() >= deadline) {
      throw new LockTimeoutError(
        `another migration run holds the lock on this database (${holder}); waited ${Math.round(options.timeoutMs / 1000)} s. Try again when it has finished.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}

export async function releaseMigrationLock(client: pg.ClientBase, key: number): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, key]);
}

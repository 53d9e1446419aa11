// Maintenance statements the user asked for (`schema-lens optimize --yes`): VACUUM, ANALYZE,
// REINDEX CONCURRENTLY. Each is sent alone on a writable autocommit connection, never inside a
// transaction (VACUUM and CONCURRENTLY refuse one), one after the other, with progress. Cancelling
// (the signal) cancels the running statement on the server (pg_cancel_backend) and runs no more.
import type pg from 'pg';
import type { ConnectionSettings } from '../config';
import { messageOf } from '../errors';
import { connectClient } from './connection';

export type MaintenanceEvent =
  | { kind: 'start'; index: number; total: number; statement: string }
  | { kind: 'done'; index: number; total: number; statement: string; ms: number }
  | { kind: 'failed'; index: number; total: number; statement: string; ms: number; message: string };

export interface MaintenanceOptions {
  /** How long a statement waits for a lock before it fails (a busy table is not waited on forever). */
  lockTimeoutMs: number;
  onProgress?: (event: MaintenanceEvent) => void;
  signal?: AbortSignal;
}

export interface MaintenanceResult {
  done: number;
  failed: number;
  /** Cancelled through the signal: the running statement was cancelled and the rest not run. */
  cancelled: boolean;
}

export async function runMaintenance(connection: ConnectionSettings, statements: readonly string[], options: MaintenanceOptions): Promise<MaintenanceResult> {
  const client = await connectClient(connection);
  const result: MaintenanceResult = { done: 0, failed: 0, cancelled: false };
  let cancelling: Promise<void> | undefined;
  const cancel = (): void => {
    result.cancelled = true;
    cancelling = cancelRunning(connection, client);
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    // No statement_timeout: a VACUUM of a big table takes as long as it takes; a lock wait does not.
    await client.query(`SET statement_timeout = 0; SET lock_timeout = ${Math.max(1, Math.round(options.lockTimeoutMs))}`);
    for (const [index, statement] of statements.entries()) {
      if (options.signal?.aborted) break;
      const total = statements.length;
      options.onProgress?.({ kind: 'start', index, total, statement });
      const started = performance.now();
      try {
        await client.query(statement);
        result.done++;
        options.onProgress?.({ kind: 'done', index, total, statement, ms: performance.now() - started });
      } catch (error) {
        if (result.cancelled) break;
        result.failed++;
        options.onProgress?.({ kind: 'failed', index, total, statement, ms: performance.now() - started, message: messageOf(error).split('\n')[0]! });
      }
    }
    result.cancelled ||= options.signal?.aborted ?? false;
    return result;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    await cancelling;
    await client.end().catch(() => {});
  }
}

/** pg_cancel_backend of the client's backend, from a second connection (the first is busy). */
async function cancelRunning(connection: ConnectionSettings, client: pg.Client): Promise<void> {
  const pid = (client as pg.Client & { processID?: number }).processID;
  if (!pid) return;
  const canceller = await connectClient(connection).catch(() => undefined);
  if (!canceller) return;
  try {
    await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
  } catch {
    // The statement may have ended meanwhile; nothing left to cancel.
  } finally {
    await canceller.end().catch(() => {});
  }
}

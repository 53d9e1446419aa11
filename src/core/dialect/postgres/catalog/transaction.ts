// The read-only transaction every catalog read runs in, and what its errors name.
import type pg from 'pg';

/**
 * Our own read-only repeatable-read transaction; inside a caller's open transaction, a savepoint
 * rolled back at the end instead, so the caller's transaction and settings are left as they were.
 */
export function transactionScope(client: pg.ClientBase): { begin: string; end: string; abort: string } {
  const status = typeof client.getTransactionStatus === 'function' ? client.getTransactionStatus() : 'I';
  if (status === 'I' || status === null) {
    return { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', end: 'COMMIT', abort: 'ROLLBACK' };
  }
  const undo = 'ROLLBACK TO SAVEPOINT schema_lens_introspect; RELEASE SAVEPOINT schema_lens_introspect';
  return { begin: 'SAVEPOINT schema_lens_introspect', end: undo, abort: undo };
}

/** Where the client is connected, for error messages (never the password). */
export function connectionOf(client: pg.ClientBase): { host?: string; port?: number; user?: string; database?: string } {
  const c = client as Partial<pg.Client>;
  return { host: c.host, port: c.port, user: c.user, database: c.database };
}

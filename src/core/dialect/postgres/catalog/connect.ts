// Analysis connections: read-only for every statement, bounded in time, named in pg_stat_activity.
import pg from 'pg';
import type { ConnectionSettings } from '../../../config/types';
import type { ConnectOptions } from '../../dialect';
import { toDatabaseError } from './errors';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const APPLICATION_NAME = 'schema-lens';

function clientConfig(connection: ConnectionSettings, timeoutMs: number): pg.ClientConfig {
  const target: pg.ClientConfig = connection.url
    ? { connectionString: connection.url }
    : {
        host: connection.host,
        port: connection.port,
        user: connection.user,
        password: connection.password,
        database: connection.database,
      };
  if (connection.ssl !== undefined && !/[?&]ssl(mode)?=/.test(connection.url ?? '')) target.ssl = connection.ssl;
  return {
    ...target,
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: timeoutMs,
    // Server side: a slow or lock-blocked statement is cancelled with a clear SQLSTATE.
    statement_timeout: timeoutMs,
    lock_timeout: timeoutMs,
    // Client side, a little later: a server that stops answering altogether.
    query_timeout: timeoutMs + 1_000,
    // A startup parameter, so it holds for every statement of the session, also the first.
    options: '-c default_transaction_read_only=on',
    keepAlive: true,
  };
}

/**
 * Connects with the session read-only from the first statement. Throws DatabaseError (one line,
 * never the password) when the database refuses, rejects the credentials, does not exist, or does
 * not answer within the timeout.
 */
export async function connectReadOnly(connection: ConnectionSettings, options: ConnectOptions = {}): Promise<pg.Client> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let client: pg.Client;
  try {
    client = new pg.Client(clientConfig(connection, timeoutMs));
  } catch (error) {
    throw toDatabaseError(error, 'connecting to', connection);
  }
  // Without a listener, a server that goes away while the client is idle crashes the process
  // with an unhandled 'error' event; the next query reports the loss instead.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw toDatabaseError(error, 'connecting to', connection);
  }
  return client;
}

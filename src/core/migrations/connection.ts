// The connection settings as the two clients that migration commands use want them: pg (the lock,
// history reads, backups) and TypeORM (running migrations). Writable on purpose: these are the
// commands the user ran to change the database.
import pg from 'pg';
import type { ConnectionSettings, DataSourceConfig } from '../config';

export class NoConnectionError extends Error {
  constructor(dataSource: DataSourceConfig) {
    super(`data source '${dataSource.name}' has no database connection (set one in the DataSource, .env, or with --db)`);
  }
}

export function requireConnection(dataSource: DataSourceConfig): ConnectionSettings {
  if (!dataSource.connection) throw new NoConnectionError(dataSource);
  return dataSource.connection;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export function pgClientConfig(connection: ConnectionSettings, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): pg.ClientConfig {
  return {
    connectionString: connection.url,
    host: connection.host,
    port: connection.port,
    user: connection.user,
    password: connection.password,
    database: connection.database,
    ssl: connection.ssl,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'schema-lens',
  };
}

/** A connected client; the caller ends it. Errors never carry the password (pg's never do). */
export async function connectClient(connection: ConnectionSettings, timeoutMs?: number): Promise<pg.Client> {
  const client = new pg.Client(pgClientConfig(connection, timeoutMs));
  // An idle client whose server goes away emits 'error'; without a listener that kills the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** TypeORM's PostgreSQL connection options for the same settings. */
export function typeormConnectionOptions(connection: ConnectionSettings): Record<string, unknown> {
  return {
    url: connection.url,
    host: connection.host,
    port: connection.port,
    username: connection.user,
    password: connection.password,
    database: connection.database,
    ssl: connection.ssl,
    applicationName: 'schema-lens',
    // TypeORM otherwise require()s 'pg' by name at run time, which a bundle (the extension's
    // engine, the CLI) cannot satisfy: hand it the pg this bundle was built with.
    driver: pg,
  };
}

/** One postgres:// URL for settings given as parts (or a URL plus a separate password). */
export function connectionUrl(connection: ConnectionSettings): string {
  const url = new URL(connection.url ?? 'postgres://localhost');
  if (connection.host) url.hostname = connection.host;
  if (connection.port) url.port = String(connection.port);
  if (connection.user) url.username = encodeURIComponent(connection.user);
  if (connection.password) url.password = encodeURIComponent(connection.password);
  if (connection.database) url.pathname = `/${encodeURIComponent(connection.database)}`;
  if (connection.ssl && !url.searchParams.has('sslmode')) url.searchParams.set('sslmode', 'require');
  return url.toString();
}

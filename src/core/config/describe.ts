// One-line, password-free descriptions of a connection for logs, the status bar and errors.
import type { ConnectionSettings } from './types';

/** `user@host:port/database` (+ ` ssl`), never the password, also for malformed URLs. */
export function describeConnection(c: ConnectionSettings): string {
  if (c.url) {
    try {
      const parsed = new URL(c.url);
      const user = c.user ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined);
      const host = c.host ?? (parsed.hostname || 'localhost');
      const port = c.port ?? (parsed.port ? Number(parsed.port) : 5432);
      const database = c.database ?? decodeURIComponent(parsed.pathname.replace(/^\//, ''));
      return format(user, host, port, database, c.ssl ?? sslFromUrl(parsed));
    } catch {
      return 'invalid connection URL';
    }
  }
  return format(c.user, c.host ?? 'localhost', c.port ?? 5432, c.database ?? '', c.ssl);
}

function sslFromUrl(url: URL): boolean | undefined {
  const mode = url.searchParams.get('sslmode') ?? url.searchParams.get('ssl');
  if (mode === null) return undefined;
  return !['disable', 'false', '0'].includes(mode);
}

function format(user: string | undefined, host: string, port: number, database: string, ssl: boolean | undefined): string {
  return `${user ? `${user}@` : ''}${host}:${port}/${database}${ssl ? ' (ssl)' : ''}`;
}

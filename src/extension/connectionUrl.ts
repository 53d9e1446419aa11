// Connection strings as the user types them, split so the password goes to SecretStorage and
// only the rest is ever stored in workspace state, settings or logs.
import type { ConnectionSettings } from '../core/config/index';

export interface StoredConnection {
  /** A postgres:// URL without its password, or the separate fields. */
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  ssl?: boolean;
}

export function isPostgresUrl(text: string): boolean {
  return /^postgres(?:ql)?:\/\/\S+$/i.test(text.trim());
}

/** Split `postgres://user:pw@host/db` into the URL without the password, and the password. */
export function splitPassword(url: string): { url: string; password?: string } {
  const parsed = new URL(url.trim());
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = '';
  return { url: parsed.toString(), password };
}

/** The password inside a URL, if any; never throws (for masking whatever the project configured). */
export function passwordInUrl(url: string): string | undefined {
  try {
    return splitPassword(url).password;
  } catch {
    return undefined;
  }
}

/** The settings handed to the core: the stored (password-free) parts plus the secret. */
export function withPassword(stored: StoredConnection, password: string | undefined): ConnectionSettings {
  const settings: ConnectionSettings = { ...stored };
  if (password === undefined) return settings;
  if (stored.url) {
    const parsed = new URL(stored.url);
    parsed.password = encodeURIComponent(password);
    settings.url = parsed.toString();
  } else {
    settings.password = password;
  }
  return settings;
}

/** A one-line description for pickers and the status bar: user@host:port/database, no password. */
export function describeStored(stored: StoredConnection): string {
  if (stored.url) {
    try {
      const parsed = new URL(stored.url);
      const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
      return `${user}${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
    } catch {
      return 'invalid connection URL';
    }
  }
  const user = stored.user ? `${stored.user}@` : '';
  return `${user}${stored.host ?? 'localhost'}:${stored.port ?? 5432}/${stored.database ?? ''}`;
}

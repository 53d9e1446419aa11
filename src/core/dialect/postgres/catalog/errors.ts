// PostgreSQL's failures as one DatabaseError (classified, one line, no password), whatever layer
// raised them (socket, TLS, pg protocol, server). Front ends show `message` as is.
import type { ConnectionSettings } from '../../../config/types';
import { describeConnection } from '../../../config/describe';
import { DatabaseError, type DatabaseErrorKind } from '../../database-error';

interface ErrorLike {
  message?: unknown;
  code?: unknown;
}

/** SQLSTATE / errno -> kind. Anything unrecognised is 'other' (still one line, still no password). */
function kindOf(code: string | undefined, message: string): DatabaseErrorKind {
  switch (code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case '57P03': // cannot_connect_now: starting up / shutting down
      return 'refused';
    case '28P01': // invalid_password
    case '28000': // invalid_authorization_specification (pg_hba)
      return 'auth';
    case 'ETIMEDOUT':
    case '57014': // query_canceled: statement_timeout
    case '55P03': // lock_not_available: lock_timeout
      return 'timeout';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case '3D000': // invalid_catalog_name: database does not exist
      return 'not-found';
    case 'ECONNRESET':
    case 'EPIPE':
    case '57P01': // admin_shutdown: pg_terminate_backend
    case '57P02': // crash_shutdown
    case '08006': // connection_failure
    case '08003': // connection_does_not_exist
      return 'lost';
  }
  if (/timeout|timed out/i.test(message)) return 'timeout';
  if (/terminated unexpectedly|Connection terminated|not queryable|ended/i.test(message)) return 'lost';
  return 'other';
}

const explanation: Record<DatabaseErrorKind, string> = {
  refused: 'connection refused (is the database running and reachable?)',
  auth: 'authentication failed',
  timeout: 'timed out',
  'not-found': 'not found',
  lost: 'connection lost',
  other: 'database error',
};

/** Removes every occurrence of the secret (raw and URL-encoded) and keeps only the first line. */
function scrub(text: string, secrets: string[]): string {
  let line = text.split(/\r?\n/)[0] ?? '';
  for (const secret of secrets) {
    if (secret) line = line.split(secret).join('***');
  }
  return line.trim();
}

function secretsOf(connection: ConnectionSettings): string[] {
  const secrets: string[] = [];
  if (connection.password) secrets.push(connection.password);
  if (connection.url) {
    try {
      const password = new URL(connection.url).password;
      if (password) secrets.push(password);
    } catch {
      // An unparseable URL: hide it whole, and whatever sits where its password would.
      secrets.push(connection.url);
      const password = /:\/\/[^:/@]*:(.*)@/.exec(connection.url)?.[1];
      if (password) secrets.push(password);
    }
  }
  // Each also URL-encoded and decoded; longest first so a secret that contains another is replaced whole.
  const spellings = secrets.flatMap((secret) => [secret, encodeURIComponent(secret), safeDecode(secret)]);
  return [...new Set(spellings)].filter(Boolean).sort((a, b) => b.length - a.length);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Wraps anything thrown while connecting or querying. `doing` says what was attempted
 * ("connecting", "reading the catalogs") so the line stands on its own.
 */
export function toDatabaseError(error: unknown, doing: string, connection: ConnectionSettings): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const raw = error as ErrorLike | undefined;
  const message = typeof raw?.message === 'string' ? raw.message : String(error);
  const code = typeof raw?.code === 'string' ? raw.code : undefined;
  const kind = kindOf(code, message);
  const detail = scrub(message || explanation[kind], secretsOf(connection));
  const where = scrub(describeConnection(connection), secretsOf(connection));
  return new DatabaseError(kind, `${doing} ${where}: ${explanation[kind]}: ${detail}${code ? ` [${code}]` : ''}`, code);
}

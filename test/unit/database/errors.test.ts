// Classification and scrubbing of database errors: one line, a kind a front end can act on, and
// never the password, whatever the driver put in the message.
import assert from 'node:assert/strict';
import { toDatabaseError } from '../../../src/core/dialect/postgres/catalog/errors';

function raw(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('database errors', () => {
  const connection = { host: 'db.example.com', port: 5433, user: 'app', password: 'p@ss w0rd', database: 'shop' };

  it('classifies socket errors and SQLSTATEs into kinds', () => {
    const cases: [Error, string][] = [
      [raw('connect ECONNREFUSED 127.0.0.1:5433', 'ECONNREFUSED'), 'refused'],
      [raw('the database system is starting up', '57P03'), 'refused'],
      [raw('password authentication failed for user "app"', '28P01'), 'auth'],
      [raw('no pg_hba.conf entry for host', '28000'), 'auth'],
      [raw('canceling statement due to statement timeout', '57014'), 'timeout'],
      [raw('canceling statement due to lock timeout', '55P03'), 'timeout'],
      [raw('Connection terminated due to connection timeout'), 'timeout'],
      [raw('Query read timeout'), 'timeout'],
      [raw('database "nope" does not exist', '3D000'), 'not-found'],
      [raw('getaddrinfo ENOTFOUND db.example.com', 'ENOTFOUND'), 'not-found'],
      [raw('terminating connection due to administrator command', '57P01'), 'lost'],
      [raw('Connection terminated unexpectedly'), 'lost'],
      [raw('read ECONNRESET', 'ECONNRESET'), 'lost'],
      [raw('permission denied for table x', '42501'), 'other'],
    ];
    for (const [error, kind] of cases) assert.equal(toDatabaseError(error, 'connecting to', connection).kind, kind, error.message);
  });

  it('says what was attempted and where, in one line, with the code', () => {
    const error = toDatabaseError(raw('connect ECONNREFUSED 10.0.0.1:5433\n    at TCPConnectWrap', 'ECONNREFUSED'), 'connecting to', connection);
    assert.equal(error.message, 'connecting to app@db.example.com:5433/shop: connection refused (is the database running and reachable?): connect ECONNREFUSED 10.0.0.1:5433 [ECONNREFUSED]');
    assert.equal(error.code, 'ECONNREFUSED');
  });

  it('never shows the password, raw or URL-encoded, from fields or from a URL (also a malformed one)', () => {
    const cases: [Parameters<typeof toDatabaseError>[2], string][] = [
      [connection, 'p@ss w0rd'],
      [{ url: `postgres://app:${encodeURIComponent('s3cr%t')}@h/db` }, 's3cr%t'],
      [{ url: 'postgres://app:p@ss w0rd@h:notaport/db' }, 'p@ss w0rd'],
    ];
    for (const [settings, secret] of cases) {
      const leaky = raw(`could not connect with ${secret} and ${encodeURIComponent(secret)}`);
      const message = toDatabaseError(leaky, 'connecting to', settings).message;
      assert.ok(!message.includes(secret) && !message.includes(encodeURIComponent(secret)), message);
    }
  });

  it('wraps non-Error throws too', () => {
    const error = toDatabaseError('boom', 'reading the catalogs of', { host: 'h' });
    assert.equal(error.kind, 'other');
    assert.match(error.message, /^reading the catalogs of h:5432\/: database error: boom$/);
  });
});

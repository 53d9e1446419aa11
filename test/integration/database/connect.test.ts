// Read-only analysis connections against a real server, and the three ways a database fails
// (down, slow, dropped mid-introspection): each is a classified one-line error, within the
// configured timeout, that never shows the password.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type pg from 'pg';
import { DatabaseError, connectReadOnly, introspect } from '../../../src/core/dialect/postgres/catalog';
import { createTestDatabase, freePort, type TestDatabase } from '../support/postgres';
import { waitFor } from '../support/wait';

async function databaseError(promise: Promise<unknown>): Promise<DatabaseError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DatabaseError, `expected a DatabaseError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
    return error;
  }
  assert.fail('expected an error');
}

describe('read-only database connections', () => {
  let db: TestDatabase;
  const SECRET = 'sw0rd-fish';

  before(async () => {
    db = await createTestDatabase('connect');
    await db.exec("CREATE TABLE items (id serial PRIMARY KEY, name text CHECK (name <> ''))");
  });

  after(async () => {
    await db?.drop();
  });

  function urlWith(change: (url: URL) => void): string {
    const url = new URL(db.url);
    change(url);
    return url.toString();
  }

  it('makes every statement read-only, bounds it in time and names itself', async () => {
    const client = await connectReadOnly({ url: db.url }, { timeoutMs: 3_000 });
    try {
      const settings = await client.query<{ ro: string; app: string; st: string }>(
        "SELECT current_setting('default_transaction_read_only') AS ro, current_setting('application_name') AS app, current_setting('statement_timeout') AS st",
      );
      assert.deepEqual(settings.rows[0], { ro: 'on', app: 'schema-lens', st: '3s' });
      await assert.rejects(client.query("INSERT INTO items (name) VALUES ('x')"), { code: '25006' });
      await assert.rejects(client.query('CREATE TABLE sneaky (id int)'), { code: '25006' });
    } finally {
      await client.end();
    }
  });

  it('connects with separate fields as well as a URL', async () => {
    const url = new URL(db.url);
    const client = await connectReadOnly({
      host: url.hostname,
      port: Number(url.port),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });
    try {
      assert.equal((await client.query('SELECT current_database() AS d')).rows[0].d, db.name);
    } finally {
      await client.end();
    }
  });

  it('a refused port is "refused" at once', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await databaseError(connectReadOnly({ url: `postgres://app:${SECRET}@127.0.0.1:${port}/app` }, { timeoutMs: 30_000 }));
    assert.equal(error.kind, 'refused');
    // At once: far sooner than the timeout (a loaded machine may take a second or two).
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.match(error.message, new RegExp(`^connecting to app@127\\.0\\.0\\.1:${port}/app: connection refused`));
    assert.ok(!error.message.includes(SECRET));
  });

  it('a port that accepts but never answers times out within the timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const started = Date.now();
      const error = await databaseError(connectReadOnly({ host: '127.0.0.1', port, user: 'app', password: SECRET, database: 'app' }, { timeoutMs: 700 }));
      const elapsed = Date.now() - started;
      assert.equal(error.kind, 'timeout');
      assert.ok(elapsed >= 600 && elapsed < 2_000, `took ${elapsed} ms`);
      assert.ok(!error.message.includes(SECRET));
    } finally {
      silent.close();
    }
  });

  it('a wrong password is "auth" and the message never contains it', async () => {
    const error = await databaseError(connectReadOnly({ url: urlWith((u) => (u.password = SECRET)) }));
    assert.equal(error.kind, 'auth');
    assert.equal(error.code, '28P01');
    assert.ok(!error.message.includes(SECRET), error.message);
  });

  it('a database that does not exist is "not-found"', async () => {
    const error = await databaseError(connectReadOnly({ url: urlWith((u) => (u.pathname = '/no_such_database')) }));
    assert.equal(error.kind, 'not-found');
    assert.match(error.message, /no_such_database/);
    assert.ok(!error.message.includes(new URL(db.url).password));
  });

  it('a slow statement is cancelled by the statement timeout', async () => {
    const client = await connectReadOnly({ url: db.url }, { timeoutMs: 500 });
    try {
      const started = Date.now();
      const raw = await client.query('SELECT pg_sleep(5)').then(
        () => undefined,
        (error: unknown) => error,
      );
      // Cancelled by the server (57014), well before the statement would have ended by itself.
      assert.equal((raw as { code?: string }).code, '57014');
      assert.ok(Date.now() - started < 4_500, `took ${Date.now() - started} ms`);
    } finally {
      await client.end();
    }
  });

  describe('during introspection', () => {
    let locker: pg.Client;

    beforeEach(async () => {
      // An ACCESS EXCLUSIVE lock (what a migration's ALTER TABLE takes) stalls the catalog reads
      // that print an expression naming the table's columns (items' CHECK: pg_get_expr opens the
      // table to print it): a deterministic "slow database".
      locker = await db.connect();
      await locker.query('BEGIN; LOCK TABLE items IN ACCESS EXCLUSIVE MODE');
    });

    afterEach(async () => {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    });

    it('a blocked catalog read gives "timeout" within the configured timeout', async () => {
      const client = await connectReadOnly({ url: db.url }, { timeoutMs: 800 });
      try {
        const started = Date.now();
        const error = await databaseError(introspect(client, { schemas: ['public'] }));
        const elapsed = Date.now() - started;
        assert.equal(error.kind, 'timeout');
        assert.ok(elapsed >= 700 && elapsed < 2_500, `took ${elapsed} ms`);
        assert.match(error.message, /^reading the catalogs of .*: timed out/);
        assert.equal(client.getTransactionStatus(), 'I', 'the read-only transaction is rolled back');
      } finally {
        await client.end();
      }
    });

    it('a backend terminated mid-introspection gives "lost" at once', async () => {
      const client = await connectReadOnly({ url: db.url }, { timeoutMs: 30_000 });
      try {
        const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        const started = Date.now();
        const reading = databaseError(introspect(client, { schemas: ['public'] }));
        await waitFor(
          async () => (await locker.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [pid])).rowCount === 1,
          'the introspection to wait on the lock',
        );
        await locker.query('SELECT pg_terminate_backend($1)', [pid]);
        const error = await reading;
        assert.equal(error.kind, 'lost');
        assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms of the 30 s timeout`);
        assert.ok(!error.message.includes(new URL(db.url).password));
      } finally {
        await client.end().catch(() => {});
      }
    });
  });
});

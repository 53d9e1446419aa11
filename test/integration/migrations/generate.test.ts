import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { introspect } from '../../../src/core/dialect/postgres/catalog';
import { migrationFromFindings, planMigrationFile } from '../../../src/core/migrations/generate';
import { runMigrations } from '../../../src/core/migrations/runner';
import { createTestDatabase } from '../support/postgres';

describe('migrations/generated type-change migration (real PostgreSQL)', function () {
  this.timeout(120_000);
  it('the real column-type rule + generator + runner keep every value (intended model built by hand)', async () => {
    const local = await createTestDatabase('generate');
    const dir = mkdtempSync(join(tmpdir(), 'sl-generate-'));
    try {
      await local.exec(`CREATE TABLE "item" ("id" SERIAL NOT NULL, "qty" character varying(10) NOT NULL, CONSTRAINT "PK_item" PRIMARY KEY ("id"));
        INSERT INTO "item" ("qty") VALUES ('3'), ('40'), ('0');`);
      const client = await local.connect();
      let actual;
      try {
        actual = (await introspect(client, { schemas: ['public'] })).model;
      } finally {
        await client.end();
      }
      const item = actual.tables.find((table) => table.name === 'item')!;
      const intendedTable = { ...item, columns: item.columns.map((column) => (column.name === 'qty' ? { ...column, type: 'integer' } : column)) };
      const findings = analyze({ intended: { model: { tables: [intendedTable], enums: [], views: [] }, suppressions: [] }, actual, actualSource: 'database' });
      const collected = migrationFromFindings(findings);
      assert.ok(collected.up.some((sql) => /TYPE integer USING/i.test(sql)), `${findings.map((f) => f.code).join(' ')}\n${collected.up.join('\n')}`);
      assert.ok([...collected.up, ...collected.down].every((sql) => !/DROP COLUMN/i.test(sql)));
      const config = {
        name: 'default', root: dir, entityGlobs: [], migrationGlobs: ['src/migrations/*.ts'], migrationsTableName: 'migrations',
        migrationsTransactionMode: 'all' as const, naming: 'default' as const, schema: 'public', connection: { url: local.url },
      };
      const planned = await planMigrationFile(config, 'qty to integer', collected, 1700000000001);
      mkdirSync(dirname(planned.file), { recursive: true });
      writeFileSync(planned.file, planned.text);
      assert.deepEqual((await runMigrations({ dataSource: config })).executed, ['QtyToInteger1700000000001']);
      assert.deepEqual(await local.rows(`SELECT "qty", pg_typeof("qty")::text AS type FROM "item" ORDER BY "id"`), [
        { qty: 3, type: 'integer' },
        { qty: 40, type: 'integer' },
        { qty: 0, type: 'integer' },
      ]);
    } finally {
      await local.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discoverDataSources } from '../../../src/core/config';
import { generateFromDifferences } from '../../../src/core/generate';
import { runMigrations } from '../../../src/core/migrations/runner';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe('migrations/generate NAME through runCheck (real PostgreSQL, entity files)', function () {
  this.timeout(120_000);
  let root: string;
  let db: TestDatabase;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'sl-generate-'));
    db = await createTestDatabase('generate');
  });
  after(async () => {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a type change becomes ALTER COLUMN ... TYPE ... USING, and running it keeps every value', async () => {
    mkdirSync(join(root, 'src/migrations'), { recursive: true });
    writeFileSync(
      join(root, 'src/product.entity.ts'),
      `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Product {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('integer')
  price!: number;
}
`,
    );
    await db.exec(`CREATE TABLE "product" ("id" SERIAL NOT NULL, "price" character varying NOT NULL, CONSTRAINT "PK_product" PRIMARY KEY ("id"));
      INSERT INTO "product" ("price") VALUES ('12'), ('7'), ('1999');`);
    const overrides = { db: db.url, entities: ['src/*.entity.ts'], migrations: ['src/migrations/*.ts'] };
    const generated = await generateFromDifferences({ root, overrides, name: 'price to integer', timestamp: 1700000000000 });
    assert.ok(generated.migration, `no migration; findings: ${generated.findings.map((f) => `${f.code} ${f.message}`).join('\n')}`);
    const { migration } = generated;
    assert.equal(migration.file, join(root, 'src/migrations/1700000000000-PriceToInteger.ts'));
    assert.ok(migration.collected.up.some((sql) => /ALTER COLUMN "price" TYPE integer USING/i.test(sql)), migration.collected.up.join('\n'));
    assert.ok(migration.collected.up.every((sql) => !/DROP COLUMN/i.test(sql)), migration.collected.up.join('\n'));

    mkdirSync(dirname(migration.file), { recursive: true });
    writeFileSync(migration.file, migration.text);
    const { dataSources } = await discoverDataSources(root, overrides);
    const result = await runMigrations({ dataSource: dataSources[0]! });
    assert.deepEqual(result.executed, ['PriceToInteger1700000000000']);
    assert.deepEqual(await db.rows(`SELECT "price", pg_typeof("price")::text AS type FROM "product" ORDER BY "id"`), [
      { price: 12, type: 'integer' },
      { price: 7, type: 'integer' },
      { price: 1999, type: 'integer' },
    ]);
    // Nothing left to generate: the database now matches the entity.
    const again = await generateFromDifferences({ root, overrides, name: 'nothing' });
    assert.equal(again.migration, undefined, again.migration?.collected.up.join('\n'));
  });

});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../../src/core/check';
import { discoverDataSources } from '../../../src/core/config';
import { generateFromDifferences } from '../../../src/core/generate';
import { runMigrations } from '../../../src/core/migrations/runner';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe('migrations/generate with a confirmed rename (real PostgreSQL, entity files)', function () {
  this.timeout(120_000);
  let root: string;
  let db: TestDatabase;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'sl-generate-rename-'));
    db = await createTestDatabase('generate_rename');
  });
  after(async () => {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('renames the column in place: the data is kept under the new name, and down restores the old name', async () => {
    mkdirSync(join(root, 'src/migrations'), { recursive: true });
    writeFileSync(join(root, 'src/users.entity.ts'), `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  fullname!: string;
}
`);
    await db.exec(`CREATE TABLE "users" ("id" SERIAL NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_users" PRIMARY KEY ("id"));
      INSERT INTO "users" ("name") VALUES ('Ada'), ('Grace');`);
    const overrides = { db: db.url, entities: ['src/*.entity.ts'], migrations: ['src/migrations/*.ts'] };

    const unconfirmed = await generateFromDifferences({ root, overrides, name: 'no rename', timestamp: 1700000000000 });
    assert.deepEqual(unconfirmed.renameCandidates, [{ schema: 'public', table: 'users', from: 'name', to: 'fullname' }]);
    assert.ok(unconfirmed.migration?.collected.up.some((sql) => /ADD COLUMN "fullname"/.test(sql)), unconfirmed.migration?.collected.up.join('\n'));

    const generated = await generateFromDifferences({ root, overrides, name: 'rename name', timestamp: 1700000000001, renames: [{ table: 'users', from: 'name', to: 'fullname' }] });
    const { migration } = generated;
    assert.ok(migration);
    assert.deepEqual(migration.collected.up, ['ALTER TABLE "public"."users" RENAME COLUMN "name" TO "fullname"']);
    writeFileSync(migration.file, migration.text);
    const { dataSources } = await discoverDataSources(root, overrides);
    await runMigrations({ dataSource: dataSources[0]! });

    const client = await db.connect();
    try {
      assert.deepEqual((await client.query(`SELECT "fullname" FROM "users" ORDER BY "id"`)).rows, [{ fullname: 'Ada' }, { fullname: 'Grace' }]);
      const check = await runCheck({ root, overrides, shadow: 'never' });
      const drift = check.findings.filter((finding) => finding.table === 'users' && (finding.column === 'fullname' || finding.column === 'name'));
      assert.deepEqual(drift.map((finding) => `${finding.code} ${finding.message}`), []);

      for (const sql of migration.collected.down) await client.query(sql);
      assert.deepEqual((await client.query(`SELECT "name" FROM "users" ORDER BY "id"`)).rows, [{ name: 'Ada' }, { name: 'Grace' }]);
    } finally {
      await client.end();
    }
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { captureMigrationSql } from '../../../src/core/migrations/capture';
import { markMigration } from '../../../src/core/migrations/mark';
import {
  MigrationRunError,
  revertMigrations,
  runMigrations,
} from '../../../src/core/migrations/runner';
import { readMigrationStatus } from '../../../src/core/migrations/status';
import { createTestProject, type MigrationSpec, nameOf, type TestProject } from './project';

const users: MigrationSpec = {
  name: 'CreateUsers',
  timestamp: 1700000000000,
  up: ['CREATE TABLE "user" ("id" SERIAL PRIMARY KEY, "name" text NOT NULL)', `INSERT INTO "user" ("name") VALUES ('ada'), ('grace')`],
  down: ['DROP TABLE "user"'],
};
const posts: MigrationSpec = {
  name: 'CreatePosts',
  timestamp: 1700000001000,
  up: ['CREATE TABLE "post" ("id" SERIAL PRIMARY KEY, "title" text)'],
  down: ['DROP TABLE "post"'],
};
/** Fails at its second statement, after the first one created a table. */
const broken: MigrationSpec = {
  name: 'Broken',
  timestamp: 1700000002000,
  up: ['CREATE TABLE "half" ("id" int)', 'ALTER TABLE "no_such_table" ADD "x" int'],
  down: ['DROP TABLE "half"'],
};

async function tableExists(project: TestProject, table: string): Promise<boolean> {
  const [row] = await project.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  return row!.present;
}

describe('migrations/runner (real PostgreSQL, real TypeORM)', function () {
  this.timeout(120_000);
  let project: TestProject;
  beforeEach(async () => {
    project = await createTestProject('runner');
  });
  afterEach(async () => {
    await project.dispose();
  });

  for (const mode of ['all', 'each', 'none'] as const) {
    it(`migrate and revert in transaction mode ${mode}, a failure halfway leaves the promised state`, async () => {
      project.write(users);
      project.write(posts);
      project.write(broken);
      const config = project.config({ migrationsTransactionMode: mode });
      const events: string[] = [];
      const error = await runMigrations({ dataSource: config, onProgress: (e) => events.push(`${e.kind}:${'migration' in e ? e.migration : ''}`) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof MigrationRunError, String(error));
      assert.equal(error.migration, nameOf(broken));
      assert.equal(error.statement, 'ALTER TABLE "no_such_table" ADD "x" int');
      assert.match(error.message, /Broken1700000002000.*failed in up\(\).*no_such_table/s);
      const executed = await project.executedNames();
      if (mode === 'all') {
        assert.deepEqual(executed, []);
        assert.equal(await tableExists(project, 'user'), false);
        assert.equal(await tableExists(project, 'half'), false);
        assert.match(error.outcome!, /no migration of this run was applied/);
      } else {
        assert.deepEqual(executed, [nameOf(users), nameOf(posts)]);
        assert.equal(await tableExists(project, 'post'), true);
        // `each` rolls the broken one back; `none` leaves its first statement behind, as promised.
        assert.equal(await tableExists(project, 'half'), mode === 'none');
        assert.match(error.outcome!, mode === 'each' ? /rolled back and is still pending/ : /statements before the failing one remain/);
      }
      assert.ok(events.includes(`start:${nameOf(broken)}`));

      // Fix the broken migration; run up to posts only, then everything.
      project.write({ ...broken, up: ['CREATE TABLE IF NOT EXISTS "half" ("id" int)'] });
      const first = await runMigrations({ dataSource: config, to: nameOf(posts) });
      assert.deepEqual(first.executed, mode === 'all' ? [nameOf(users), nameOf(posts)] : []);
      const second = await runMigrations({ dataSource: config });
      assert.deepEqual(second.executed, [nameOf(broken)]);
      assert.deepEqual(await project.executedNames(), [nameOf(users), nameOf(posts), nameOf(broken)]);
      assert.equal(second.typeormVersion, '1.1.1');

      // Revert last, then down to users (several, newest first).
      assert.deepEqual((await revertMigrations({ dataSource: config })).reverted, [nameOf(broken)]);
      assert.deepEqual((await revertMigrations({ dataSource: config, to: nameOf(users) })).reverted, [nameOf(posts), nameOf(users)]);
      assert.deepEqual(await project.executedNames(), []);
      assert.equal(await tableExists(project, 'user'), false);
    });
  }

  it('a failing down() in a transaction leaves the migration applied and its table in place', async () => {
    project.write(users);
    const config = project.config({ migrationsTransactionMode: 'each' });
    await runMigrations({ dataSource: config });
    project.write({ ...users, down: ['DROP TABLE "user"', 'DROP TABLE "nope"'] });
    await assert.rejects(revertMigrations({ dataSource: config }), (e: unknown) => e instanceof MigrationRunError && /rolled back and is still applied/.test(e.message));
    assert.deepEqual(await project.executedNames(), [nameOf(users)]);
    assert.equal(await tableExists(project, 'user'), true);
  });

  it('honours transaction = false per migration in mode each, and TypeORM refuses it in mode all', async () => {
    const concurrently: MigrationSpec = { name: 'IndexConcurrently', timestamp: 1700000003000, up: ['CREATE INDEX CONCURRENTLY "idx_user_name" ON "user" ("name")'], down: ['DROP INDEX "idx_user_name"'], transaction: false };
    project.write(users);
    project.write(concurrently);
    await assert.rejects(runMigrations({ dataSource: project.config({ migrationsTransactionMode: 'all' }) }), /transaction/i);
    assert.deepEqual(await project.executedNames(), []);
    const result = await runMigrations({ dataSource: project.config({ migrationsTransactionMode: 'each' }) });
    assert.deepEqual(result.executed, [nameOf(users), nameOf(concurrently)]);
  });

  it('cancels between migrations', async () => {
    project.write(users);
    project.write(posts);
    const config = project.config({ migrationsTransactionMode: 'each' });
    let started = 0;
    await assert.rejects(
      runMigrations({ dataSource: config, onProgress: (e) => void (e.kind === 'start' && started++), isCancelled: () => started >= 1 }),
      /cancelled before CreatePosts1700000001000/,
    );
    assert.deepEqual(await project.executedNames(), [nameOf(users)]);
  });

  it('marks migrations applied / not applied, and shows captured SQL without changing anything', async () => {
    project.write(users);
    const config = project.config();
    await markMigration({ dataSource: config, name: nameOf(users), applied: true });
    assert.deepEqual(await project.executedNames(), [nameOf(users)]);
    assert.equal(await tableExists(project, 'user'), false);
    await markMigration({ dataSource: config, name: nameOf(users), applied: false });
    assert.deepEqual(await project.executedNames(), []);

    writeFileSync(project.fileOf(posts), `import { MigrationInterface, QueryRunner, Table } from 'typeorm';
export class CreatePosts1700000001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner) {
    await queryRunner.createTable(new Table({ name: 'post', columns: [{ name: 'id', type: 'int', isPrimary: true }] }));
  }
  async down(queryRunner: QueryRunner) {
    await queryRunner.dropTable('post');
  }
}
`);
    const captured = await captureMigrationSql({ dataSource: config, name: nameOf(posts), direction: 'up' });
    assert.equal(captured.error, undefined);
    assert.ok(captured.statements.some((sql) => /CREATE TABLE "post"/.test(sql)), captured.statements.join('\n'));
    assert.equal(await tableExists(project, 'post'), false);
    const status = await readMigrationStatus(config);
    assert.equal(status.migrations.find((m) => m.name === nameOf(posts))?.migration?.upSql, undefined);
  });

  it("uses the project's installed typeorm (0.3) when it has one, in every transaction mode", async () => {
    mkdirSync(join(project.root, 'node_modules'));
    symlinkSync(resolve(__dirname, '../../../node_modules/typeorm03'), join(project.root, 'node_modules/typeorm'), 'dir');
    project.write(users);
    project.write(broken);
    for (const mode of ['all', 'each'] as const) {
      await assert.rejects(runMigrations({ dataSource: project.config({ migrationsTransactionMode: mode }) }), (e: unknown) => e instanceof MigrationRunError && e.migration === nameOf(broken));
      assert.deepEqual(await project.executedNames(), mode === 'all' ? [] : [nameOf(users)]);
    }
    project.write({ ...broken, up: ['CREATE TABLE "half" ("id" int)'] });
    const result = await runMigrations({ dataSource: project.config({ migrationsTransactionMode: 'each' }) });
    assert.equal(result.typeormVersion, '0.3.31');
    assert.deepEqual(result.executed, [nameOf(broken)]);
    assert.deepEqual((await revertMigrations({ dataSource: project.config(), to: nameOf(users) })).reverted, [nameOf(broken), nameOf(users)]);
    assert.deepEqual(await project.executedNames(), []);
  });
});

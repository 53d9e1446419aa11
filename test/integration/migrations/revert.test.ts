import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listBackups, restoreBackup, RestoreError } from '../../../src/core/migrations/backup';
import { describeRevertPlan, planRevert, type RevertPlan, safeRevert } from '../../../src/core/migrations/revert';
import { runMigrations } from '../../../src/core/migrations/runner';
import { createTestProject, type MigrationSpec, nameOf, type TestProject } from './project';

const users: MigrationSpec = {
  name: 'CreateUsers',
  timestamp: 1700000000000,
  up: [
    'CREATE TABLE "user" ("id" SERIAL PRIMARY KEY, "name" text NOT NULL, "joined" timestamp with time zone NOT NULL DEFAULT now(), "score" numeric(10,2))',
    `INSERT INTO "user" ("name", "score") VALUES ('ada', 1.5), ('grace', NULL), ('linus', 3.25)`,
  ],
  down: ['DROP TABLE "user"'],
};
const email: MigrationSpec = {
  name: 'AddEmail',
  timestamp: 1700000001000,
  up: ['ALTER TABLE "user" ADD "email" character varying', `UPDATE "user" SET "email" = "name" || '@example.com' WHERE "name" <> 'grace'`],
  down: ['ALTER TABLE "user" DROP COLUMN "email"'],
};

describe('migrations/safe revert, backup and restore (real PostgreSQL)', function () {
  this.timeout(120_000);
  let project: TestProject;
  beforeEach(async () => {
    project = await createTestProject('revert');
  });
  afterEach(async () => {
    await project.dispose();
  });

  const dataChecksum = async (): Promise<string> => {
    const [row] = await project.query<{ sum: string }>(`SELECT md5(string_agg(t::text, '|' ORDER BY id)) AS sum FROM "user" t`);
    return row!.sum;
  };

  it('reverting a column drop: right risk data, a backup, and a restore that brings every row back', async () => {
    project.write(users);
    project.write(email);
    const config = project.config();
    await runMigrations({ dataSource: config });
    const before = await dataChecksum();
    const folder = join(project.root, '.schema-lens/backups');

    let confirmed: RevertPlan | undefined;
    const outcome = await safeRevert({
      dataSource: config,
      backupsFolder: folder,
      confirm: async (plan) => {
        confirmed = plan;
        return true;
      },
    });
    assert.ok(confirmed);
    assert.deepEqual(confirmed.migrations.map((m) => [m.name, m.sqlSource]), [[nameOf(email), 'static']]);
    assert.deepEqual(
      confirmed.risks.map((r) => ({ kind: r.kind, table: r.table?.name, column: r.column, rows: r.rowsAtStake })),
      [{ kind: 'drop-column', table: 'user', column: 'email', rows: 2 }],
    );
    assert.equal(confirmed.unsure, false);
    assert.deepEqual(confirmed.backupTables, [{ schema: 'public', name: 'user' }]);
    assert.match(describeRevertPlan(confirmed), /drops column user\.email .*\(2 rows at stake\)/);

    assert.deepEqual(outcome.result?.reverted, [nameOf(email)]);
    assert.ok(outcome.backup && existsSync(outcome.backup.file));
    assert.deepEqual(outcome.backup.manifest.tables.map((t) => [t.name, t.rows]), [['user', 3]]);
    assert.deepEqual(outcome.backup.manifest.migrations, [nameOf(users), nameOf(email)]);
    assert.equal(listBackups(folder)[0]?.file, outcome.backup.file);
    assert.deepEqual(await project.executedNames(), [nameOf(users)]);

    // The column is gone: restore refuses, says what to do, and changes nothing.
    await assert.rejects(restoreBackup({ dataSource: config, file: outcome.backup.file }), (e: unknown) => e instanceof RestoreError && /no column email.*migrate/.test(e.message));

    // Migrate again (the column comes back, empty), then restore: every value is back.
    await runMigrations({ dataSource: config, to: nameOf(email) });
    await project.query(`UPDATE "user" SET "email" = NULL`);
    assert.notEqual(await dataChecksum(), before);
    const restored = await restoreBackup({ dataSource: config, file: outcome.backup.file });
    assert.deepEqual(restored.tables.map((t) => [t.name, t.rows, t.expectedRows, t.ok]), [['user', 3, 3, true]]);
    assert.equal(restored.tables[0]!.checksum, restored.tables[0]!.expectedChecksum);
    assert.equal(await dataChecksum(), before);
    // The id sequence was moved past the restored ids.
    await project.query(`INSERT INTO "user" ("name") VALUES ('new')`);
    const [{ id }] = (await project.query<{ id: number }>(`SELECT max(id) AS id FROM "user"`)) as [{ id: number }];
    assert.equal(id, 4);
  });

  it('declining the confirmation reverts nothing and takes no backup', async () => {
    project.write(users);
    const config = project.config();
    await runMigrations({ dataSource: config });
    const outcome = await safeRevert({ dataSource: config, backupsFolder: join(project.root, 'b'), confirm: async () => false });
    assert.equal(outcome.result, undefined);
    assert.equal(outcome.backup, undefined);
    assert.deepEqual(outcome.plan.risks.map((r) => [r.kind, r.rowsAtStake]), [['drop-table', 3]]);
    assert.deepEqual(await project.executedNames(), [nameOf(users)]);
  });

  it('an unreadable down() makes the plan unsure: the whole schema is backed up', async () => {
    project.write(users);
    project.write({ ...email, down: ['DO $$ BEGIN EXECUTE \'ALTER TABLE "user" DROP COLUMN "email"\'; END $$'] });
    const config = project.config();
    await runMigrations({ dataSource: config });
    const plan = await planRevert({ dataSource: config, to: nameOf(users) });
    assert.deepEqual(plan.migrations.map((m) => m.name), [nameOf(email), nameOf(users)]);
    assert.equal(plan.unsure, true);
    assert.equal(plan.backupTables, undefined);
    const outcome = await safeRevert({ dataSource: config, to: nameOf(users), backupsFolder: join(project.root, 'b'), confirm: async () => true });
    assert.deepEqual(outcome.backup?.manifest.tables.map((t) => t.name), ['user']);
    assert.deepEqual(outcome.result?.reverted, [nameOf(email), nameOf(users)]);
  });

  it('weighs type changes against the data: widening is safe, shortening counts the values too long, others count every value', async () => {
    project.write(users);
    project.write({
      name: 'Types',
      timestamp: 1700000002000,
      up: ['ALTER TABLE "user" ALTER COLUMN "name" TYPE character varying(100)', 'ALTER TABLE "user" ALTER COLUMN "id" TYPE bigint', 'ALTER TABLE "user" ADD "nick" character varying(10)'],
      down: [
        'ALTER TABLE "user" ALTER COLUMN "nick" TYPE text',
        'ALTER TABLE "user" DROP COLUMN "nick"',
        'ALTER TABLE "user" ALTER COLUMN "id" TYPE integer',
        'ALTER TABLE "user" ALTER COLUMN "name" TYPE character varying(4) USING "name"::character varying(4)',
        'ALTER TABLE "user" ALTER COLUMN "score" TYPE numeric(20,4)',
      ],
    });
    const config = project.config();
    await runMigrations({ dataSource: config });
    const plan = await planRevert({ dataSource: config });
    assert.deepEqual(
      plan.risks.map((r) => [r.column, r.fromType, r.rowsAtStake]),
      [
        ['nick', 'character varying(10)', 0],
        ['nick', undefined, 0],
        ['id', 'bigint', 3],
        ['name', 'character varying(100)', 2],
        ['score', 'numeric(10,2)', 2],
      ],
    );
    assert.match(plan.risks[0]!.detail, /widens user\.nick .*no value is lost/);
    assert.match(plan.risks[3]!.detail, /shortens user\.name/);
    assert.equal(plan.needsBackup, true);
  });
});

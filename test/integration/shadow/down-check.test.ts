// SL624, "down() does not undo up()": the shop's migrations (TypeORM's own migration:generate
// output) plus one hand-written migration each, replayed with the down check into a real
// PostgreSQL through TypeORM's runner: up, down, compare with the schema before, up again.
import assert from 'node:assert/strict';
import { loadMigrations } from '../../../src/core/migrations/load';
import { readMigrationSources } from '../../../src/core/shadow/cache';
import { neededExtensions } from '../../../src/core/shadow/extensions';
import { downFindings } from '../../../src/core/shadow/findings';
import { ShadowDatabase } from '../../../src/core/shadow';
import { replayMigrations, type ReplayOutcome } from '../../../src/core/shadow/replay';
import { createTestDatabase } from '../support/postgres';
import { copyProject, migrationWithDown, replayConnection, type TempProject } from './support/project';

const migration = migrationWithDown;

describe('shadow: down() undoes up() (SL624)', function () {
  this.timeout(180_000);
  const projects: TempProject[] = [];
  after(() => projects.forEach((project) => project.dispose()));

  /** The shop plus the given migration files, replayed with the down check on a fresh database. */
  async function replayWith(added: Record<string, string>): Promise<{ outcome: ReplayOutcome; project: TempProject }> {
    const project = copyProject('shop');
    projects.push(project);
    for (const [name, text] of Object.entries(added)) project.write(`src/migrations/${name}`, text);
    const files = await project.migrationFiles();
    const { migrations, problems } = await loadMigrations(files, { root: project.root });
    assert.deepEqual(problems, []);
    const db = await createTestDatabase('down-check');
    try {
      const createExtensions = neededExtensions(readMigrationSources(files).map((source) => source.text)).implied;
      const outcome = await replayMigrations(replayConnection(db.url), migrations, { dataSource: await project.dataSource(), createExtensions, checkDown: true });
      return { outcome, project };
    } finally {
      await db.drop();
    }
  }

  /** The differences found for the one migration named, after the shop's own found none. */
  function differencesOf(outcome: ReplayOutcome, name: string): string[] {
    assert.equal(outcome.failure, undefined, outcome.failure?.error);
    const checks = outcome.downChecks ?? [];
    const shop = new Set(['InitialSchema1710000000000', 'CustomerPhoneProductDescription1710000100000']);
    for (const check of checks) if (shop.has(check.migration.name)) assert.deepEqual([check.differences, check.error], [[], undefined], check.migration.name);
    const check = checks.find((candidate) => candidate.migration.name === name);
    assert.ok(check, `${name} was checked`);
    assert.equal(check.error, undefined);
    return check.differences;
  }

  it("finds nothing in TypeORM's generated migrations, and the replay's schema is the same as without the check", async () => {
    const { outcome, project } = await replayWith({});
    assert.deepEqual(outcome.downChecks?.map((check) => [check.migration.name, check.differences, check.error]), [
      ['InitialSchema1710000000000', [], undefined],
      ['CustomerPhoneProductDescription1710000100000', [], undefined],
    ]);
    const files = await project.migrationFiles();
    const { migrations } = await loadMigrations(files, { root: project.root });
    const db = await createTestDatabase('down-check-plain');
    try {
      const createExtensions = neededExtensions(readMigrationSources(files).map((source) => source.text)).implied;
      const plain = await replayMigrations(replayConnection(db.url), migrations, { dataSource: await project.dataSource(), createExtensions });
      assert.deepEqual(outcome.model, plain.model);
      assert.deepEqual(outcome.executed, plain.executed);
    } finally {
      await db.drop();
    }
  });

  it('is not fooled by column order, re-derived constraint names, sequence positions or the migrations table', async () => {
    const { outcome } = await replayWith({
      // down() adds the column back at the end (a new attnum) with the same type, default and nullability.
      '1710000200000-DropPhone.ts': migration('DropPhone1710000200000', ['ALTER TABLE "customers" DROP COLUMN "phone"'], ['ALTER TABLE "customers" ADD "phone" character varying(30)']),
      // down() recreates the foreign key under the name TypeORM derives for it: a new object (new OID).
      '1710000300000-DropLineProduct.ts': migration(
        'DropLineProduct1710000300000',
        ['ALTER TABLE "order_lines" DROP CONSTRAINT "FK_9460dcd3abb5dda0ddbd372d161"'],
        ['ALTER TABLE "order_lines" ADD CONSTRAINT "FK_9460dcd3abb5dda0ddbd372d161" FOREIGN KEY ("productId") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION'],
      ),
      // up() moves the products' sequence on; down() deletes the rows, the sequence stays where it is.
      '1710000400000-SeedProducts.ts': migration('SeedProducts1710000400000', [`INSERT INTO "products" ("sku", "name", "price") VALUES ('a', 'a', 1), ('b', 'b', 2)`], [`DELETE FROM "products"`]),
    });
    assert.deepEqual(differencesOf(outcome, 'DropPhone1710000200000'), []);
    assert.deepEqual(differencesOf(outcome, 'DropLineProduct1710000300000'), []);
    assert.deepEqual(differencesOf(outcome, 'SeedProducts1710000400000'), []);
  });

  it('names an index down() leaves behind, and the replay goes on past it', async () => {
    const { outcome } = await replayWith({
      '1710000200000-PhoneIndex.ts': migration('PhoneIndex1710000200000', ['CREATE INDEX "IDX_customers_phone" ON "customers" ("phone")'], []),
      '1710000300000-Later.ts': migration('Later1710000300000', ['ALTER TABLE "products" ADD "barcode" text'], ['ALTER TABLE "products" DROP COLUMN "barcode"']),
    });
    assert.deepEqual(differencesOf(outcome, 'PhoneIndex1710000200000'), ['down() leaves index IDX_customers_phone ("phone") on table "customers"']);
    // up() ran again after the check (in a rolled-back transaction), so the index is there once and the next migration ran.
    assert.deepEqual(differencesOf(outcome, 'Later1710000300000'), []);
    const customers = outcome.model.tables.find((table) => table.name === 'customers');
    assert.equal(customers?.indexes.filter((index) => index.name === 'IDX_customers_phone').length, 1);
    assert.ok(outcome.executed.includes('Later1710000300000'));
  });

  it('names a column type, a constraint, a table and an enum value down() does not restore', async () => {
    const { outcome } = await replayWith({
      '1710000200000-PhoneText.ts': migration('PhoneText1710000200000', ['ALTER TABLE "customers" ALTER COLUMN "phone" TYPE text'], []),
      '1710000300000-PriceCheck.ts': migration('PriceCheck1710000300000', ['ALTER TABLE "products" ADD CONSTRAINT "CHK_price" CHECK ("price" >= 0)'], []),
      '1710000400000-DropJoin.ts': migration('DropJoin1710000400000', ['DROP TABLE "products_categories_categories"'], []),
      '1710000500000-StatusArchived.ts': migration('StatusArchived1710000500000', [`ALTER TYPE "public"."orders_status_enum" ADD VALUE 'archived'`], []),
    });
    assert.deepEqual(differencesOf(outcome, 'PhoneText1710000200000'), ['down() does not restore the type of column "customers"."phone": character varying(30) before up(), text after down()']);
    assert.deepEqual(differencesOf(outcome, 'PriceCheck1710000300000'), ['down() leaves check constraint CHK_price (price >= (0)::numeric) on table "products"']);
    assert.deepEqual(differencesOf(outcome, 'DropJoin1710000400000'), ['down() does not restore table "products_categories_categories": it existed before up() and is gone after down()']);
    assert.deepEqual(differencesOf(outcome, 'StatusArchived1710000500000'), [`down() leaves value 'archived' of enum type "orders_status_enum"`]);
  });

  it('reports a down() that throws, with its error, as one finding on the down() method', async () => {
    const { outcome } = await replayWith({
      '1710000200000-Broken.ts': migration('Broken1710000200000', ['ALTER TABLE "products" ADD "barcode" text'], ['ALTER TABLE "products" DROP COLUMN "no_such_column"']),
    });
    const check = outcome.downChecks?.find((candidate) => candidate.migration.name === 'Broken1710000200000');
    assert.ok(check?.error?.includes('column "no_such_column" of relation "products" does not exist'), check?.error);
    assert.ok(check && outcome.executed.includes('Broken1710000200000'));
    const findings = downFindings(check, 'public');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.code, 'SL624');
    assert.match(findings[0]!.message, /down\(\) throws/);
    assert.equal(findings[0]!.span?.start.line, 9, 'on the line of down(');
  });

  it('checks a transaction = false migration outside a transaction, and its down() as TypeORM reverts it', async () => {
    const { outcome } = await replayWith({
      // TypeORM's migration:revert runs down() in a transaction unless the mode is 'none' (this project's is 'all').
      '1710000200000-ConcurrentIndex.ts': migration('ConcurrentIndex1710000200000', ['CREATE INDEX CONCURRENTLY "IDX_products_name" ON "products" ("name")'], ['DROP INDEX CONCURRENTLY "IDX_products_name"'], { transaction: false }),
      '1710000300000-Later.ts': migration('Later1710000300000', ['ALTER TABLE "products" ADD "barcode" text'], ['ALTER TABLE "products" DROP COLUMN "barcode"']),
    });
    assert.equal(outcome.failure, undefined, outcome.failure?.error);
    const check = outcome.downChecks?.find((candidate) => candidate.migration.name === 'ConcurrentIndex1710000200000');
    assert.match(check?.error ?? '', /DROP INDEX CONCURRENTLY cannot run inside a transaction block/);
    assert.ok(outcome.executed.includes('Later1710000300000'));
  });

  it('checks a migration that commits and starts transactions itself for real, and the replay goes on past it', async () => {
    // As alkemio does: a new enum value cannot be used in the transaction that added it.
    const commits = `import { MigrationInterface, QueryRunner } from "typeorm";

export class StatusArchived1710000200000 implements MigrationInterface {
    name = 'StatusArchived1710000200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(\`ALTER TYPE "public"."orders_status_enum" ADD VALUE 'archived'\`);
        await queryRunner.commitTransaction();
        await queryRunner.startTransaction();
        await queryRunner.query(\`UPDATE "orders" SET "status" = 'archived' WHERE "total" < 0\`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
    }
}
`;
    const { outcome } = await replayWith({
      '1710000200000-StatusArchived.ts': commits,
      '1710000300000-Later.ts': migration('Later1710000300000', ['ALTER TABLE "products" ADD "barcode" text'], ['ALTER TABLE "products" DROP COLUMN "barcode"']),
    });
    assert.deepEqual(differencesOf(outcome, 'StatusArchived1710000200000'), [`down() leaves value 'archived' of enum type "orders_status_enum"`]);
    // Checked for real: up() cannot add the value down() left, so the migration is recorded as run and the replay goes on.
    const check = outcome.downChecks?.find((candidate) => candidate.migration.name === 'StatusArchived1710000200000');
    assert.match(check?.upAgain ?? '', /enum label "archived" already exists/);
    assert.ok(outcome.model.enums.find((type) => type.name === 'orders_status_enum')?.values.includes('archived'));
    assert.deepEqual(differencesOf(outcome, 'Later1710000300000'), []);
    assert.ok(outcome.executed.includes('Later1710000300000'));
  });

  it('stops at a migration whose up() fails, without a down check for it', async () => {
    const { outcome } = await replayWith({
      '1710000200000-Fails.ts': migration('Fails1710000200000', ['ALTER TABLE "nowhere" ADD "x" text'], []),
    });
    assert.equal(outcome.failure?.migration.name, 'Fails1710000200000');
    assert.deepEqual(outcome.downChecks?.map((check) => check.migration.name), ['InitialSchema1710000000000', 'CustomerPhoneProductDescription1710000100000']);
  });

  it('in the shadow (PGlite): cached with the replay, an appended migration checked alone, the earlier results kept', async () => {
    const project = copyProject('shop');
    projects.push(project);
    const shadow = new ShadowDatabase({ cacheDir: project.cacheDir });
    try {
      const dataSource = await project.dataSource();
      const sl624 = (findings: { code: string; message: string }[]) => findings.filter((finding) => finding.code === 'SL624').map((finding) => finding.message.replace(/, so reverting.*/, ''));
      const plain = await shadow.analyse(dataSource, await project.migrationFiles());
      assert.deepEqual(sl624(plain.findings), []);
      project.write('src/migrations/1710000200000-PhoneIndex.ts', migration('PhoneIndex1710000200000', ['CREATE INDEX "IDX_customers_phone" ON "customers" ("phone")'], []));
      // Asked for now: the replay without it cannot answer, so everything is replayed with the check.
      const first = await shadow.analyse(dataSource, await project.migrationFiles(), { checkDown: true });
      assert.equal(first.replayed, 3);
      assert.deepEqual(sl624(first.findings), ['PhoneIndex1710000200000: down() leaves index IDX_customers_phone ("phone") on table "customers"']);
      const warm = await shadow.analyse(dataSource, await project.migrationFiles(), { checkDown: true });
      assert.equal(warm.fromCache, true);
      assert.deepEqual(sl624(warm.findings), sl624(first.findings));
      assert.deepEqual(sl624((await shadow.analyse(dataSource, await project.migrationFiles())).findings), [], 'not asked for: not given');
      project.write('src/migrations/1710000300000-NoteColumn.ts', migration('NoteColumn1710000300000', ['ALTER TABLE "products" ADD "note" text'], []));
      const appended = await shadow.analyse(dataSource, await project.migrationFiles(), { checkDown: true });
      assert.equal(appended.replayed, 1, 'only the new migration ran');
      assert.deepEqual(sl624(appended.findings), [
        'PhoneIndex1710000200000: down() leaves index IDX_customers_phone ("phone") on table "customers"',
        'NoteColumn1710000300000: down() leaves column "products"."note" text',
      ]);
    } finally {
      await shadow.dispose();
    }
  });
});

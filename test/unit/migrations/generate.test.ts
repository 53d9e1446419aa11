import assert from 'node:assert/strict';
import type { DataSourceConfig } from '../../../src/core/config';
import { avoidDropAndAdd } from '../../../src/core/dialect/postgres/migration-sql/drop-and-add';
import { migrationFromFindings, migrationsFolder } from '../../../src/core/migrations/generate';
import type { Finding } from '../../../src/core/rules/finding';

const finding = (up: string[], down: string[], title = 'fix'): Finding => ({
  code: 'SL103',
  category: 'drift',
  severity: 'error',
  message: 'm',
  schema: 'public',
  table: 't',
  fixes: [{ kind: 'source-edit', title: 'edit', edits: [] }, { kind: 'migration', title, name: 'N', up, down }],
});

describe('migrations/generate', () => {
  it('collects the migration fix of each finding: up in order, down reversed, duplicates once', () => {
    const collected = migrationFromFindings([finding(['A1', 'A2'], ['a']), finding(['B'], ['b1', 'b2']), finding(['A1', 'A2'], ['a']), { ...finding([], []), fixes: [] }]);
    assert.deepEqual(collected.up, ['A1', 'A2', 'B']);
    assert.deepEqual(collected.down, ['b1', 'b2', 'a']);
    assert.equal(collected.titles.length, 2);
    // With each collected fix, its finding's entity edit (once, like the migration fix).
    assert.deepEqual(collected.entityEdits, [{ title: 'edit', edits: [] }, { title: 'edit', edits: [] }]);
  });

  it('creates enum types before the tables that use them and drops them after (a table came first when its finding did)', () => {
    const table = finding(['CREATE TABLE "t" ("m" "mood")'], ['DROP TABLE "t"']);
    const type = { ...finding([`CREATE TYPE "mood" AS ENUM ('a')`], ['DROP TYPE "mood"']), code: 'SL106' };
    const collected = migrationFromFindings([table, type]);
    assert.deepEqual(collected.up, [`CREATE TYPE "mood" AS ENUM ('a')`, 'CREATE TABLE "t" ("m" "mood")']);
    assert.deepEqual(collected.down, ['DROP TABLE "t"', 'DROP TYPE "mood"']);
  });

  it('turns DROP + ADD of the same column into an in-place type change', () => {
    assert.deepEqual(
      avoidDropAndAdd([
        'ALTER TABLE "product" DROP COLUMN "price"',
        'ALTER TABLE "other" ADD "x" int',
        `ALTER TABLE "product" ADD "price" numeric(10,2) NOT NULL DEFAULT '0'`,
      ]),
      [
        'ALTER TABLE "product" ALTER COLUMN "price" DROP DEFAULT',
        'ALTER TABLE "product" ALTER COLUMN "price" TYPE numeric(10,2) USING "price"::numeric(10,2)',
        `ALTER TABLE "product" ALTER COLUMN "price" SET DEFAULT '0'`,
        'ALTER TABLE "product" ALTER COLUMN "price" SET NOT NULL',
        'ALTER TABLE "other" ADD "x" int',
      ],
    );
  });

  it('leaves a drop of one column and an add of another alone, and anything it cannot read fully', () => {
    const statements = ['ALTER TABLE "a" DROP COLUMN "x"', 'ALTER TABLE "a" ADD "y" int', 'ALTER TABLE "b" DROP COLUMN "z"', 'ALTER TABLE "b" ADD "z" int REFERENCES "c"("id")'];
    assert.deepEqual(avoidDropAndAdd(statements), statements);
  });

  it('puts new migrations in the static folder of the first migrations glob', () => {
    const config = (globs: string[]) => ({ root: '/p', migrationGlobs: globs }) as DataSourceConfig;
    assert.equal(migrationsFolder(config(['src/db/migrations/*.ts'])), '/p/src/db/migrations');
    assert.equal(migrationsFolder(config(['**/migrations/*.ts'])), '/p/src/migrations');
  });
});

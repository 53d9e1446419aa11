import assert from 'node:assert/strict';
import type { MigrationFile } from '../../../src/core/migrations/discover';
import { computeMigrationStatus, needsAttention } from '../../../src/core/migrations/status';

const file = (name: string, timestamp: number, upSql: string[] | undefined = [], checksum = 'c'): MigrationFile => ({
  file: `/p/migrations/${timestamp}-${name}.ts`,
  className: `${name}${timestamp}`,
  name: `${name}${timestamp}`,
  timestamp,
  upSql,
  downSql: [],
  statements: [],
  checksum,
  problems: [],
});
const context = { schema: 'public', migrationsTableName: 'migrations' };

describe('migrations/status (pure)', () => {
  it('warns about what a pending migration will destroy, and about DROP + ADD of one column', () => {
    const report = computeMigrationStatus(
      [
        file('TypeChange', 1700000000000, ['ALTER TABLE "product" DROP COLUMN "price"', 'ALTER TABLE "product" ADD "price" integer NOT NULL']),
        file('DropLegacy', 1700000001000, ['DROP TABLE "legacy"', 'ALTER TABLE "user" DROP COLUMN "fax"']),
        file('Dynamic', 1700000002000, undefined),
      ],
      [],
      new Map(),
      context,
    );
    const byCode = (code: string) => report.findings.filter((f) => f.code === code).map((f) => f.message);
    assert.equal(byCode('SL411').length, 1);
    assert.match(byCode('SL411')[0]!, /TypeChange1700000000000 drops column "price" of "product" and adds it again/);
    assert.deepEqual(byCode('SL410').map((m) => /(drops table legacy|drops column user\.fax)/.exec(m)?.[1]), ['drops table legacy', 'drops column user.fax']);
    assert.equal(byCode('SL401').length, 3);
  });

  it('says nothing about the SQL of migrations that already ran', () => {
    const report = computeMigrationStatus([file('DropLegacy', 1700000001000, ['DROP TABLE "legacy"'])], [{ id: 1, name: 'DropLegacy1700000001000', timestamp: 1700000001000 }], new Map(), context);
    assert.deepEqual(report.findings, []);
    assert.equal(report.migrations[0]!.state, 'executed');
    assert.equal(needsAttention(report.migrations[0]!), false);
  });

  it('only calls a migration edited when Schema Lens recorded a different checksum', () => {
    const executed = [{ id: 1, name: 'A1700000000000', timestamp: 1700000000000 }, { id: 2, name: 'B1700000001000', timestamp: 1700000001000 }];
    const report = computeMigrationStatus([file('A', 1700000000000, [], 'now'), file('B', 1700000001000, [], 'now')], executed, new Map([['A1700000000000', 'then']]), context);
    assert.deepEqual(report.migrations.map((m) => [m.name, m.edited]), [['B1700000001000', false], ['A1700000000000', true]]);
    assert.deepEqual(report.findings.map((f) => f.code), ['SL404']);
  });
});

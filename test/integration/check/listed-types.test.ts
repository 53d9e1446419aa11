// A column whose type the entity picks at run time (a driver-aware wrapper, `isMySQL() ? 'bigint' :
// 'numeric'`) is unknown, but known to be one of a few types. On the database TypeORM synchronised
// from the wrappers fixture, `check` must say nothing of it; once the column has a type that is none
// of them, it is drift (SL103), with no fix to offer since which type is meant was not read.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { runCheck } from '../../../src/core/check';
import { oracleFixtures } from '../oracle/support/fixtures';
import { installedCopy } from '../oracle/support/installed';
import { synchronizeFixture } from '../oracle/support/synchronize';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe('a column type picked at run time among a few (real TypeORM, real PostgreSQL)', function () {
  this.timeout(180_000);
  const fixture = oracleFixtures.find((f) => f.name === 'wrappers')!;
  let database: TestDatabase;
  let root: string;

  before(async () => {
    database = await createTestDatabase('listed types');
    root = installedCopy(fixture.root, 'typeorm');
    await synchronizeFixture({ projectDir: fixture.root, dataSourceFile: fixture.dataSourceFile, typeormPackage: 'typeorm', url: database.url });
  });
  after(async () => {
    await database?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const typeFindings = async () => {
    const result = await runCheck({ root, overrides: { db: database.url, entities: fixture.entityGlobs }, shadow: 'never', timeoutMs: 30_000 });
    return result.findings.filter((finding) => finding.code === 'SL103' && finding.table === 'acme_order');
  };

  it('is no drift while the database has one of the types, and drift once it has none', async () => {
    assert.deepEqual(await typeFindings(), [], 'as TypeORM made it: timestamptz and numeric');
    // The other branch of `isMySQL() ? 'bigint' : 'numeric'` is no drift either.
    await database.exec('ALTER TABLE acme_order ALTER COLUMN discount TYPE bigint USING 0');
    assert.deepEqual(await typeFindings(), []);

    await database.exec('ALTER TABLE acme_order ALTER COLUMN "shippedAt" TYPE text, ALTER COLUMN discount TYPE integer USING 0');
    const findings = await typeFindings();
    assert.deepEqual(findings.map((finding) => finding.column).sort(), ['discount', 'shippedAt']);
    const shipped = findings.find((finding) => finding.column === 'shippedAt')!;
    assert.match(shipped.message, /is text in the database, but the entity says one of .*timestamp with time zone/);
    assert.match(shipped.message, /ACME_DB_TYPE/, 'says what picks the type');
    assert.deepEqual(shipped.fixes ?? [], [], 'no migration to a type the reader only guesses');
  });
});

// Several DataSources on one database (twenty's `core` and `metadata`), one of them built by
// functions (ToolJet's ormconfig): TypeORM itself synchronises each DataSource into its schema,
// and `check` must read each entity file with its own DataSource's schema and options — no drift
// on the synchronised database, and a change in one schema found there. An option that cannot be
// read (uuidExtension from a variable set only where the app runs) leaves what depends on it
// unknown: never a claim.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck, type CheckResult } from '../../../src/core/check';
import { synchronizeFixture } from '../oracle/support/synchronize';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const fixture = join(__dirname, '../../fixtures/data-sources');

/** A copy of the fixture with TypeORM 1.x installed (check reproduces the version the project has). */
function installed(): string {
  const root = mkdtempSync(join(tmpdir(), 'sl-data-sources-'));
  cpSync(fixture, root, { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(__dirname, '../../../node_modules/typeorm'), join(root, 'node_modules', 'typeorm'), 'dir');
  return root;
}

function claims(result: CheckResult): string[] {
  return result.findings
    .filter((finding) => finding.category === 'drift' || finding.category === 'integrity' || finding.code === 'SL303')
    .map((finding) => `${finding.code} ${finding.schema}.${finding.table}${finding.column ? `.${finding.column}` : ''}: ${finding.message}`);
}

describe('check with several DataSources (real PostgreSQL, TypeORM synchronize)', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let root: string;

  before(async () => {
    database = await createTestDatabase('data sources');
    root = installed();
    // TypeORM does not create schemas: the project's own setup does.
    await database.exec('CREATE SCHEMA core; CREATE SCHEMA metadata;');
    for (const dataSourceFile of ['src/core.data-source.ts', 'src/metadata.data-source.ts']) {
      await synchronizeFixture({ projectDir: fixture, dataSourceFile, typeormPackage: 'typeorm', url: database.url });
    }
  });
  after(async () => {
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads each DataSource with its schema (one of them built by functions): no drift on the synchronised database', async () => {
    const result = await runCheck({ root, overrides: { db: database.url }, shadow: 'never', timeoutMs: 30_000 });
    assert.equal(result.source, 'database');
    assert.deepEqual(claims(result), []);
    assert.deepEqual(
      result.discovery.map((report) => [report.dataSource, report.method, report.schema, report.files]),
      [
        ['CoreDataSource', 'data-source', 'core', 2],
        ['MetadataDataSource', 'data-source', 'metadata', 2],
      ],
    );
    // Every table of both schemas is mapped: no "exists in the database but no entity maps it".
    assert.deepEqual(result.findings.filter((finding) => finding.code === 'SL110').map((finding) => `${finding.schema}.${finding.table}`), []);
  });

  it('finds a change in the second DataSource\'s schema, there', async () => {
    await database.exec('ALTER TABLE metadata."fieldMetadata" DROP COLUMN label; ALTER TABLE core."user" ALTER COLUMN email DROP NOT NULL;');
    try {
      const result = await runCheck({ root, overrides: { db: database.url }, shadow: 'never', timeoutMs: 30_000 });
      const found = claims(result).map((claim) => claim.split(':')[0]);
      assert.deepEqual(found.sort(), ['SL102 metadata.fieldMetadata.label', 'SL104 core.user.email']);
    } finally {
      await database.exec('ALTER TABLE metadata."fieldMetadata" ADD COLUMN label character varying; ALTER TABLE core."user" ALTER COLUMN email SET NOT NULL;');
    }
  });

  it('the user\'s globs keep each file with its DataSource', async () => {
    const result = await runCheck({ root, overrides: { db: database.url, entities: ['src/**/*.entity.ts'] }, shadow: 'never', timeoutMs: 30_000 });
    assert.deepEqual(claims(result), []);
    assert.deepEqual(result.discovery.map((report) => [report.dataSource, report.method, report.files]), [
      ['CoreDataSource', 'user', 2],
      ['MetadataDataSource', 'user', 2],
    ]);
  });

  it('an uuidExtension that cannot be read: generated uuid defaults are unknown, said once, never claimed', async () => {
    const file = join(root, 'src/metadata.data-source.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace("uuidExtension: 'pgcrypto',", 'uuidExtension: process.env.SL_FIXTURE_UUID_EXTENSION as any,'));
    // The database was built with pgcrypto (gen_random_uuid()); read as TypeORM's default, these
    // would have been SL105 "defaults to uuid_generate_v4()".
    await database.exec('ALTER TABLE metadata."objectMetadata" ALTER COLUMN id SET DEFAULT gen_random_uuid()');
    try {
      const result = await runCheck({ root, overrides: { db: database.url }, shadow: 'never', timeoutMs: 30_000 });
      assert.deepEqual(claims(result), []);
      assert.deepEqual(result.discovery.find((report) => report.dataSource === 'MetadataDataSource')?.unread, ['uuidExtension']);
      const unknown = result.findings.filter((finding) => finding.code === 'SL001' && /uuidExtension/.test(finding.message));
      assert.equal(unknown.length, 1, result.findings.map((finding) => `${finding.code} ${finding.message}`).join('\n'));
      assert.match(unknown[0]!.message, /the `uuidExtension` option of data source 'MetadataDataSource' cannot be read statically/);
      assert.match(result.problems.map((problem) => problem.message).join('\n'), /`uuidExtension` cannot be read statically .*; the defaults of generated uuid columns are unknown/);
    } finally {
      writeFileSync(file, original);
    }
  });
});

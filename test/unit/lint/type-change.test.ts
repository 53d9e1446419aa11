// SL609 knows what a column was from the migrations before it: a widening that PostgreSQL makes
// in the catalog alone (a longer varchar, varchar to text, more numeric precision) is not a
// rewrite; a narrowing, a USING conversion, or a column no earlier migration describes still is.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgres } from '../../../src/core/dialect';
import { readMigrationFiles } from '../../../src/core/migrations/discover';
import { lintMigrations } from '../../../src/core/migrations/lint';
import { scaffoldMigration } from '../../../src/core/migrations/scaffold';

const keeps = postgres.migrationSql.typeChangeKeepsRows;

describe('type changes that keep every row (PostgreSQL)', () => {
  it('widenings: longer or unlimited varchar, varchar <-> text, numeric precision at the same scale, fractional seconds', () => {
    assert.ok(keeps('character varying(512)', 'character varying(8192)'));
    assert.ok(keeps('character varying(512)', 'character varying'));
    assert.ok(keeps('character varying(512)', 'text'));
    assert.ok(keeps('text', 'character varying'));
    assert.ok(keeps('numeric(10,2)', 'numeric(12,2)'));
    assert.ok(keeps('numeric(10,2)', 'numeric'));
    assert.ok(keeps('timestamp without time zone(3)', 'timestamp without time zone(6)'));
    assert.ok(keeps('cidr', 'inet'));
    assert.ok(keeps('character varying(20)[]', 'character varying(20)[]'));
    assert.ok(keeps('integer', 'integer'));
  });

  it('rewrites or checks: narrowing, a new scale, a new limit, another type, any array change', () => {
    assert.ok(!keeps('character varying(8192)', 'character varying(512)'));
    assert.ok(!keeps('text', 'character varying(255)'));
    assert.ok(!keeps('numeric(10,2)', 'numeric(12,4)'));
    assert.ok(!keeps('numeric', 'numeric(12,2)'));
    assert.ok(!keeps('integer', 'bigint'));
    assert.ok(!keeps('timestamp without time zone', 'timestamp with time zone'));
    assert.ok(!keeps('character varying(20)[]', 'character varying(40)'));
    assert.ok(!keeps('character varying(20)[]', 'character varying(40)[]'));
    assert.ok(!keeps('character(10)', 'text'));
  });
});

describe('SL609 across migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sl-type-change-'));
  const migration = (name: string, timestamp: number, up: string[], down: string[] = []): string => {
    const scaffolded = scaffoldMigration({ name, up, down, timestamp });
    const file = join(dir, scaffolded.fileName);
    writeFileSync(file, scaffolded.text);
    return file;
  };
  const sl609 = async (files: string[]) => (await lintMigrations(readMigrationFiles(files), { schema: 'public' })).filter((finding) => finding.code === 'SL609');

  const created = migration('Create', 1700000000100, ['CREATE TABLE "comment" ("id" SERIAL NOT NULL, "text" character varying(512) NOT NULL, "score" numeric(10,2))']);
  const widen = migration(
    'Widen',
    1700000000200,
    ['ALTER TABLE "comment" ALTER COLUMN "text" TYPE character varying(8192)', 'ALTER TABLE "comment" ALTER COLUMN "score" TYPE numeric(12,2)'],
    ['ALTER TABLE "comment" ALTER COLUMN "text" TYPE character varying(512)'],
  );

  it('a widening after the migration that created the column is no finding; its down() narrowing is, naming both types', async () => {
    // Listed out of order: TypeORM runs them by timestamp, and so does the history.
    const found = await sl609([widen, created]);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /from character varying\(8192\) to character varying\(512\)/);
    assert.doesNotMatch(found[0]!.message, /unless/);
  });

  it('without the creating migration the type before is unknown: the finding stays, and says so', async () => {
    const found = await sl609([widen]);
    assert.equal(found.length, 3);
    assert.match(found[0]!.message, /do not say what the column was/);
  });

  it('USING converts every value; a table dropped and created again forgets what it was', async () => {
    const using = migration('Using', 1700000000300, ['ALTER TABLE "comment" ALTER COLUMN "text" TYPE text USING "text"::text']);
    assert.equal((await sl609([created, using])).length, 1);
    const recreated = migration('Recreate', 1700000000400, ['DROP TABLE "comment"', 'CREATE TABLE "comment" ("id" SERIAL NOT NULL, "text" text)']);
    const later = migration('Later', 1700000000500, ['ALTER TABLE "comment" ALTER COLUMN "text" TYPE character varying(100)', 'ALTER TABLE "comment" ALTER COLUMN "score" TYPE numeric(12,2)']);
    const found = await sl609([created, recreated, later]);
    // text -> varchar(100) narrows; "score" is gone with the old table: unknown, still reported.
    assert.equal(found.length, 2);
    assert.match(found[0]!.message, /from text to character varying\(100\)/);
    assert.match(found[1]!.message, /do not say what the column was/);
  });
});

// The migration lint's rules on SQL parsed by PostgreSQL's own parser (pure: no database). Each
// case is the unsafe form, which must be reported with its lock and safe rewrite, and the safe
// form, which must not.
import assert from 'node:assert/strict';
import { lintSql } from '../../../src/core/migrations/lint';
import type { Finding } from '../../../src/core/rules/finding';

const codes = async (sql: string, options: { inTransaction?: boolean } = {}): Promise<string[]> => (await lintSql(sql, { schema: 'public', ...options })).map((finding) => finding.code);
const lint = (sql: string, options: { inTransaction?: boolean } = {}): Promise<Finding[]> => lintSql(sql, { schema: 'public', ...options });
const only = (all: string[], code: string): number => all.filter((c) => c === code).length;

describe('migration lint rules (parsed SQL)', () => {
  it('SL602: a volatile default or a stored generated column on a new column, never a constant or now()', async () => {
    const [found] = (await lint('ALTER TABLE "order" ADD "publicId" uuid NOT NULL DEFAULT uuid_generate_v4()')).filter((f) => f.code === 'SL602');
    assert.ok(found);
    assert.match(found.message, /ACCESS EXCLUSIVE/);
    assert.match(found.message, /SET DEFAULT/);
    assert.equal(found.table, 'order');
    assert.equal(found.column, 'publicId');
    assert.equal(only(await codes('ALTER TABLE t ADD c int GENERATED ALWAYS AS (a + 1) STORED'), 'SL602'), 1);
    assert.equal(only(await codes("ALTER TABLE t ADD c text NOT NULL DEFAULT 'x'"), 'SL602'), 0);
    assert.equal(only(await codes('ALTER TABLE t ADD c timestamptz NOT NULL DEFAULT now()'), 'SL602'), 0);
    assert.equal(only(await codes("ALTER TABLE t ADD c jsonb NOT NULL DEFAULT '{}'::jsonb"), 'SL602'), 0);
    assert.equal(only(await codes('ALTER TABLE t ADD c timestamptz DEFAULT CURRENT_TIMESTAMP'), 'SL602'), 0);
    assert.equal(only(await codes('ALTER TABLE t ADD c float8 DEFAULT random()'), 'SL602'), 1);
  });

  it('SL603: NOT NULL without a default; not with a default, nor nullable', async () => {
    assert.equal(only(await codes('ALTER TABLE "user" ADD "tenantId" integer NOT NULL'), 'SL603'), 1);
    assert.equal(only(await codes('ALTER TABLE "user" ADD "tenantId" integer NOT NULL DEFAULT 0'), 'SL603'), 0);
    assert.equal(only(await codes('ALTER TABLE "user" ADD "tenantId" integer'), 'SL603'), 0);
  });

  it('SL604: FK and CHECK without NOT VALID, REFERENCES on a new column, VALIDATE in the adding transaction', async () => {
    const [fk] = (await lint('ALTER TABLE "post" ADD CONSTRAINT "FK_1" FOREIGN KEY ("authorId") REFERENCES "user"("id")')).filter((f) => f.code === 'SL604');
    assert.match(fk!.message, /SHARE ROW EXCLUSIVE lock on "post" and "user"/);
    assert.match(fk!.message, /NOT VALID/);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)'), 'SL604'), 1);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID'), 'SL604'), 0);
    assert.equal(only(await codes('ALTER TABLE t ADD c int REFERENCES u(id)'), 'SL604'), 1);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT c'), 'SL604'), 1);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID; COMMIT; BEGIN; ALTER TABLE t VALIDATE CONSTRAINT c', { inTransaction: false }), 'SL604'), 0);
    assert.equal(only(await codes('ALTER TABLE t VALIDATE CONSTRAINT c'), 'SL604'), 0);
  });

  it('SL605 and SL610: primary key and unique constraint without USING INDEX', async () => {
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id)'), 'SL605'), 1);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY USING INDEX t_pk_idx'), 'SL605'), 0);
    assert.equal(only(await codes('ALTER TABLE t ADD id bigserial PRIMARY KEY'), 'SL605'), 1);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT uq UNIQUE (email)'), 'SL610'), 1);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT uq UNIQUE USING INDEX t_email_idx'), 'SL610'), 0);
    assert.equal(only(await codes('ALTER TABLE t ADD email text UNIQUE'), 'SL610'), 1);
  });

  it('SL606-SL609, SL612, SL613: drops, type change, renames', async () => {
    const all = await codes('ALTER TABLE t DROP COLUMN c; DROP TABLE a, b; DROP DATABASE d; ALTER TABLE t ALTER COLUMN c TYPE bigint; ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t RENAME TO u');
    assert.deepEqual([only(all, 'SL606'), only(all, 'SL607'), only(all, 'SL608'), only(all, 'SL609'), only(all, 'SL612'), only(all, 'SL613')], [1, 2, 1, 1, 1, 1]);
    assert.ok((await lint('DROP DATABASE d')).some((f) => f.code === 'SL608' && f.severity === 'error'));
  });

  it('SL611: guards only matter outside a transaction', async () => {
    const sql = 'CREATE TABLE t (id bigint); CREATE INDEX CONCURRENTLY i ON u (a); ALTER TABLE u DROP CONSTRAINT c; ALTER TABLE u ADD CONSTRAINT c CHECK (a > 0) NOT VALID';
    assert.equal(only(await codes(sql), 'SL611'), 0);
    const outside = await codes(sql, { inTransaction: false });
    // CREATE TABLE, CREATE INDEX and DROP CONSTRAINT lack guards; the ADD CONSTRAINT follows a DROP of the same name.
    assert.equal(only(outside, 'SL611'), 3);
    assert.equal(only(await codes('CREATE TABLE IF NOT EXISTS t (id bigint); CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON u (a); DROP INDEX CONCURRENTLY IF EXISTS j', { inTransaction: false }), 'SL611'), 0);
  });

  it('SL614 and SL615: index creation and deletion without CONCURRENTLY, not on a table created just before', async () => {
    const [created] = (await lint('CREATE INDEX "IDX_a" ON "post" ("a")')).filter((f) => f.code === 'SL614');
    assert.equal(created!.severity, 'warning');
    assert.match(created!.message, /SHARE lock/);
    assert.match(created!.message, /CONCURRENTLY/);
    assert.match(created!.message, /transaction = false/);
    const fresh = (await lint('CREATE TABLE "post" ("a" bigint); CREATE INDEX "IDX_a" ON "post" ("a")')).filter((f) => f.code === 'SL614');
    assert.equal(fresh[0]!.severity, 'info');
    assert.match(fresh[0]!.message, /created earlier in this migration/);
    assert.equal(only(await codes('CREATE INDEX CONCURRENTLY i ON t (a)', { inTransaction: false }), 'SL614'), 0);
    assert.equal(only(await codes('DROP INDEX i'), 'SL615'), 1);
    assert.equal(only(await codes('DROP INDEX CONCURRENTLY i', { inTransaction: false }), 'SL615'), 0);
  });

  it('SL616: CONCURRENTLY in a transaction is an error that says why TypeORM runs one', async () => {
    const [found] = (await lint('CREATE INDEX CONCURRENTLY i ON t (a)')).filter((f) => f.code === 'SL616');
    assert.equal(found!.severity, 'error');
    assert.match(found!.message, /transaction = false/);
    assert.equal(only(await codes('CREATE INDEX CONCURRENTLY i ON t (a)', { inTransaction: false }), 'SL616'), 0);
    assert.equal(only(await codes('BEGIN; DROP INDEX CONCURRENTLY i', { inTransaction: false }), 'SL616'), 1);
  });

  it('SL617-SL620: column types, in CREATE TABLE, ADD COLUMN and ALTER TYPE', async () => {
    const all = await codes('CREATE TABLE t ("id" SERIAL NOT NULL, "n" smallint, "name" character varying(255), "at" TIMESTAMP NOT NULL DEFAULT now(), "ok" bigint, "s" text, "z" timestamptz, "v" varchar)');
    assert.deepEqual([only(all, 'SL617'), only(all, 'SL618'), only(all, 'SL619'), only(all, 'SL620')], [2, 1, 1, 1]);
    assert.equal(only(await codes('ALTER TABLE t ALTER COLUMN c TYPE varchar(10)'), 'SL619'), 1);
    assert.equal(only(await codes('ALTER TABLE t ADD c int4'), 'SL617'), 1);
  });

  it('SL621: SET NOT NULL unless a validated CHECK (col IS NOT NULL) proves it', async () => {
    assert.equal(only(await codes('ALTER TABLE t ALTER COLUMN c SET NOT NULL'), 'SL621'), 1);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID; COMMIT; ALTER TABLE t VALIDATE CONSTRAINT c_nn; ALTER TABLE t ALTER COLUMN c SET NOT NULL', { inTransaction: false }), 'SL621'), 0);
    // A constraint validated here but added by an earlier migration may be that check.
    assert.equal(only(await codes('ALTER TABLE t VALIDATE CONSTRAINT c_nn; ALTER TABLE t ALTER COLUMN c SET NOT NULL'), 'SL621'), 0);
    assert.equal(only(await codes('ALTER TABLE t ADD CONSTRAINT d_nn CHECK (d IS NOT NULL) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT d_nn; ALTER TABLE t ALTER COLUMN c SET NOT NULL'), 'SL621'), 1);
  });

  it('SL622: BEGIN/COMMIT inside TypeORM\'s transaction', async () => {
    assert.equal(only(await codes('BEGIN; ALTER TABLE t ADD c bigint; COMMIT'), 'SL622'), 2);
    assert.equal(only(await codes('BEGIN; ALTER TABLE t ADD c bigint; COMMIT', { inTransaction: false }), 'SL622'), 0);
  });

  it('SL623: once per method, at the first lock on an existing table, not after SET lock_timeout', async () => {
    const found = (await lint('CREATE TABLE n (id bigint); CREATE INDEX i ON n (id); ALTER TABLE t ADD c bigint; ALTER TABLE u ADD c bigint')).filter((f) => f.code === 'SL623');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.table, 't');
    assert.match(found[0]!.message, /an ACCESS EXCLUSIVE lock/);
    assert.equal(only(await codes("SET lock_timeout = '2s'; ALTER TABLE t ADD c bigint"), 'SL623'), 0);
  });

  it('SL601: a syntax error is an error where the parser stopped', async () => {
    const findings = await lint('ALTER TABLE "user" ADDD "x" int');
    assert.equal(findings[0]!.code, 'SL601');
    assert.equal(findings[0]!.severity, 'error');
    assert.match(findings[0]!.message, /syntax error at or near "ADDD"/);
    assert.equal(findings[0]!.span!.start.character, 19);
  });

  it('points each finding at its statement inside a multi-line SQL literal', async () => {
    const findings = await lint('SELECT 1;\n  DROP TABLE "a";\n  DROP TABLE "b"');
    const drops = findings.filter((f) => f.code === 'SL607');
    assert.deepEqual(drops.map((f) => [f.span!.start.line, f.span!.start.character, f.span!.endOffset - f.span!.startOffset]), [[1, 2, 14], [2, 2, 14]]);
  });

  it('squawk cases the first version missed: arrays, temp tables, DROP TYPE, one re-add per DROP CONSTRAINT, a stray COMMIT, locks of COMMENT/LOCK/VACUUM/REINDEX', async () => {
    const arrays = await codes('CREATE TABLE t ("a" int[], "b" varchar(100)[], "c" timestamp[])');
    assert.deepEqual([only(arrays, 'SL617'), only(arrays, 'SL619'), only(arrays, 'SL620')], [1, 1, 1]);
    assert.equal(only(await codes('CREATE TEMP TABLE t (id bigint) ON COMMIT DROP', { inTransaction: false }), 'SL611'), 0);
    assert.equal(only(await codes('DROP TYPE t', { inTransaction: false }), 'SL611'), 1);
    assert.equal(only(await codes('DROP TYPE IF EXISTS t', { inTransaction: false }), 'SL611'), 0);
    const readd = 'ALTER TABLE u DROP CONSTRAINT IF EXISTS c; ALTER TABLE u ADD CONSTRAINT c CHECK (a > 0) NOT VALID; ALTER TABLE u ADD CONSTRAINT c CHECK (a > 0) NOT VALID';
    assert.equal(only(await codes(readd, { inTransaction: false }), 'SL611'), 1);
    assert.equal(only(await codes('BEGIN; SELECT 1; COMMIT; COMMIT;', { inTransaction: false }), 'SL622'), 1);
    for (const sql of ["COMMENT ON TABLE t IS 'x'", 'LOCK TABLE t', 'VACUUM FULL t', 'REINDEX TABLE t', 'REINDEX (CONCURRENTLY false) INDEX idx']) {
      assert.equal(only(await codes(sql), 'SL623'), 1, sql);
    }
    assert.match((await lint('REINDEX (CONCURRENTLY) INDEX idx')).find((f) => f.code === 'SL623')!.message, /SHARE UPDATE EXCLUSIVE lock on "idx"/);
    const [lock] = (await lint('LOCK TABLE t IN SHARE MODE')).filter((f) => f.code === 'SL623');
    assert.match(lock!.message, /a SHARE lock on "t"/);
  });
});

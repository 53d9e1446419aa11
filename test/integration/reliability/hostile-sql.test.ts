// Hostile identifiers and values through every SQL Schema Lens writes, on a real PostgreSQL: the
// fixture's tables, columns, constraints, index, enum labels, defaults and a comment carry quotes,
// backslashes, unicode, reserved words, a 63-byte name and `"; DROP TABLE canary; --`. The
// migrations `generate` writes (from nothing, then from drift made by hand) apply, check clean,
// revert and apply again; backup -> revert -> migrate -> restore gives back every row (counts and
// per-table checksums); the canary table and its rows survive everything. Quoting is checked
// against pg's own escapeIdentifier/escapeLiteral: the injection text appears only inside them.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { runInProcess } from './support';

const FIXTURE = join(__dirname, 'hostile');
const INJECTION = 'DROP TABLE canary';
const ORDER = 'Order"; DROP TABLE canary; --';
/** Names whose every appearance in SQL must be as a quoted identifier. */
const IDENTIFIERS = [ORDER, `UQ_"; DROP TABLE canary; --`, `CHK_it's`, `we"ird'col\\umn`, `buyer'; --"id`, `IDX_"quoted" \\ index`, 'mood"; DROP TABLE canary; --'];
/** Values whose every appearance must be as a string literal. */
const LITERALS = ["'); DROP TABLE canary; --", `O'Reilly \\ "; DROP TABLE canary; --`, `it's "quoted"; DROP TABLE canary; --`, "x'; DROP TABLE canary; --"];

/** The statement with every correctly quoted hostile name and value taken out: what SQL is left. */
function outsideQuotes(statement: string): string {
  let rest = statement;
  for (const name of IDENTIFIERS) rest = rest.split(pg.escapeIdentifier(name)).join('"x"');
  // A literal may be written with E'' escapes or plain; pg.escapeLiteral is the reference for either.
  for (const value of LITERALS) rest = rest.split(pg.escapeLiteral(value)).join("'x'").split(`'${value.replace(/'/g, "''")}'`).join("'x'");
  return rest;
}

interface Generated {
  file: string;
  up: string[];
  down: string[];
  fixes: string[];
}

describe('hostile identifiers through generate, migrate, revert, backup and restore', function () {
  this.timeout(300_000);
  let root: string;
  let db: TestDatabase;
  let args: string[];

  async function cli(command: string[], expected = 0): Promise<string> {
    const run = await runInProcess([...command, ...args]);
    assert.equal(run.code, expected, `${command.join(' ')}\n${run.stderr}\n${run.stdout}`);
    return run.stdout;
  }

  async function generate(name: string): Promise<Generated> {
    const generated = JSON.parse(await cli(['generate', name, '--json', '--no-entity-edits'])) as Generated;
    assert.ok(generated.file, `a migration was written: ${JSON.stringify(generated)}`);
    for (const statement of [...generated.up, ...generated.down]) {
      assert.ok(!outsideQuotes(statement).includes(INJECTION), `an injection text outside quotes:\n${statement}`);
    }
    return generated;
  }

  async function drift(): Promise<string[]> {
    const report = JSON.parse(await cli(['check', '--format', 'json', '--fail-on', 'never'])) as { findings: Array<{ code: string; category: string; table: string; column?: string }> };
    return report.findings.filter((f) => f.category === 'drift' || f.category === 'integrity' || f.code === 'SL303').filter((f) => f.table !== 'canary').map((f) => `${f.code} ${f.table}${f.column ? `.${f.column}` : ''}`).sort();
  }

  async function canary(): Promise<number> {
    const [row] = await db.rows<{ n: number }>('SELECT count(*)::int AS n FROM canary');
    return row!.n;
  }

  /** Row count and an md5 over the sorted rows of each hostile table. */
  async function contents(): Promise<Record<string, string>> {
    const result: Record<string, string> = {};
    for (const table of ['user', ORDER]) {
      const [row] = await db.rows<{ n: number; sum: string }>(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${pg.escapeIdentifier(table)} t`);
      result[table] = `${row!.n} rows, ${row!.sum}`;
    }
    return result;
  }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'sl-hostile-'));
    cpSync(FIXTURE, root, { recursive: true });
    db = await createTestDatabase('hostile');
    await db.exec("CREATE TABLE canary (id int PRIMARY KEY); INSERT INTO canary VALUES (1), (2), (3)");
    args = ['--root', root, '--db', db.url, '--entities', '*.entity.ts', '--migrations', 'migrations/*.ts'];
  });
  after(async () => {
    await db?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the 63-byte column name is 63 bytes', () => {
    assert.equal(Buffer.byteLength('long_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), 63);
  });

  it('generate from an empty schema: the migration creates everything, applies, checks clean, reverts and applies again', async () => {
    assert.ok((await drift()).length > 0, 'the tables are missing before');
    const initial = await generate('Init');
    await cli(['migrate']);
    assert.deepEqual(await drift(), [], 'no drift after the generated migration');
    const names = await db.rows<{ relname: string }>(`SELECT relname FROM pg_class WHERE relname IN ('user', $1) ORDER BY relname`, [ORDER]);
    assert.equal(names.length, 2, 'both tables exist under their exact names');
    const labels = await db.rows<{ enumlabel: string }>('SELECT enumlabel FROM pg_enum ORDER BY enumsortorder');
    assert.deepEqual(labels.map((row) => row.enumlabel), ["it's", 'say "hi"', 'back\\slash', "'); DROP TABLE canary; --", 'ünï 表']);
    await cli(['revert', '--yes']);
    assert.ok((await drift()).length > 0, 'reverted');
    await cli(['migrate']);
    assert.deepEqual(await drift(), []);
    assert.equal(await canary(), 3);
    assert.ok(initial.up.length > 0 && initial.down.length > 0);
  });

  it('backup, revert (with its backup), migrate, restore: every row back, counts and checksums equal', async () => {
    await db.exec(`
      INSERT INTO "user" ("order") VALUES ($$it's; DROP TABLE canary; --$$), (E'back\\\\slash "q"');
      INSERT INTO ${pg.escapeIdentifier(ORDER)} ("select", "label", ${pg.escapeIdentifier(`we"ird'col\\umn`)}, "ünïcødé_表", "mood", ${pg.escapeIdentifier(`buyer'; --"id`)})
        SELECT 1, 'a''b' || id, 'O''Reilly', '表', 'back\\slash', id FROM "user";`);
    const before = await contents();
    assert.match(before[ORDER]!, /^2 rows/);
    const manual = JSON.parse(await cli(['backup', '--json'])) as { file: string; tables: Array<{ name: string; rows: number }> };
    assert.deepEqual(manual.tables.filter((t) => t.name !== 'canary').map((t) => [t.name, t.rows]).sort(), [[ORDER, 2], ['user', 2]].sort());
    const reverted = JSON.parse(await cli(['revert', '--yes', '--json'])) as { backup?: string };
    assert.ok(reverted.backup, 'the revert backed up the tables it drops');
    assert.equal(await canary(), 3);
    await cli(['migrate']);
    const restored = JSON.parse(await cli(['restore', reverted.backup!, '--json'])) as { tables: Array<{ name: string; ok: boolean }> };
    assert.ok(restored.tables.every((table) => table.ok), JSON.stringify(restored));
    assert.deepEqual(await contents(), before);
    // The manual backup restores onto the same rows: nothing changes, and it verifies.
    await cli(['restore', manual.file]);
    assert.deepEqual(await contents(), before);
    assert.equal(await canary(), 3);
  });

  it('drift made by hand in every kind of object: the fix migration applies, reverts and applies again', async () => {
    const order = pg.escapeIdentifier(ORDER);
    const fk = (await db.rows<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'`, [order]))[0]!.conname;
    await db.exec(`
      ALTER TABLE ${order} DROP CONSTRAINT ${pg.escapeIdentifier(`CHK_it's`)};
      ALTER TABLE ${order} DROP CONSTRAINT ${pg.escapeIdentifier(`UQ_"; DROP TABLE canary; --`)};
      DROP INDEX ${pg.escapeIdentifier(`IDX_"quoted" \\ index`)};
      ALTER TABLE ${order} DROP CONSTRAINT ${pg.escapeIdentifier(fk)};
      ALTER TABLE ${order} ALTER COLUMN ${pg.escapeIdentifier(`we"ird'col\\umn`)} SET DEFAULT 'other';
      ALTER TABLE ${order} ALTER COLUMN "select" DROP NOT NULL;
      ALTER TABLE ${order} ALTER COLUMN "long_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" TYPE bigint;
      ALTER TABLE ${order} DROP COLUMN "ünïcødé_表";`);
    const made = await drift();
    assert.ok(made.length >= 7, made.join('\n'));
    await generate('FixDrift');
    await cli(['migrate']);
    assert.deepEqual(await drift(), [], 'the fixes remove the drift');
    await cli(['revert', '--yes']);
    assert.deepEqual(await drift(), made, 'the revert brings back exactly the drift');
    await cli(['migrate']);
    assert.deepEqual(await drift(), []);
    assert.equal(await canary(), 3);
  });
});

// Names longer than PostgreSQL's 63 bytes (issue 18): PostgreSQL truncates every identifier to 63
// bytes (NAMEDATALEN - 1), in CREATE and in DROP alike. The migration `generate` writes for such an
// entity applies, and reverts, on a real PostgreSQL; the canary survives. Comparing afterwards names
// the cause, SL112, on both names (TypeORM looks for the full names, so the table also reads as missing).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { runInProcess } from './support';

const TABLE = `order_${'é'.repeat(40)}`; // 86 bytes in UTF-8
const COLUMN = `quantity_${'x'.repeat(70)}`; // 79 bytes

describe('names longer than 63 bytes through generate, migrate and revert (real PostgreSQL)', function () {
  this.timeout(180_000);
  let root: string;
  let db: TestDatabase;
  let args: string[];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'sl-long-names-'));
    mkdirSync(join(root, 'migrations'));
    writeFileSync(join(root, 'order.entity.ts'), `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity(${JSON.stringify(TABLE)})
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('integer', { name: ${JSON.stringify(COLUMN)} })
  quantity!: number;
}
`);
    db = await createTestDatabase('long_names');
    await db.exec('CREATE TABLE canary (id int PRIMARY KEY); INSERT INTO canary VALUES (1)');
    args = ['--root', root, '--db', db.url, '--entities', '*.entity.ts', '--migrations', 'migrations/*.ts'];
  });
  after(async () => {
    await db?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the generated migration applies (names truncated by PostgreSQL) and reverts', async () => {
    const generated = await runInProcess(['generate', 'CreateOrder', ...args, '--json', '--no-entity-edits']);
    assert.equal(generated.code, 0, generated.stderr);
    const migrated = await runInProcess(['migrate', ...args]);
    assert.equal(migrated.code, 0, `${migrated.stderr}\n${migrated.stdout}`);
    // PostgreSQL kept the first 63 bytes (whole characters) of each name.
    const tables = await db.rows<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relname LIKE 'order_%'`);
    assert.deepEqual(tables.map((t) => Buffer.byteLength(t.name) <= 63 && TABLE.startsWith(t.name)), [true], JSON.stringify(tables));
    const columns = await db.rows<{ name: string }>(`SELECT attname AS name FROM pg_attribute WHERE attname LIKE 'quantity_%'`);
    assert.deepEqual(columns.map((c) => c.name), [COLUMN.slice(0, 63)]);
    // The comparison names the cause on the entity: both names are too long for the database.
    const check = await runInProcess(['check', ...args, '--format', 'json', '--fail-on', 'never']);
    const findings = (JSON.parse(check.stdout) as { findings: Array<{ code: string; table: string; column?: string }> }).findings;
    assert.deepEqual(findings.filter((finding) => finding.code === 'SL112').map((finding) => finding.column ?? finding.table).sort(), [COLUMN, TABLE].sort());
    const reverted = await runInProcess(['revert', ...args, '--yes']);
    assert.equal(reverted.code, 0, `${reverted.stderr}\n${reverted.stdout}`);
    assert.deepEqual(await db.rows(`SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'order_%'`), []);
    assert.deepEqual(await db.rows('SELECT count(*)::int AS n FROM canary'), [{ n: 1 }]);
  });
});

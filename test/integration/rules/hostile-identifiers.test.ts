// Hostile identifiers through fix SQL, on a real database: quotes, a semicolon and a comment
// marker in names, mixed case, a reserved word, a 63-byte column name. TypeORM creates the
// schema; each situation's fix must round-trip (up removes the finding, down brings it back)
// without the SQL ever breaking out of its identifiers. TypeORM itself cannot create these tables
// (it does not double embedded quotes), so the SL101 fixes create them: that is the first round trip.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Finding } from '../../../src/core/rules/finding';
import { migrationFix, synchronisedWorkspace, type CheckedWorkspace } from './support';

const ORDER = 'Order; DROP TABLE "user" --';
const BUYER = `buyer'; --"id`;
const LONG = `long_${'x'.repeat(58)}`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const ident = (text: string): string => `"${text.replace(/"/g, '""')}"`;

describe('hostile identifiers round-trip through fix SQL', function () {
  this.timeout(120_000);
  let ws: CheckedWorkspace;

  before(async () => {
    ws = await synchronisedWorkspace(join(__dirname, 'hostile'), 'hostile', '', { synchronize: false });
  });
  after(async () => {
    await ws?.dispose();
  });

  async function roundTrip(code: string, situation: string[], column: string): Promise<Finding> {
    const findings = await ws.check();
    assert.deepEqual(findings.filter((f) => f.category === 'drift' || f.category === 'integrity' || f.code === 'SL303'), [], 'clean before');
    await ws.run(situation);
    const found = (await ws.check()).filter((f) => f.code === code);
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    assert.equal(found[0]!.table, ORDER);
    assert.equal(found[0]!.column, column);
    const fix = migrationFix(found[0]!);
    await ws.run(fix.up);
    assert.deepEqual((await ws.check()).filter((f) => f.code === code), [], `${code} after up`);
    await ws.run(fix.down);
    assert.equal((await ws.check()).filter((f) => f.code === code).length, 1, `${code} after down`);
    await ws.run(fix.up);
    // The tables the names try to drop are still there.
    assert.equal(await ws.value(`SELECT count(*) FROM pg_tables WHERE tablename IN ('user', ${literal(ORDER)})`), '2');
    return found[0]!;
  }

  it('the 63-byte column name is really 63 bytes', () => {
    assert.equal(Buffer.byteLength(LONG), 63);
  });

  it('SL101: the create-table fixes build both tables, and their down drops them', async () => {
    const missing = (await ws.check()).filter((f) => f.code === 'SL101');
    assert.deepEqual(missing.map((f) => f.table).sort(), [ORDER, 'user'].sort());
    // The referenced table first, as a migration would.
    const ordered = [...missing].sort((a) => (a.table === 'user' ? -1 : 1));
    for (const finding of ordered) await ws.run(migrationFix(finding).up);
    assert.deepEqual((await ws.check()).filter((f) => f.category === 'drift' || f.category === 'integrity' || f.code === 'SL303'), []);
    for (const finding of [...ordered].reverse()) await ws.run(migrationFix(finding).down);
    assert.equal((await ws.check()).filter((f) => f.code === 'SL101').length, 2);
    for (const finding of ordered) await ws.run(migrationFix(finding).up);
  });

  it('SL201: foreign key on a quoted, semicolon-laden column of a table named like an injection', async () => {
    const fk = await ws.value(`SELECT conname FROM pg_constraint WHERE conrelid = ${literal(ident(ORDER))}::regclass AND contype = 'f'`);
    await roundTrip('SL201', [`ALTER TABLE ${ident(ORDER)} DROP CONSTRAINT ${ident(fk)}`], BUYER);
  });

  it('SL303: index on that column', async () => {
    const index = await ws.value(`SELECT indexname FROM pg_indexes WHERE tablename = ${literal(ORDER)} AND indexname LIKE 'IDX_%'`);
    await roundTrip('SL303', [`DROP INDEX ${ident(index)}`], BUYER);
  });

  it('SL103: type of the 63-byte column', async () => {
    await roundTrip('SL103', [`ALTER TABLE ${ident(ORDER)} ALTER COLUMN ${ident(LONG)} TYPE bigint`], LONG);
  });

  it('SL104: nullability of a column named with a reserved word', async () => {
    await roundTrip('SL104', [`ALTER TABLE ${ident(ORDER)} ALTER COLUMN "select" DROP NOT NULL`], 'select');
  });
});

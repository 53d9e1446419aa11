import assert from 'node:assert/strict';
import { postgres } from '../../../src/core/dialect';
import type { Table } from '../../../src/core/model/schema';
import { CONCURRENT_INDEX_MIN_ROWS, createIndexFix } from '../../../src/core/rules/index-build';
import type { RuleContext } from '../../../src/core/rules/rule';

const table = (rows?: number): Table => ({ schema: 'public', name: 'book', columns: [], uniques: [], checks: [], foreignKeys: [], indexes: [], ...(rows === undefined ? {} : { estimatedRows: rows }) }) as unknown as Table;
const index = { keys: [{ kind: 'column' as const, name: 'authorId' }], unique: false, method: 'btree' };
const context = (mode?: RuleContext['migrationsTransactionMode']): RuleContext => ({ intended: { tables: [], enums: [], views: [] }, dialect: postgres, changes: [], ...(mode ? { migrationsTransactionMode: mode } : {}) });
const fix = (rows: number | undefined, mode?: RuleContext['migrationsTransactionMode']) => createIndexFix(context(mode), table(rows), index, 'IDX_a', 'Create an index', 'AddIndex');

describe('rules/createIndexFix', () => {
  it('a small or unknown-size table: a plain build inside the migration\'s transaction', () => {
    for (const rows of [undefined, 0, CONCURRENT_INDEX_MIN_ROWS - 1]) {
      const plain = fix(rows, 'each');
      assert.deepEqual([plain.up, plain.down, plain.transaction, plain.title], [['CREATE INDEX "IDX_a" ON "public"."book" ("authorId")'], ['DROP INDEX "public"."IDX_a"'], undefined, 'Create an index']);
    }
  });

  it("a big table under 'each': CONCURRENTLY, outside a transaction; down() plain, since TypeORM reverts in one", () => {
    const big = fix(50_000, 'each');
    assert.deepEqual(big.up, ['CREATE INDEX CONCURRENTLY "IDX_a" ON "public"."book" ("authorId")']);
    assert.deepEqual(big.down, ['DROP INDEX "public"."IDX_a"']);
    assert.equal(big.transaction, false);
    assert.equal(big.title, 'Create an index (CONCURRENTLY: about 50,000 rows)');
    assert.deepEqual(fix(50_000, 'none').down, ['DROP INDEX CONCURRENTLY "public"."IDX_a"']);
  });

  it("a big table under 'all' (TypeORM's default, which refuses transaction = false): plain, saying what would allow CONCURRENTLY", () => {
    for (const mode of ['all', undefined] as const) {
      const blocked = fix(50_000, mode);
      assert.deepEqual([blocked.up, blocked.transaction], [['CREATE INDEX "IDX_a" ON "public"."book" ("authorId")'], undefined]);
      assert.match(blocked.title, /blocks writes while it builds on about 50,000 rows; migrationsTransactionMode 'each' would let it be built CONCURRENTLY/);
    }
  });
});

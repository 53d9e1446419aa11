import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/rules';
import { diagnosticMessage, migrationFixPreview } from '../../../src/extension/findingText';

const unindexed: Finding = {
  code: 'SL301',
  category: 'index',
  severity: 'warning',
  message: 'Foreign key post(authorId) -> user(id) has no index starting with (authorId).',
  schema: 'public',
  table: 'post',
  column: 'authorId',
  fixes: [{ kind: 'migration', title: 'Create an index on post(authorId)', name: 'AddIndex', up: ['CREATE INDEX "IDX_a" ON "post" ("authorId")'], down: ['DROP INDEX "IDX_a"'] }],
};

describe('extension/findingText', () => {
  it('a diagnostic says what is wrong, then what to do, and whether a quick fix does it', () => {
    assert.equal(diagnosticMessage(unindexed), `${unindexed.message}\nfix: add @Index() on the relation and create the index with a migration (CONCURRENTLY on a busy table) (quick fix available)`);
    assert.match(diagnosticMessage({ ...unindexed, code: 'SL501', fixes: [] }), /\nfix: add a primary key: a unique NOT NULL column, or a new identity column$/);
    assert.equal(diagnosticMessage({ ...unindexed, code: 'SL999' }), unindexed.message, 'a code without a next step keeps its message');
  });

  it('the hover previews the SQL a migration quick fix runs, in a fence the SQL cannot close', () => {
    assert.equal(migrationFixPreview([unindexed]), '**SL301** quick fix — Create an index on post(authorId):\n\n```sql\nCREATE INDEX "IDX_a" ON "post" ("authorId");\n```');
    const backticks: Finding = { ...unindexed, fixes: [{ ...unindexed.fixes[0]!, up: ["COMMENT ON TABLE \"post\" IS '````'"] } as Finding['fixes'][number]] };
    assert.match(migrationFixPreview([backticks])!, /^`{5}sql\n/m);
    assert.equal(migrationFixPreview([{ ...unindexed, fixes: [] }]), undefined);
  });

  it('a finding a pending migration explains leads with it, and its fix is to run it', () => {
    const text = diagnosticMessage(unindexed, { name: 'AddIndex1700000000000', tables: ['public.post'] });
    assert.deepEqual(text.split('\n'), [
      'Pending migration AddIndex1700000000000 changes this table and has not run on this database: run it first, it is the likely cause.',
      unindexed.message,
      'fix: run the pending migrations (quick fix: Run Pending Migrations), then see what is left',
    ]);
  });

  it('a finding from the last good read of a database that no longer answers says so first', () => {
    assert.match(diagnosticMessage(unindexed, undefined, '14:02'), /^Stale: from the last good read of the database \(14:02\); it does not answer now, and Schema Lens retries by itself\.\n/);
  });
});

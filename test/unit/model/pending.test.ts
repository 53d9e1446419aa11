import assert from 'node:assert/strict';
import { groupByPendingMigration } from '../../../src/core/model/pending';

const finding = (code: string, category: string, table: string) => ({ code, category, schema: 'public', table });

describe('model/groupByPendingMigration', () => {
  it('gives each drift finding to the oldest pending migration that changes its table; the rest keep their place', () => {
    const older = { name: 'A1700000000000', tables: ['public.users'] };
    const newer = { name: 'B1700000001000', tables: ['public.users', 'public.posts'] };
    const findings = [finding('SL102', 'drift', 'users'), finding('SL201', 'integrity', 'posts'), finding('SL102', 'drift', 'notes'), finding('SL614', 'lint', 'users')];
    const { groups, rest } = groupByPendingMigration(findings, [older, newer]);
    assert.deepEqual(groups.map((group) => [group.migration.name, group.findings.map((f) => `${f.code} ${f.table}`)]), [
      ['A1700000000000', ['SL102 users']],
      ['B1700000001000', ['SL201 posts']],
    ]);
    // Another table, or a finding about a migration itself (lint), is not explained by one.
    assert.deepEqual(rest.map((f) => `${f.code} ${f.table}`), ['SL102 notes', 'SL614 users']);
  });

  it('with no pending migrations everything is the rest', () => {
    const findings = [finding('SL102', 'drift', 'users')];
    assert.deepEqual(groupByPendingMigration(findings, []), { groups: [], rest: findings });
  });
});

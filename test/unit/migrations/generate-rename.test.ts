import assert from 'node:assert/strict';
import { migrationFromFindings } from '../../../src/core/migrations/generate';
import { applyRenames, parseRename, renameCandidates } from '../../../src/core/migrations/rename';
import type { Finding } from '../../../src/core/rules/finding';

const missing = (table: string, column: string): Finding => ({
  code: 'SL102', category: 'drift', severity: 'error', message: 'm', schema: 'public', table, column,
  fixes: [{ kind: 'migration', title: 'add', name: 'N', up: [`ALTER TABLE "${table}" ADD COLUMN "${column}" text`], down: [`ALTER TABLE "${table}" DROP COLUMN "${column}"`] }],
});
const unmapped = (table: string, column: string): Finding => ({
  code: 'SL111', category: 'drift', severity: 'info', message: 'm', schema: 'public', table, column, fixes: [],
});

describe('migrations/rename', () => {
  const findings = [missing('users', 'fullname'), unmapped('users', 'name'), unmapped('posts', 'title')];

  it('pairs a missing and an unmapped column of the same table only', () => {
    assert.deepEqual(renameCandidates(findings), [{ schema: 'public', table: 'users', from: 'name', to: 'fullname' }]);
    assert.deepEqual(renameCandidates([missing('users', 'fullname'), unmapped('posts', 'name')]), []);
  });

  it('keeps the ADD COLUMN when no rename is confirmed', () => {
    assert.deepEqual(migrationFromFindings(applyRenames(findings, []).findings).up, ['ALTER TABLE "users" ADD COLUMN "fullname" text']);
  });

  it('generates RENAME COLUMN for a confirmed rename, and the reverse in down', () => {
    const renamed = applyRenames(findings, [parseRename('users.name=fullname')!, parseRename('users.nope=fullname')!]);
    const collected = migrationFromFindings(renamed.findings);
    assert.deepEqual(collected.up, ['ALTER TABLE "public"."users" RENAME COLUMN "name" TO "fullname"']);
    assert.deepEqual(collected.down, ['ALTER TABLE "public"."users" RENAME COLUMN "fullname" TO "name"']);
    assert.deepEqual(renamed.unmatched, [{ schema: undefined, table: 'users', from: 'nope', to: 'fullname' }]);
    assert.equal(renamed.findings.some((finding) => finding.code === 'SL111' && finding.table === 'users'), false);
  });

  it('parses table.old=new and schema.table.old=new, rejects anything else', () => {
    assert.deepEqual(parseRename('app.users.name=fullname'), { schema: 'app', table: 'users', from: 'name', to: 'fullname' });
    assert.equal(parseRename('name=fullname'), undefined);
  });
});

// Every code Schema Lens can report has exactly one catalogue entry (SARIF rules, docs links,
// severity overrides) and a docs page that exists.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATION_CODES, migrationRuleInfos } from '../../../src/core/rules/migration-codes';
import { ruleCatalogue, rules } from '../../../src/core/rules';
import { shadowRuleInfos } from '../../../src/core/rules/shadow-codes';

const REPO = join(__dirname, '..', '..', '..');

describe('rule catalogue', () => {
  it('has exactly one entry per code any rule, the shadow or the migration status can emit, each with a docs page', () => {
    const emitted = [...rules.map((rule) => rule.info.code), ...shadowRuleInfos.map((info) => info.code), ...Object.values(MIGRATION_CODES)];
    for (const code of emitted) {
      const entries = ruleCatalogue.filter((info) => info.code === code);
      assert.equal(entries.length, 1, `${code}: ${entries.length} catalogue entries`);
      assert.equal(entries[0]!.docs, `docs/rules/${code}.md`);
      assert.ok(existsSync(join(REPO, entries[0]!.docs)), `${entries[0]!.docs} is missing`);
      assert.ok(entries[0]!.help.length > 0 && entries[0]!.title.length > 0);
    }
    assert.equal(new Set(ruleCatalogue.map((info) => info.code)).size, ruleCatalogue.length, 'no code twice');
  });

  it('gives every migration code the migration category', () => {
    assert.deepEqual(migrationRuleInfos.map((info) => info.code).sort(), Object.values(MIGRATION_CODES).sort());
    assert.ok(migrationRuleInfos.every((info) => info.category === 'migration'));
  });
});

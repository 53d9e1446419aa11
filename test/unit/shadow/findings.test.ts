import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shadowRuleInfos } from '../../../src/core/rules/shadow-codes';
import { missingExtensionOf, replayFailedFinding } from '../../../src/core/shadow/findings';

describe('shadow findings', () => {
  it('each code has its docs page with what, why, how to fix and an example', () => {
    assert.deepEqual(shadowRuleInfos.map((rule) => rule.code), ['SL450', 'SL451', 'SL452', 'SL624']);
    for (const rule of shadowRuleInfos) {
      const page = readFileSync(join(__dirname, '..', '..', '..', rule.docs), 'utf8');
      assert.ok(page.startsWith(`# ${rule.code} — ${rule.title}`), rule.code);
      for (const section of ['**What.**', '**Why it matters.**', '**How to fix.**', '**Example.**']) assert.ok(page.includes(section), `${rule.code} ${section}`);
    }
  });

  it('recognises PostgreSQL saying an extension (or the type it brings) is missing', () => {
    assert.equal(missingExtensionOf('extension "postgis" is not available'), 'postgis');
    assert.equal(missingExtensionOf('could not open extension control file "/usr/share/postgresql/extension/vector.control": No such file'), 'vector');
    assert.equal(missingExtensionOf('type "public.geometry" does not exist'), 'postgis');
    assert.equal(missingExtensionOf('type "vector" does not exist'), 'vector');
    assert.equal(missingExtensionOf('type "user_status_enum" does not exist'), undefined);
    assert.equal(missingExtensionOf('relation "users" does not exist'), undefined);
  });

  it('puts a replay failure on the class declaration and says how many migrations were skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-shadow-findings-'));
    try {
      const file = join(dir, '1700000000001-AddAge.ts');
      writeFileSync(file, "import { MigrationInterface } from 'typeorm';\n\nexport class AddAge1700000000001 implements MigrationInterface {}\n");
      const finding = replayFailedFinding({ file, migrationName: 'AddAge1700000000001', error: 'column "age" already exists', notReplayed: 2, schema: 'public' });
      assert.equal(finding.code, 'SL450');
      assert.deepEqual([finding.span?.start, finding.span?.end], [{ line: 2, character: 7 }, { line: 2, character: 32 }]);
      assert.match(finding.message, /^Migration AddAge1700000000001 failed when replayed into the embedded PostgreSQL: column "age" already exists\. /);
      assert.match(finding.message, /2 later migrations were not replayed/);
      const last = replayFailedFinding({ file, error: 'boom', notReplayed: 0, schema: 'public' });
      assert.match(last.message, /It was the last migration/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

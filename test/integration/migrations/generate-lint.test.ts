// Issue 15, point 6: the migrations Schema Lens generates pass its own lint. For fixture projects
// (their migrations replayed into the embedded database), `generate` scaffolds a migration from the
// current differences; the lint of that file must report no error, and no warning except where
// TypeORM's transaction mode leaves no safe form (an index on an existing table under
// migrationsTransactionMode 'all', where CONCURRENTLY is impossible).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFromDifferences } from '../../../src/core/generate';
import { lintMigrations, readMigrationFiles } from '../../../src/core/migrations';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

describe('generated migrations pass their own lint', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'sl-generate-lint-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const project of ['example', 'projects/shop', 'projects/wrappers']) {
    it(project, async () => {
      const generated = await generateFromDifferences({ root: join(FIXTURES, project), name: 'fix', timestamp: 1800000000000 });
      assert.ok(generated.migration, 'the fixture has differences to generate from');
      const file = join(dir, `${project.replace('/', '-')}-1800000000000-Fix.ts`);
      writeFileSync(file, generated.migration.text);
      const findings = await lintMigrations(readMigrationFiles([file]), { schema: generated.dataSource.schema, transactionMode: generated.dataSource.migrationsTransactionMode });
      assert.ok(findings.length > 0, 'the lint read the generated statements');
      const serious = findings.filter((finding) => finding.severity !== 'info');
      const unavoidable = (finding: (typeof findings)[number]): boolean => finding.code === 'SL614' && generated.dataSource.migrationsTransactionMode === 'all' && /migrationsTransactionMode 'each'/.test(finding.message);
      assert.deepEqual(serious.filter((finding) => !unavoidable(finding)).map((finding) => `${finding.code} ${finding.message}`), []);
    });
  }
});

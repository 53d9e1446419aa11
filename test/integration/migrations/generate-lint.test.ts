// Issue 15, point 6: the migrations Schema Lens generates pass its own lint. For fixture projects
// (their migrations replayed into the embedded database), `generate` scaffolds a migration from the
// current differences; the lint of that file must report no error, and no warning except where
// TypeORM's transaction mode leaves no safe form (an index on an existing table under
// migrationsTransactionMode 'all', where CONCURRENTLY is impossible). Replayed with the project's
// own migrations (what `schema-lens lint` does), the generated migration's down() undoes its up()
// (no SL624) and the entities then agree with the schema the migrations build.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFromDifferences } from '../../../src/core/generate';
import { runLint } from '../../../src/core/lint';
import { lintMigrations, readMigrationFiles } from '../../../src/core/migrations';
import { entityDifferenceCodes } from '../../../src/core/rules';

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

  it('example, replayed: the generated migration runs, its down() undoes its up(), and the entities then agree with the migrations', async () => {
    const root = join(dir, 'example-replayed');
    cpSync(join(FIXTURES, 'example'), root, { recursive: true });
    const replayed = async (): Promise<string[]> => {
      const result = await runLint({ root, database: 'never', cacheDir: join(dir, 'example-cache') });
      assert.ok(result.replayed, result.problems.map((problem) => problem.message).join('\n'));
      return result.findings.filter((finding) => finding.code === 'SL624' || finding.code.startsWith('SL45') || entityDifferenceCodes.has(finding.code)).map((finding) => `${finding.code} ${finding.message}`);
    };
    const before = await replayed();
    assert.equal(before.length, 1, before.join('\n'));
    assert.match(before[0]!, /^SL102 .*projects\.archivedAt/);
    const generated = await generateFromDifferences({ root, name: 'fix', timestamp: 1800000000000 });
    assert.ok(generated.migration);
    writeFileSync(generated.migration.file, generated.migration.text);
    assert.deepEqual(await replayed(), []);
  });
});

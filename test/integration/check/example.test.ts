// The example workspace `npm start` checks: exactly its two deliberate problems, whether the
// actual schema comes from a real database its migration ran on, or from the shadow replay.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runCheck, type CheckResult } from '../../../src/core/check';
import { createTestDatabase } from '../support/postgres';

const ROOT = join(__dirname, '..', '..', 'fixtures', 'example');

function summary(result: CheckResult): string[] {
  return result.findings.map((finding) => `${finding.code} ${finding.table}.${finding.column} ${finding.span ? `${finding.span.file.slice(ROOT.length + 1)}:${finding.span.start.line + 1}` : ''}`);
}

const EXPECTED = [
  'SL102 projects.archivedAt src/entities/project.entity.ts:17',
  'SL301 tasks.assigneeId src/entities/task.entity.ts:29',
];

describe('the example workspace', function () {
  this.timeout(180_000);

  it('against a database its migration built: the entity change without migration, and the unindexed join column', async () => {
    const database = await createTestDatabase('example');
    try {
      const { InitialSchema1700000000000 } = await import(join(ROOT, 'src', 'migrations', '1700000000000-InitialSchema.ts'));
      const dataSource = new DataSource({ type: 'postgres', url: database.url, migrations: [InitialSchema1700000000000] });
      await dataSource.initialize();
      await dataSource.runMigrations();
      await dataSource.destroy();
      const result = await runCheck({ root: ROOT, overrides: { db: database.url }, shadow: 'never' });
      assert.equal(result.source, 'database');
      assert.deepEqual(summary(result), EXPECTED);
    } finally {
      await database.drop();
    }
  });

  it('with no database, from the shadow replay of its migrations: the same two', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'schema-lens-example-shadow-'));
    try {
      const result = await runCheck({ root: ROOT, shadow: 'always', cacheDir });
      assert.equal(result.source, 'shadow');
      assert.deepEqual(summary(result), EXPECTED);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

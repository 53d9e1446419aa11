import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ShadowDatabase } from '../../../src/core/shadow';

describe('ShadowDatabase', () => {
  it('with no migration files, answers an empty schema and a warning without starting a process', async () => {
    const shadow = new ShadowDatabase({ cacheDir: join(tmpdir(), 'sl-shadow-unused') });
    try {
      const result = await shadow.analyse(
        { name: 'default', root: '/project', file: '/project/src/data-source.ts', entityGlobs: [], migrationGlobs: ['src/migrations/*.ts'], migrationsTableName: 'migrations', migrationsTransactionMode: 'all', naming: 'default', schema: 'public' },
        [],
      );
      assert.deepEqual(result.model, { tables: [], enums: [], views: [] });
      assert.match(result.problems[0].message, /No migration files match src\/migrations\/\*\.ts under \/project/);
      assert.equal(result.problems[0].file, '/project/src/data-source.ts');
      assert.equal((shadow as unknown as { child?: unknown }).child, undefined);
    } finally {
      await shadow.dispose();
    }
  });
});

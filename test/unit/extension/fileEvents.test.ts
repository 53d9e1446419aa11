import assert from 'node:assert/strict';
import type { DataSourceConfig } from '../../../src/core/config/index';
import { fileEventActions, type WatchedSource } from '../../../src/extension/fileEvents';

const root = '/work/app';

function source(overrides: Partial<DataSourceConfig> = {}, owned: string[] = []): WatchedSource {
  const config: DataSourceConfig = {
    name: 'default', root, file: `${root}/src/data-source.ts`,
    entityGlobs: ['src/entity/*.ts'], migrationGlobs: ['src/migration/*.ts'], migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all', naming: 'default', schema: 'public', ...overrides,
  };
  return { config, owns: (file) => owned.includes(file) };
}

describe('extension/fileEventActions', () => {
  it('reads the project again when its DataSource file, an .env or an ormconfig changes, and nothing else', () => {
    for (const file of ['src/data-source.ts', '.env', '.env.local', 'packages/api/ormconfig.json']) {
      assert.deepEqual(fileEventActions(source(), `${root}/${file}`, 'change', false), ['rediscover'], file);
    }
  });

  it('ignores files outside the data source root', () => {
    assert.deepEqual(fileEventActions(source(), '/work/other/src/entity/user.ts', 'create', false), []);
    assert.deepEqual(fileEventActions(source(), '/work/other/.env', 'change', false), []);
  });

  it('re-reads migrations on any event under the migration globs', () => {
    for (const kind of ['change', 'create', 'delete'] as const) {
      assert.deepEqual(fileEventActions(source(), `${root}/src/migration/1700-add.ts`, kind, false), ['migrations'], kind);
    }
  });

  it('re-reads an entity changed on disk, unless an open buffer follows it', () => {
    const user = `${root}/src/entity/user.ts`;
    assert.deepEqual(fileEventActions(source({}, [user]), user, 'change', false), ['entity']);
    assert.deepEqual(fileEventActions(source({}, [user]), user, 'change', true), []);
    assert.deepEqual(fileEventActions(source(), user, 'change', false), [], 'a file the data source does not own');
  });

  it('finds the entity files again when one appears or goes away under the entity globs, or anywhere for a decorator scan', () => {
    assert.deepEqual(fileEventActions(source(), `${root}/src/entity/post.ts`, 'create', false), ['entityFiles']);
    assert.deepEqual(fileEventActions(source(), `${root}/src/entity/post.ts`, 'delete', false), ['entityFiles']);
    assert.deepEqual(fileEventActions(source(), `${root}/src/service/post.ts`, 'create', false), []);
    const scanned = source({ discovery: { method: 'scan' } });
    assert.deepEqual(fileEventActions(scanned, `${root}/src/service/post.ts`, 'create', false), ['entityFiles']);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSourceConfig } from '../../../src/core/config';
import { CacheEntry, cachedResult, migrationInputKey, readMigrationSources } from '../../../src/core/shadow/cache';

const dataSource = (root: string, overrides: Partial<DataSourceConfig> = {}): DataSourceConfig => ({
  name: 'default',
  root,
  entityGlobs: [],
  migrationGlobs: [],
  migrationsTableName: 'migrations',
  migrationsTransactionMode: 'all',
  naming: 'default',
  schema: 'public',
  ...overrides,
});

describe('shadow cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sl-shadow-cache-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keys the result by settings and every migration file content', () => {
    const file = join(dir, '1700000000000-A.ts');
    writeFileSync(file, 'one');
    const key = migrationInputKey(dataSource(dir), readMigrationSources([file]));
    assert.equal(migrationInputKey(dataSource(dir), readMigrationSources([file])), key);
    assert.notEqual(migrationInputKey(dataSource(dir, { migrationsTableName: 'history' }), readMigrationSources([file])), key);
    writeFileSync(file, 'two');
    assert.notEqual(migrationInputKey(dataSource(dir), readMigrationSources([file])), key);
  });

  it('answers a warm re-check from the saved state, and nothing once a migration changed', () => {
    const file = join(dir, '1700000000000-A.ts');
    writeFileSync(file, 'one');
    const source = dataSource(dir);
    const entry = new CacheEntry(join(dir, 'cache'), source);
    const result = { model: { tables: [], enums: [], views: [] }, problems: [], findings: [] };
    entry.write({ inputKey: migrationInputKey(source, readMigrationSources([file])), result });
    assert.deepEqual(cachedResult(source, [file], join(dir, 'cache')), { ...result, replayed: 0, fromCache: true });
    writeFileSync(file, 'edited');
    assert.equal(cachedResult(source, [file], join(dir, 'cache')), undefined);
  });

  it('answers a request for the down() check (SL624) only from a state that has it, with its findings added', () => {
    const file = join(dir, '1700000000000-A.ts');
    writeFileSync(file, 'one');
    const source = dataSource(dir);
    const cache = join(dir, 'cache');
    const entry = new CacheEntry(cache, source);
    const inputKey = migrationInputKey(source, readMigrationSources([file]));
    const result = { model: { tables: [], enums: [], views: [] }, problems: [], findings: [] };
    entry.write({ inputKey, result });
    assert.equal(cachedResult(source, [file], cache, true), undefined, 'replayed without the check: it must run');
    const sl624 = { code: 'SL624', category: 'lint' as const, severity: 'warning' as const, message: 'A1700000000000: down() leaves index IDX_a ("a") on table "t"', schema: 'public', table: '', file, fixes: [] };
    entry.write({ inputKey, result: { ...result, down: [{ name: 'A1700000000000', findings: [sl624] }] } });
    assert.deepEqual(cachedResult(source, [file], cache, true)?.findings, [sl624]);
    assert.deepEqual(cachedResult(source, [file], cache, false)?.findings, [], 'not asked for: not given');
  });

  it('lets one owner hold the lock; a lock left by a dead process is taken over', async () => {
    const entry = new CacheEntry(join(dir, 'cache'), dataSource(dir));
    const release = await entry.lock(0);
    assert.ok(release);
    assert.equal(await entry.lock(150), undefined, 'a second owner waits, then gives up');
    release();
    const again = await entry.lock(0);
    assert.ok(again);
    again();
    // A pid that cannot exist: the process that wrote it is gone.
    writeFileSync(join(entry.dir, 'lock'), '2147483646');
    const takeover = await entry.lock(0);
    assert.ok(takeover, 'a stale lock is taken over');
    takeover();
  });
});

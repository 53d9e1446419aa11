import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadMigrations } from '../../../src/core/migrations/load';

const root = resolve(__dirname, '..', '..', 'fixtures', 'shadow', 'load');
const file = (name: string): string => join(root, 'migrations', name);
const allFiles = readdirSync(join(root, 'migrations')).map(file);

describe('loadMigrations', () => {
  it('loads good files in timestamp order, with the name TypeORM records', async () => {
    const { migrations } = await loadMigrations(allFiles, { root });
    assert.deepEqual(
      migrations.map((m) => [m.name, m.timestamp, basename(m.file)]),
      [
        ['CreateUser1700000000000', 1700000000000, '1700000000000-CreateUser.ts'],
        ['NoNameProperty1700000000001', 1700000000001, '1700000000001-NoNameProperty.ts'],
        ['UsesHelpers1700000000002', 1700000000002, '1700000000002-UsesHelpers.ts'],
      ],
    );
  });

  it('runs migration code that imports project TypeScript (relative and tsconfig paths)', async () => {
    const { migrations } = await loadMigrations([file('1700000000002-UsesHelpers.ts')], { root });
    const executed: string[] = [];
    const instance = new migrations[0].migrationClass() as { up(runner: unknown): Promise<void> };
    await instance.up({ query: async (sql: string) => executed.push(sql) });
    assert.deepEqual(executed, ['ALTER TABLE "user" ADD "email" character varying']);
  });

  it('gives value imports from typeorm the real classes', async () => {
    const { migrations } = await loadMigrations([file('1700000000000-CreateUser.ts')], { root });
    const created: unknown[] = [];
    const instance = new migrations[0].migrationClass() as { up(runner: unknown): Promise<void> };
    await instance.up({ createTable: async (table: unknown) => created.push(table) });
    const { Table } = await import('typeorm');
    assert.ok(created[0] instanceof Table);
  });

  it('reports each bad file with its reason and still loads the rest', async () => {
    const { migrations, problems } = await loadMigrations(allFiles, { root });
    assert.equal(migrations.length, 3);
    const byFile = new Map(problems.map((p) => [basename(p.file ?? ''), p]));
    assert.match(byFile.get('1700000000003-SyntaxError.ts')!.message, /syntax error at 1700000000003-SyntaxError\.ts:5:\d+: '\)' expected/);
    assert.match(byFile.get('1700000000004-ThrowsOnLoad.ts')!.message, /configuration missing: SECRET_SALT/);
    assert.match(byFile.get('1700000000005-MissingImport.ts')!.message, /Cannot find module '\.\.\/src\/does-not-exist'/);
    assert.match(byFile.get('NoTimestamp.ts')!.message, /no 13-digit timestamp/);
    assert.equal(byFile.get('index.ts')!.severity, 'warning');
    assert.equal(problems.length, 5);
    for (const problem of problems) assert.equal(problem.file?.startsWith(root), true);
  });

  it('reports a file that does not exist instead of throwing', async () => {
    const { migrations, problems } = await loadMigrations([file('1699999999999-Gone.ts')], { root });
    assert.equal(migrations.length, 0);
    assert.match(problems[0].message, /Could not load migration 1699999999999-Gone\.ts: ENOENT/);
  });

  it('reports two migrations with the same name', async () => {
    const one = file('1700000000001-NoNameProperty.ts');
    const { migrations, problems } = await loadMigrations([one, one], { root });
    assert.equal(migrations.length, 1);
    assert.match(problems[0].message, /already used/);
  });
});

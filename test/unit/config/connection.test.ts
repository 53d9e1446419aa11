import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeConnection, findFiles } from '../../../src/core/config';
import { sourceGlob } from '../../../src/core/config/globs';

describe('describeConnection', () => {
  it('shows user@host:port/database and never the password', () => {
    assert.equal(describeConnection({ url: 'postgres://app:secret@db.internal:6543/shop' }), 'app@db.internal:6543/shop');
    assert.equal(describeConnection({ url: 'postgresql://db.internal/shop?sslmode=require' }), 'db.internal:5432/shop (ssl)');
    assert.equal(describeConnection({ host: 'h', user: 'u', password: 'secret', database: 'd' }), 'u@h:5432/d');
    assert.equal(describeConnection({}), 'localhost:5432/');
    assert.equal(describeConnection({ url: 'not a url secret' }), 'invalid connection URL');
  });
});

describe('findFiles', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'schema-lens-files-'));
    for (const file of ['src/b.entity.ts', 'src/a.entity.ts', 'src/deep/c.entity.ts', 'node_modules/x/d.entity.ts', 'src/[id].entity.ts']) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), '');
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives absolute, sorted, de-duplicated paths and never node_modules', async () => {
    assert.deepEqual(await findFiles(root, ['**/*.entity.ts', 'src/*.entity.ts']), [
      join(root, 'src/[id].entity.ts'),
      join(root, 'src/a.entity.ts'),
      join(root, 'src/b.entity.ts'),
      join(root, 'src/deep/c.entity.ts'),
    ]);
    assert.deepEqual(await findFiles(root, []), []);
  });
});

describe('sourceGlob', () => {
  const root = '/project';
  it('maps compiled output to sources where the layout makes it obvious', () => {
    const layout = { baseUrl: root, outDir: '/project/lib', rootDir: '/project/source' };
    assert.equal(sourceGlob('lib/**/*.entity.js', root, layout), 'source/**/*.entity.ts');
    assert.equal(sourceGlob('/project/lib/entities/*.js', root, layout), 'source/entities/*.ts');
    assert.equal(sourceGlob('./src/**/*.entity{.ts,.js}', root, layout), 'src/**/*.entity.ts');
    assert.equal(sourceGlob('src/**/*.entity.{js,ts}', root, layout), 'src/**/*.entity.ts');
    assert.equal(sourceGlob('/project/src/../entities/*.ts', root, layout), 'entities/*.ts');
  });
});

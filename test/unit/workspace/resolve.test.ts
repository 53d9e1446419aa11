// Module resolution over small monorepos written as real ones are (test/fixtures/workspaces):
// npm workspaces with exports maps, pnpm-workspace.yaml, tsconfig references and package extends,
// packages whose build output is absent. Nothing is installed: no node_modules, no dist.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCache, ModuleResolution, exportsTargets, notInWorkspace, parsePnpmWorkspace, readWorkspace, splitPackageSpecifier, unreadableImport } from '../../../src/core/workspace';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'workspaces');

describe('workspace module resolution', () => {
  describe('npm workspaces with exports maps, dist absent', () => {
    const root = join(fixtures, 'npm-exports');
    const server = join(root, 'packages/server');
    const entity = join(server, 'src/entities/order.entity.ts');
    const resolution = new ModuleResolution({ root: server });

    it('finds the workspace root and its packages from a package folder', () => {
      const workspace = resolution.workspace;
      assert.equal(workspace.root, root);
      assert.equal(workspace.declaredBy, 'package.json');
      assert.deepEqual([...workspace.packages.keys()].sort(), ['@acme/common', '@acme/legacy', '@acme/server', 'acme']);
    });

    it("maps a package's exports '.' (types/import/require into the absent dist) to its source", () => {
      assert.deepEqual(resolution.resolve('@acme/common', entity), { kind: 'file', file: join(root, 'packages/common/src/index.ts') });
    });

    it('maps an exports subpath pattern (./lib/*) through the package tsconfig outDir/rootDir', () => {
      assert.equal(resolution.resolveFile('@acme/common/lib/limits', entity), join(root, 'packages/common/src/lib/limits.ts'));
    });

    it("maps main/typings in lib/ to src/ by convention when there is no tsconfig, and a deep import the same way", () => {
      assert.equal(resolution.resolveFile('@acme/legacy', entity), join(root, 'packages/legacy/src/index.ts'));
      assert.equal(resolution.resolveFile('@acme/legacy/lib/sizes', entity), join(root, 'packages/legacy/src/sizes.ts'));
    });

    it('reads a .js specifier as its .ts source', () => {
      const index = join(root, 'packages/common/src/index.ts');
      assert.equal(resolution.resolveFile('./lib/limits.js', index), join(root, 'packages/common/src/lib/limits.ts'));
    });

    it('keeps a package outside the workspace, and Node built-ins, external', () => {
      assert.deepEqual(resolution.resolve('@acme/geo', entity), { kind: 'external', package: '@acme/geo' });
      assert.deepEqual(resolution.resolve('typeorm', entity), { kind: 'external', package: 'typeorm' });
      assert.deepEqual(resolution.resolve('@nestjs/common/decorators', entity), { kind: 'external', package: '@nestjs/common' });
      assert.deepEqual(resolution.resolve('node:path', entity), { kind: 'external', package: 'node:path' });
    });

    it('says missing (with the package) for a workspace package subpath that has no source, and for a relative path', () => {
      assert.deepEqual(resolution.resolve('@acme/common/lib/nowhere', entity), { kind: 'missing', package: '@acme/common' });
      assert.deepEqual(resolution.resolve('./nowhere', entity), { kind: 'missing' });
    });

    it('answers a specifier seen before from its cache, until clear()', () => {
      const dir = mkdtempSync(join(tmpdir(), 'schema-lens-ws-'));
      try {
        writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\n");
        const fresh = new ModuleResolution({ root: dir });
        const from = join(dir, 'a.ts');
        assert.equal(fresh.resolveFile('./b', from), undefined);
        writeFileSync(join(dir, 'b.ts'), 'export const b = 1;\n');
        assert.equal(fresh.resolveFile('./b', from), undefined, 'cached until clear()');
        fresh.clear();
        assert.equal(fresh.resolveFile('./b', from), join(dir, 'b.ts'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('pnpm-workspace.yaml, package extends, outDir/rootDir, nested tsconfig', () => {
    const root = join(fixtures, 'pnpm');
    const api = join(root, 'apps/api');
    const entity = join(api, 'src/users/user.entity.ts');
    const resolution = new ModuleResolution({ root: api });

    it('reads the packages of pnpm-workspace.yaml, negations excluded', () => {
      const workspace = resolution.workspace;
      assert.equal(workspace.declaredBy, 'pnpm-workspace.yaml');
      assert.deepEqual(workspace.patterns, ['apps/*', 'libs/**', '!**/test/**']);
      assert.equal(workspace.packages.get('@pnpm-demo/money')?.dir, join(root, 'libs/money'), 'not libs/money/test');
    });

    it("maps main: build/index.js through the package tsconfig's outDir build / rootDir source", () => {
      assert.equal(resolution.resolveFile('@pnpm-demo/money', entity), join(root, 'libs/money/source/index.ts'));
    });

    it('resolves tsconfig paths and baseUrl of the config nearest the file', () => {
      assert.equal(resolution.resolveFile('@api/users/limits', entity), join(api, 'src/users/limits.ts'));
      assert.equal(resolution.resolveFile('src/users/table', entity), join(api, 'src/users/table.ts'));
    });

    it('takes strict from a config extended by package name (a workspace package), past an uninstalled one', () => {
      assert.equal(resolution.strictNullChecks(), true);
    });

    it("uses a nested tsconfig's own paths for the files under it, and the project's for the rest", () => {
      const script = join(api, 'src/scripts/run.ts');
      assert.equal(resolution.resolveFile('@tools/seed', script), join(api, 'src/scripts/tools/seed.ts'));
      assert.equal(resolution.resolveFile('@tools/seed', entity), undefined);
      assert.equal(resolution.resolveFile('@api/users/limits', script), join(api, 'src/users/limits.ts'));
    });
  });

  describe('tsconfig references, base paths, package extends (yarn berry workspaces)', () => {
    const root = join(fixtures, 'references');
    const resolution = new ModuleResolution({ root });
    const order = join(root, 'packages/app/src/orders/order.entity.ts');

    it("reads workspaces: { packages } and resolves the base config's paths for a file of a referenced project", () => {
      assert.equal(resolution.workspace.declaredBy, 'package.json');
      assert.equal(resolution.resolveFile('@refs/core', order), join(root, 'packages/core/src/index.ts'));
    });

    it("picks, under a solution-style tsconfig, the referenced project that takes the file in (its own paths)", () => {
      const spec = join(root, 'packages/app/src/orders/order.spec.ts');
      assert.equal(resolution.resolveFile('@refs/core', spec), join(root, 'packages/core/src/testing.ts'));
    });

    it("maps a relative import into a referenced project's absent outDir to its rootDir", () => {
      assert.equal(resolution.resolveFile('../../../core/lib/base/audited', order), join(root, 'packages/core/src/base/audited.ts'));
    });

    it("follows extends of another workspace package's tsconfig by package name", () => {
      const log = join(root, 'packages/audit/src/log.ts');
      assert.equal(resolution.resolveFile('@refs/core/index', log), join(root, 'packages/core/src/index.ts'));
    });

    it('takes strictNullChecks from the base config', () => {
      assert.equal(new ModuleResolution({ root: join(root, 'packages/core') }).strictNullChecks(), true);
    });
  });

  describe('links and local dependencies', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'schema-lens-links-'));
      const write = (file: string, text: string) => {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        writeFileSync(join(dir, file), text);
      };
      // No workspace declaration: the app reaches the sdk through a file: dependency and a node_modules link.
      write('sdk/package.json', JSON.stringify({ name: '@app/sdk', main: 'build/index.js', types: 'build/index.d.ts' }));
      write('sdk/tsconfig.json', JSON.stringify({ compilerOptions: { outDir: 'build' }, include: ['src/**/*.ts'] }));
      write('sdk/src/index.ts', 'export const SDK = 1;\n');
      write('shared/package.json', JSON.stringify({ name: '@app/shared', exports: { '.': './dist/index.js' } }));
      write('shared/src/index.ts', 'export const SHARED = 1;\n');
      write('app/package.json', JSON.stringify({ name: 'app', dependencies: { '@app/sdk': 'file:../sdk', lodash: '^4.0.0' } }));
      write('app/src/main.ts', "import { SDK } from '@app/sdk';\n");
      write('app/node_modules/lodash/package.json', JSON.stringify({ name: 'lodash', main: 'lodash.js' }));
      write('app/node_modules/lodash/lodash.js', 'module.exports = {};\n');
      mkdirSync(join(dir, 'app/node_modules/@app'), { recursive: true });
      symlinkSync(join(dir, 'shared'), join(dir, 'app/node_modules/@app/shared'), 'dir');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('resolves a file: dependency to the source of the folder it names', () => {
      const resolution = new ModuleResolution({ root: join(dir, 'app') });
      assert.equal(resolution.resolveFile('@app/sdk', join(dir, 'app/src/main.ts')), join(dir, 'sdk/src/index.ts'));
    });

    it('resolves a node_modules link to a folder outside node_modules to its source; an installed package stays external', () => {
      const resolution = new ModuleResolution({ root: join(dir, 'app') });
      const main = join(dir, 'app/src/main.ts');
      assert.equal(resolution.resolveFile('@app/shared', main), join(dir, 'shared/src/index.ts'));
      assert.deepEqual(resolution.resolve('lodash', main), { kind: 'external', package: 'lodash' });
    });
  });
});

describe('workspace helpers', () => {
  it('exportsTargets: exact keys, conditions in map order, nested conditions, patterns with the longest prefix, folder keys, sugar', () => {
    const exportsField = {
      '.': { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.cjs', browser: './dist/browser.js' },
      './utils': { node: { import: './dist/utils.mjs' }, default: './dist/utils.js' },
      './*': './dist/*.js',
      './lib/*': { types: './types/lib/*.d.ts', default: './dist/lib/*.js' },
      './lib/internal/*': null,
    };
    assert.deepEqual(exportsTargets(exportsField, '.'), ['./dist/index.d.ts', './dist/index.mjs', './dist/index.cjs']);
    assert.deepEqual(exportsTargets(exportsField, './utils'), ['./dist/utils.mjs', './dist/utils.js']);
    assert.deepEqual(exportsTargets(exportsField, './lib/x'), ['./types/lib/x.d.ts', './dist/lib/x.js']);
    assert.deepEqual(exportsTargets(exportsField, './lib/internal/secret'), []);
    assert.deepEqual(exportsTargets(exportsField, './other'), ['./dist/other.js']);
    assert.deepEqual(exportsTargets({ '.': './index.js', './legacy/': './old/' }, './legacy/a/b.js'), ['./old/a/b.js']);
    assert.deepEqual(exportsTargets('./index.js', '.'), ['./index.js']);
    assert.deepEqual(exportsTargets({ import: './a.mjs', require: './a.cjs' }, '.'), ['./a.mjs', './a.cjs']);
    assert.deepEqual(exportsTargets({ '.': './a.js' }, './b'), []);
  });

  it('parsePnpmWorkspace: block and flow lists, quotes, comments; other keys ignored', () => {
    assert.deepEqual(parsePnpmWorkspace("packages:\n  - 'apps/*'\n  # comment\n  - \"libs/**\" # trailing\n  - '!**/test/**'\ncatalog:\n  - nope\n"), ['apps/*', 'libs/**', '!**/test/**']);
    assert.deepEqual(parsePnpmWorkspace("packages: ['a/*', \"b\"]\n"), ['a/*', 'b']);
    assert.deepEqual(parsePnpmWorkspace('onlyBuiltDependencies:\n  - esbuild\n'), []);
  });

  it('splitPackageSpecifier: scoped and unscoped names with subpaths', () => {
    assert.deepEqual(splitPackageSpecifier('@scope/common/lib/x'), { name: '@scope/common', subpath: 'lib/x' });
    assert.deepEqual(splitPackageSpecifier('lodash/fp'), { name: 'lodash', subpath: 'fp' });
    assert.deepEqual(splitPackageSpecifier('typeorm'), { name: 'typeorm', subpath: '' });
    assert.equal(splitPackageSpecifier('@scope'), undefined);
  });

  it('readWorkspace: lerna.json packages (default packages/*)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-lens-lerna-'));
    try {
      writeFileSync(join(dir, 'lerna.json'), JSON.stringify({ version: 'independent' }));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'root' }));
      mkdirSync(join(dir, 'packages/a'), { recursive: true });
      writeFileSync(join(dir, 'packages/a/package.json'), JSON.stringify({ name: '@l/a' }));
      const workspace = readWorkspace(join(dir, 'packages/a'), new FileCache());
      assert.equal(workspace.declaredBy, 'lerna.json');
      assert.equal(workspace.root, dir);
      assert.equal(workspace.packages.get('@l/a')?.dir, join(dir, 'packages/a'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('messages name the import and the package, never a structure', () => {
    assert.equal(notInWorkspace('Status.Active', '@scope/x'), "`Status.Active` is imported from the package '@scope/x', which is not in this workspace");
    assert.equal(notInWorkspace('X', '@scope/x/sub'), "`X` is imported from '@scope/x/sub', of the package '@scope/x', which is not in this workspace");
    assert.equal(unreadableImport('X', '@scope/x/lib/y', { kind: 'missing', package: '@scope/x' }), "`X` is imported from '@scope/x/lib/y', but the package '@scope/x' of this workspace has no source file for it");
    assert.match(unreadableImport('X', './nowhere', { kind: 'missing' })!, /^Cannot find module '\.\/nowhere'/);
    assert.equal(unreadableImport('X', './x', { kind: 'file', file: '/x.ts' }), undefined);
  });
});

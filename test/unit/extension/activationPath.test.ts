// Activation must stay cheap (< 300 ms): dist/extension.js may only hold the small modules that
// create the log, the status bar and the command registrations. Everything heavy (the core,
// ts-morph, pg, TypeORM, the migrations feature) belongs to dist/engine.js, loaded afterwards.
// This walks the runtime imports of extension.ts (type-only imports do not count) and fails
// when one reaches a heavy module.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const extensionDir = join(__dirname, '..', '..', '..', 'src', 'extension');
const runtimeImport = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(runtimeImport)].map((m) => m[1]);
}

function activationModules(): { local: string[]; packages: string[] } {
  const local = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (local.has(file)) return;
    local.add(file);
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const base = resolve(dirname(file), specifier);
      const target = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
      assert.ok(target, `${relative(extensionDir, file)} imports ${specifier}, which does not exist`);
      visit(target);
    }
  };
  visit(join(extensionDir, 'extension.ts'));
  return { local: [...local].map((f) => relative(extensionDir, f)), packages: [...packages] };
}

describe('extension/activation path', () => {
  it('the import walk sees runtime imports and skips type-only ones', () => {
    const sample = `import type { A } from './a';\nimport { b } from './b';\nimport * as c from 'c';\nexport { d } from './d';\nimport './e';`;
    assert.deepEqual([...sample.matchAll(runtimeImport)].map((m) => m[1]), ['./b', 'c', './d', './e']);
  });

  it('extension.ts reaches no core module, no migrations feature and no heavy package', () => {
    const { local, packages } = activationModules();
    assert.ok(local.includes('extension.ts') && local.length > 1);
    const heavyLocal = local.filter((file) => file.startsWith('..') || file.startsWith('migrations') || file === 'engine.ts');
    assert.deepEqual(heavyLocal, [], `activation imports: ${local.join(', ')}`);
    assert.deepEqual(packages.filter((p) => !['vscode', 'node:path'].includes(p)), [], `activation packages: ${packages.join(', ')}`);
  });
});

// src/core/workspace sits below config/ and entities/: it may use model types and errors, nothing
// else of the core, so that both readers can depend on it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', '..', '..', 'src', 'core', 'workspace');

describe('workspace layering', () => {
  it('imports nothing from src/core but model and errors', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]*)['"]/g)) {
        const specifier = match[1]!;
        if (specifier.startsWith('./') || /^\.\.\/(?:model(?:\/|$)|errors$)/.test(specifier)) continue;
        offenders.push(`${file}: ${specifier}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});

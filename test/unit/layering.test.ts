// DESIGN.md: src/core is pure TypeScript with no editor API. This guards the boundary.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const coreDir = join(__dirname, '..', '..', 'src', 'core');
const importsVscode = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]vscode['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.[cm]?tsx?$/.test(entry) ? [path] : [];
  });
}

describe('layering', () => {
  it('finds the core sources', () => {
    assert.ok(sourceFiles(coreDir).length > 0);
  });

  it('no file under src/core imports vscode', () => {
    const offenders = sourceFiles(coreDir).filter((file) => importsVscode.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, [], `src/core must not import vscode: ${offenders.join(', ')}`);
  });

  it('the check itself recognises every import form', () => {
    for (const line of [`import * as vscode from 'vscode';`, `import { window } from "vscode"`, `const v = require('vscode')`, `await import('vscode')`, `import 'vscode';`]) {
      assert.ok(importsVscode.test(line), line);
    }
    assert.ok(!importsVscode.test(`import { x } from './vscode-like'`));
  });
});

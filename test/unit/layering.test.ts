// The direction of dependencies in src/ (docs/ARCHITECTURE.md, "What may import what"). Every
// import between files of src/ (type-only ones included: they couple files too) must go down the
// layer table below, and no group of files may import each other in a circle. A failure names the
// import and the rule it breaks.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const srcDir = join(__dirname, '..', '..', 'src');
const coreDir = join(srcDir, 'core');
const importsVscode = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]vscode['"]/;

/**
 * The layer table: each unit (a folder or file under src/, the longest match wins) and the units
 * it may import, at run time or as types; `types` lists units it may import types from only (it
 * gets the values at run time from its caller). A unit may always import its own files. The same
 * table, in words, is in docs/ARCHITECTURE.md; the last test keeps the two equal.
 */
export const layers: Record<string, { imports: string[]; types?: string[] }> = {
  'core/errors.ts': { imports: [] },
  'core/model': { imports: ['core/errors.ts'] },
  'core/workspace': { imports: ['core/model', 'core/errors.ts'] },
  'core/config': { imports: ['core/workspace', 'core/model', 'core/errors.ts'] },
  'core/dialect': { imports: ['core/config', 'core/model', 'core/errors.ts'] },
  'core/entities': { imports: ['core/dialect', 'core/config', 'core/workspace', 'core/model', 'core/errors.ts'] },
  'core/diff': { imports: ['core/model'], types: ['core/dialect'] },
  'core/rules': { imports: ['core/diff', 'core/model'], types: ['core/dialect'] },
  'core/report': { imports: ['core/rules', 'core/model'] },
  'core/schema-docs': { imports: ['core/report', 'core/rules', 'core/model'] },
  'core/diagram-protocol.ts': { imports: [], types: ['core/schema-docs'] },
  'core/migrations': { imports: ['core/rules', 'core/dialect', 'core/config', 'core/model', 'core/errors.ts'] },
  'core/shadow': { imports: ['core/migrations', 'core/rules', 'core/diff', 'core/dialect', 'core/config', 'core/model', 'core/errors.ts'] },
  'core/analyze.ts': { imports: ['core/rules', 'core/dialect', 'core/model'] },
  'core/lint-pending.ts': { imports: ['core/migrations', 'core/rules', 'core/entities', 'core/dialect', 'core/config'] },
  'core/lint.ts': { imports: ['core/check.ts', 'core/lint-pending.ts', 'core/migrations', 'core/rules', 'core/dialect', 'core/config', 'core/model', 'core/errors.ts'] },
  'core/check.ts': { imports: ['core/analyze.ts', 'core/lint-pending.ts', 'core/shadow', 'core/migrations', 'core/rules', 'core/diff', 'core/entities', 'core/dialect', 'core/config', 'core/workspace', 'core/model', 'core/errors.ts'] },
  'core/health.ts': { imports: ['core/analyze.ts', 'core/rules', 'core/entities', 'core/dialect', 'core/config', 'core/model', 'core/errors.ts'] },
  'core/optimize.ts': { imports: ['core/health.ts', 'core/migrations', 'core/dialect'] },
  'core/generate.ts': { imports: ['core/check.ts', 'core/migrations', 'core/rules', 'core/config', 'core/model'] },
  cli: { imports: ['core/*'] },
  extension: { imports: ['core/*'] },
  webview: { imports: ['core/*'] },
};

/**
 * What the front ends (`core/*` above) may import from the core: its public entry points, that is
 * a core folder's index.ts or a file directly in src/core (the orchestration and errors.ts).
 * Anything else under src/core is the core's inside.
 */
function isPublicEntry(path: string): boolean {
  return /^core\/[^/]+\/index\.ts$/.test(path) || /^core\/[^/]+\.ts$/.test(path);
}

/**
 * Imports the table does not allow that stand for now, each with its reason and when it goes:
 * `from` a file, `to` a file or folder under src/.
 */
const exceptions: Array<{ from: string; to: string; reason: string }> = [];

/** Files that only these units may import, whatever the table says. */
const narrowFiles: Record<string, string[]> = {};

/**
 * Packages only some units may import: the editor's API only the extension; the PostgreSQL driver
 * only the dialect and the code that runs or replays migrations (never the diff or a rule); the
 * embedded PostgreSQL only the shadow.
 */
const packageRules: Record<string, string[]> = {
  vscode: ['extension'],
  pg: ['core/dialect', 'core/migrations', 'core/shadow', 'core/lint.ts', 'core/lint-pending.ts', 'core/check.ts'],
  '@electric-sql/pglite': ['core/shadow'],
  '@electric-sql/pglite-socket': ['core/shadow'],
  elkjs: ['webview'],
};

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface Import {
  from: string;
  specifier: string;
  /** The file under src/ it resolves to, when it does. */
  to?: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.[cm]?tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

const srcPath = (file: string): string => relative(srcDir, file).split(sep).join('/');

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** Every import of a file: static and dynamic, `export ... from`, `require()`, `import('x').T`. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    found.push({ from: file, specifier, to: resolveImport(file, specifier), typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (!clause.name && named !== undefined && named.length > 0 && named.every((element) => element.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier.text, node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((element) => element.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The unit a path under src/ belongs to: the longest key of `layers` that is it or a folder above it. */
export function unitOf(path: string): string | undefined {
  let best: string | undefined;
  for (const unit of Object.keys(layers)) {
    if ((path === unit || path.startsWith(`${unit}/`)) && (!best || unit.length > best.length)) best = unit;
  }
  return best;
}

function describeRule(unit: string): string {
  const rule = layers[unit]!;
  if (rule.imports.includes('core/*')) return `${unit} may import the core only through its public entry points (a core folder's index.ts, or a file directly in src/core)`;
  const runtime = rule.imports.length ? rule.imports.join(', ') : 'nothing outside itself';
  return `${unit} may import ${runtime}${rule.types?.length ? `, and types only from ${rule.types.join(', ')}` : ''}`;
}

/** Each import that breaks the layer table, as a sentence. */
export function layerViolations(imports: readonly Import[]): string[] {
  const problems: string[] = [];
  for (const entry of imports) {
    const from = srcPath(entry.from);
    const fromUnit = unitOf(from);
    if (!entry.specifier.startsWith('.')) {
      const allowed = packageRules[packageOf(entry.specifier)];
      if (allowed && !allowed.includes(fromUnit ?? '')) problems.push(`src/${from} imports '${entry.specifier}': only ${allowed.join(', ')} may import it`);
      continue;
    }
    if (!entry.to || !entry.to.startsWith(srcDir + sep)) continue;
    const to = srcPath(entry.to);
    const toUnit = unitOf(to);
    if (!fromUnit) {
      problems.push(`src/${from} is in no unit of the layer table (test/unit/layering.test.ts): add its folder`);
      continue;
    }
    const narrow = narrowFiles[to];
    if (narrow && !narrow.includes(fromUnit)) {
      problems.push(`src/${from} imports src/${to}: only ${narrow.join(', ')} may import it`);
      continue;
    }
    if (!toUnit || toUnit === fromUnit) continue;
    if (exceptions.some((exception) => exception.from === from && (to === exception.to || (exception.to.endsWith('/') && to.startsWith(exception.to))))) continue;
    const rule = layers[fromUnit]!;
    const kind = entry.typeOnly ? 'types from ' : '';
    if (rule.imports.includes('core/*')) {
      if (toUnit.startsWith('core/') && isPublicEntry(to)) continue;
      problems.push(`src/${from} imports ${kind}src/${to}: ${describeRule(fromUnit)}`);
      continue;
    }
    if (rule.imports.includes(toUnit)) continue;
    if (entry.typeOnly && rule.types?.includes(toUnit)) continue;
    problems.push(`src/${from} imports ${kind}src/${to}${!entry.typeOnly && rule.types?.includes(toUnit) ? ' at run time' : ''}: ${describeRule(fromUnit)}`);
  }
  return problems;
}

/** Groups of files that import each other in a circle (Tarjan's strongly connected components). */
export function importCycles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const entry of imports) {
    if (!edges.has(entry.from)) edges.set(entry.from, new Set());
    if (entry.to && entry.to !== entry.from) edges.get(entry.from)!.add(entry.to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.map(srcPath).sort());
    }
  };
  for (const file of edges.keys()) if (!index.has(file)) strong(file);
  return cycles;
}

describe('layering', () => {
  const files = sourceFiles(srcDir);
  const imports = files.flatMap((file) => importsOf(file));

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

  it('reads every import form, and which ones are types only', () => {
    const text = [
      `import type { A } from './a';`,
      `import { type B1, type B2 } from './b';`,
      `import { c, type C } from './c';`,
      `export * from './d';`,
      `export type { E } from './e';`,
      `const f = await import('./f');`,
      `const g = require('./g');`,
      `type H = import('./h').H;`,
      `import './i';`,
      `const text = "import { j } from './j'";`,
    ].join('\n');
    const found = importsOf(join(srcDir, 'core', 'sample.ts'), text).map((entry) => `${entry.specifier}${entry.typeOnly ? ' (types)' : ''}`);
    assert.deepEqual(found, ['./a (types)', './b (types)', './c', './d', './e (types)', './f', './g', './h (types)', './i']);
  });

  it('every source file is in a unit of the layer table', () => {
    const outside = files.map(srcPath).filter((path) => !unitOf(path));
    assert.deepEqual(outside, [], `add these files' folders to the layer table: ${outside.join(', ')}`);
  });

  it('the check itself catches an upward import, a run-time import of a types-only unit, a deep import from a front end and a package out of place', () => {
    const fake = (from: string, to: string, typeOnly = false): Import => ({ from: join(srcDir, from), specifier: '.', to: join(srcDir, to), typeOnly });
    const problems = layerViolations([
      fake('core/model/schema.ts', 'core/rules/finding.ts'),
      fake('core/rules/sql.ts', 'core/dialect/index.ts'),
      fake('core/rules/rule.ts', 'core/dialect/index.ts', true),
      fake('cli/commands/check.ts', 'core/rules/rule.ts'),
      fake('cli/commands/check.ts', 'core/rules/index.ts'),
      { from: join(srcDir, 'core/rules/sql.ts'), specifier: 'pg', typeOnly: false },
    ]);
    assert.deepEqual(problems, [
      'src/core/model/schema.ts imports src/core/rules/finding.ts: core/model may import core/errors.ts',
      'src/core/rules/sql.ts imports src/core/dialect/index.ts at run time: core/rules may import core/diff, core/model, and types only from core/dialect',
      `src/cli/commands/check.ts imports src/core/rules/rule.ts: cli may import the core only through its public entry points (a core folder's index.ts, or a file directly in src/core)`,
      "src/core/rules/sql.ts imports 'pg': only core/dialect, core/migrations, core/shadow, core/lint.ts, core/lint-pending.ts, core/check.ts may import it",
    ]);
    assert.deepEqual(importCycles([fake('core/a.ts', 'core/b.ts'), fake('core/b.ts', 'core/a.ts'), fake('core/c.ts', 'core/a.ts')]), [['core/a.ts', 'core/b.ts']]);
  });

  it('every import between files of src/ goes down the layer table', () => {
    const problems = layerViolations(imports);
    assert.deepEqual(problems, [], `imports that break the layer table:\n  ${problems.join('\n  ')}`);
  });

  it('docs/ARCHITECTURE.md shows the same layer table', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'docs', 'ARCHITECTURE.md'), 'utf8');
    const start = text.indexOf('## What may import what');
    const section = text.slice(start, text.indexOf('\n## ', start + 1));
    const rows = section.split('\n').filter((line) => /^\| `/.test(line));
    const units = (cell: string | undefined): string[] => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const documented = Object.fromEntries(
      rows.map((row) => {
        const cells = row.split('|').slice(1, -1);
        const types = units(cells[2]);
        return [units(cells[0])[0]!, types.length ? { imports: units(cells[1]), types } : { imports: units(cells[1]) }];
      }),
    );
    assert.deepEqual(documented, layers, 'docs/ARCHITECTURE.md and this test must show the same layer table');
  });

  it('no files of src/ import each other in a circle', () => {
    const cycles = importCycles(imports);
    assert.deepEqual(cycles, [], `import cycles:\n  ${cycles.map((cycle) => cycle.join(' -> ')).join('\n  ')}`);
  });
});

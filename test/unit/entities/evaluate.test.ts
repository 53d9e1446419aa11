// The static evaluator on its own: what it folds, and what it leaves unknown with which cause.
import assert from 'node:assert/strict';
import { Evaluator } from '../../../src/core/entities/evaluate';
import { parseFile, type FileFacts } from '../../../src/core/entities/parse';
import { ModuleResolver } from '../../../src/core/entities/resolve';
import { isSpecial, isUnresolved } from '../../../src/core/entities/static-values';

/** Evaluates the constant `value` of the first file, with the other files importable by name. */
function evaluate(files: Record<string, string>, env?: Record<string, string | null>, values?: Record<string, unknown>): unknown {
  const facts = new Map<string, FileFacts>(Object.entries(files).map(([name, text]) => [`/p/${name}`, parseFile(`/p/${name}`, text)]));
  const resolve = (_from: string, specifier: string) => (specifier.startsWith('./') ? `/p/${specifier.slice(2)}.ts` : undefined);
  // In memory: './x' is /p/x.ts, anything else a package outside the workspace.
  const resolveModule = (from: string, specifier: string) => {
    const file = resolve(from, specifier);
    return file ? { kind: 'file', file } : { kind: 'external', package: specifier };
  };
  const resolver = { resolve, resolveModule, clear() {} } as unknown as ModuleResolver;
  const evaluator = new Evaluator((file) => facts.get(file), resolver, env, values);
  const [first] = facts.values();
  return evaluator.lookup(first!, 'value');
}

function reason(value: unknown): string {
  assert.ok(isUnresolved(value), `unknown, not ${JSON.stringify(value)}`);
  return value.reason;
}

describe('entity reader: the static evaluator', function () {
  it('folds constants, enums, templates, arithmetic, comparisons, conditionals and string and array methods', function () {
    assert.deepEqual(
      evaluate({
        'a.ts': `import { MAX, Kind } from './b';
          export const value = { len: MAX * 2 - 1, kind: Kind.Json, tpl: \`t_\${MAX}\`, big: MAX > 10 ? 'big' : 'small', up: 'ab'.toUpperCase(), joined: ['x', 'y'].join('|'), n: ['a', 'b'].map((s) => s + '!'), has: [1, 2].includes(2) };`,
        'b.ts': `export const MAX = 20;\nexport enum Kind { Json = 'jsonb', Text = 'text' }`,
      }),
      { len: 39, kind: 'jsonb', tpl: 't_20', big: 'big', up: 'AB', joined: 'x|y', n: ['a!', 'b!'], has: true },
    );
  });

  it('calls helpers: expression bodies, statements, switch, destructuring, defaults, local helpers', function () {
    assert.deepEqual(
      evaluate({
        'a.ts': `import { pick, decimal, label } from './b';\nexport const value = [pick('json'), pick('other'), decimal(10), label({ name: 'n', size: 3 })];`,
        'b.ts': `
          export function pick(kind: string): string {
            const types: Record<string, string> = { json: 'jsonb' };
            switch (kind) {
              case 'json':
                return types[kind]!;
              default:
                break;
            }
            let fallback;
            fallback = 'text';
            return fallback;
          }
          export const decimal = (precision: number, scale = 2) => ({ type: 'numeric', precision, scale });
          export function label({ name, ...rest }: { name: string; size: number }) { function twice(s: string) { return s + s; } return twice(name) + rest.size; }`,
      }),
      ['jsonb', 'text', { type: 'numeric', precision: 10, scale: 2 }, 'nn3'],
    );
  });

  it('process.env is unknown, its cause the variable, unless the project declares it (null: not set)', function () {
    const files = { 'a.ts': `export const value = process.env.DB_TYPE === 'postgres' ? 'jsonb' : 'text';` };
    const unknown = evaluate(files);
    assert.equal(reason(unknown), "'process.env.DB_TYPE' is read at run time");
    assert.equal((unknown as { cause: string }).cause, 'env:DB_TYPE');
    assert.equal(evaluate(files, { DB_TYPE: 'postgres' }), 'jsonb');
    assert.equal(evaluate({ 'a.ts': `export const value = process.env.ORM || 'typeorm';` }, { ORM: null }), 'typeorm');
  });

  it('a top-level let set at run time is unknown, its cause file#name, unless the project declares its value by the end of the file path', function () {
    const files = {
      'a.ts': `import { resolveDbType } from './db/type';\nexport const value = [resolveDbType('timestamptz'), resolveDbType('int')];`,
      'db/type.ts': `
        let dbType: string;
        export function resolveDbType(pgType: string): string {
          if (!dbType) dbType = loadConfig().database_type || 'postgres';
          return dbType === 'sqlite' && pgType === 'timestamptz' ? 'datetime' : pgType;
        }`,
    };
    const [unknown] = evaluate(files) as unknown[];
    assert.match(reason(unknown), /'dbType' is a variable \(let or var\)/);
    assert.equal((unknown as { cause: string }).cause, 'mutable:/p/db/type.ts#dbType');
    assert.deepEqual(evaluate(files, {}, { 'db/type.ts#dbType': 'postgres' }), ['timestamptz', 'int']);
    assert.deepEqual(evaluate(files, {}, { 'type.ts#dbType': 'sqlite' }), ['datetime', 'int']);
    // Another file's variable of the same name is not this one; a path must end at a folder boundary.
    assert.ok(isUnresolved((evaluate(files, {}, { 'other.ts#dbType': 'postgres' }) as unknown[])[0]));
    assert.ok(isUnresolved((evaluate(files, {}, { 'pe.ts#dbType': 'postgres' }) as unknown[])[0]));
  });

  it('what is decided at run time stays unknown: let variables, objects made with new, I/O, unknown branches, a step it cannot follow', function () {
    assert.match(reason(evaluate({ 'a.ts': `let mode = 'a';\nexport const value = mode;` })), /'mode' is a variable \(let or var\)/);
    assert.match(reason(evaluate({ 'a.ts': `export const value = new Date().toISOString();` })), /'new Date\(\.\.\.\)' makes an object at run time/);
    assert.match(reason(evaluate({ 'a.ts': `import { readFileSync } from 'fs';\nexport const value = readFileSync('x').length;` })), /a member of a value not read statically/);
    assert.match(
      reason(evaluate({ 'a.ts': `import { f } from './b';\nexport const value = f();`, 'b.ts': `export function f() { try { return 1; } catch { return 2; } }` })),
      /'try \{ return 1; \} catch \{ return 2; \}' cannot be read statically/,
    );
    assert.match(
      reason(evaluate({ 'a.ts': `import { f } from './b';\nexport const value = f();`, 'b.ts': `export let cache: string;\nexport function f() { if (!cache) cache = 'x'; return cache; }` })),
      /variable \(let or var\)/,
    );
  });

  it('after an if on something unknown, only the variables its branches set differently are unknown', function () {
    const value = evaluate({
      'a.ts': `import { rewrite } from './b';
export const value = rewrite({ type: 'jsonb', default: {}, nullable: true });`,
      'b.ts': `
        let dbType: string;
        export function rewrite(options: { type: string; default?: unknown; nullable?: boolean }) {
          const pre = options.type;
          if (options.type) options.type = dbType === 'sqlite' ? 'text' : options.type;
          if (pre === 'jsonb' && pre !== options.type) {
            if ('default' in options) options.default = JSON.stringify(options.default);
          }
          return options;
        }`,
    }) as Record<string, unknown>;
    assert.equal(value.nullable, true);
    assert.ok(isUnresolved(value.type));
    assert.ok(isUnresolved(value.default));
  });

  it("a conditional's object branches are known where they agree", function () {
    const value = evaluate({ 'a.ts': `export const value = { a: 1, ...(process.env.X ? { t: 'bigint', n: true } : { t: 'numeric', n: true }) };` }) as Record<string, unknown>;
    assert.equal(value.a, 1);
    assert.equal(value.n, true);
    assert.ok(isUnresolved(value.t));
  });

  it('a value picked by a test that cannot be read is unknown, listing the plain values it may be', function () {
    const oneOf = (value: unknown): unknown => (isUnresolved(value) ? value.oneOf : `known: ${JSON.stringify(value)}`);
    // A conditional, nested conditionals, and an object whose branches differ in one key.
    assert.deepEqual(oneOf(evaluate({ 'a.ts': `export const value = process.env.DB === 'sqlite' ? 'simple-json' : 'jsonb';` })), ['simple-json', 'jsonb']);
    assert.deepEqual(oneOf(evaluate({ 'a.ts': `const d = process.env.DB;\nexport const value = d === 'a' ? 1 : d === 'b' ? 2 : 1;` })), [1, 2]);
    const t = (evaluate({ 'a.ts': `export const value = process.env.X ? { t: 'bigint', n: true } : { t: 'numeric', n: true };` }) as Record<string, unknown>).t;
    assert.deepEqual(oneOf(t), ['bigint', 'numeric']);
    // A helper that returns early under an unread test (medusa's resolveDbType), and one whose branches both return.
    const helpers = `
      let dbType: string;
      const mapping: Record<string, string> = { timestamptz: 'datetime', jsonb: 'simple-json' };
      export function early(type: string): string {
        if (!dbType) dbType = process.env.DB_TYPE || 'postgres';
        if (dbType === 'sqlite' && type in mapping) return mapping[type.toString()];
        return type;
      }
      export function both(type: string): string {
        if (dbType === 'mysql') { return 'json'; } else { return type; }
      }
      export function fallsOff(type: string) {
        if (dbType === 'mysql') return 'json';
      }
      export function object(type: string) {
        if (dbType === 'mysql') return { type: 'json' };
        return { type };
      }`;
    assert.deepEqual(oneOf(evaluate({ 'a.ts': `import { early } from './b';\nexport const value = early('jsonb');`, 'b.ts': helpers })), ['simple-json', 'jsonb']);
    assert.deepEqual(oneOf(evaluate({ 'a.ts': `import { early } from './b';\nexport const value = early('uuid');`, 'b.ts': helpers })), undefined, 'a type the mapping lacks: the branch the reader cannot rule out returns undefined, nothing to list');
    assert.deepEqual(oneOf(evaluate({ 'a.ts': `import { both } from './b';\nexport const value = both('jsonb');`, 'b.ts': helpers })), ['json', 'jsonb']);
    // Nothing listed where a path returns nothing or an object: plainly unknown.
    assert.equal(oneOf(evaluate({ 'a.ts': `import { fallsOff } from './b';\nexport const value = fallsOff('jsonb');`, 'b.ts': helpers })), undefined);
    assert.equal(oneOf(evaluate({ 'a.ts': `import { object } from './b';\nexport const value = object('jsonb');`, 'b.ts': helpers })), undefined);
  });

  it("a TypeORM decorator factory gives the decorator it applies; another package's function stays opaque", function () {
    const applied = evaluate({ 'a.ts': `import { Column } from 'typeorm';\nexport const value = Column({ length: 3 });` });
    assert.ok(isSpecial(applied) && applied.kind === 'applies');
    assert.deepEqual(applied.decorators, [{ name: 'Column', args: [{ length: 3 }] }]);
    const other = evaluate({ 'a.ts': `import { IsString } from 'class-validator';\nexport const value = IsString();` });
    assert.ok(isSpecial(other) && other.kind === 'external');
  });
});

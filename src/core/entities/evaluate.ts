// Evaluates decorator arguments and constants statically, across files: literals, constants, enums,
// classes, mixins, and small helper functions called with known arguments (an expression body or a
// few statements: const, if/else, return), folded as far as their inputs are known. Nothing runs.
// What depends on the environment (`process.env`), on I/O or on an object made at run time is
// Unresolved, carrying why and its cause; never a guess. Calling a TypeORM decorator factory gives
// the decorator it would apply (Applies), which is how wrapper decorators are recognised.
import * as path from 'node:path';
import type { SourceSpan } from '../model/schema';
import { spanOf, type ClassFacts, type FileFacts } from './parse';
import type { ModuleResolver } from './resolve';
import {
  applies,
  builtin,
  external,
  isPlainObject,
  isSpecial,
  isUnresolved,
  special,
  unresolved,
  type ClassRef,
  type FnValue,
  type Primitive,
  type TypeormDecorator,
  type Unresolved,
} from './static-values';
import type { SParam, SStatement, SValue } from './values';
import { unreadableImport, isTypeormModule } from '../workspace';

const GLOBAL_BUILTINS = new Set(['String', 'Number', 'Boolean', 'Date', 'Array', 'Object', 'BigInt', 'Buffer', 'Function', 'Uint8Array']);
/** Globals whose use is opaque but harmless: `Reflect.defineMetadata(...)` in a decorator is no unknown effect on the schema. */
const OPAQUE_GLOBALS = new Set(['Reflect', 'Symbol', 'console', 'JSON', 'Math', 'globalThis']);

/**
 * The TypeORM decorators that shape the schema, plus those that do not (entity listeners, RelationId
 * ...): calling one gives an Applies, so a wrapper that calls it is understood.
 */
export const TYPEORM_DECORATORS = new Set([
  'Entity', 'ViewEntity', 'ChildEntity', 'Column', 'PrimaryColumn', 'PrimaryGeneratedColumn', 'CreateDateColumn', 'UpdateDateColumn',
  'DeleteDateColumn', 'VersionColumn', 'TreeLevelColumn', 'ViewColumn', 'ObjectIdColumn', 'VirtualColumn', 'Generated', 'ManyToOne', 'OneToOne',
  'OneToMany', 'ManyToMany', 'JoinColumn', 'JoinTable', 'RelationId', 'RelationCount', 'Index', 'Unique', 'Check', 'Exclusion', 'TableInheritance',
  'Tree', 'TreeParent', 'TreeChildren', 'ForeignKey', 'AfterLoad', 'AfterInsert', 'AfterUpdate', 'AfterRemove', 'AfterSoftRemove', 'AfterRecover',
  'BeforeInsert', 'BeforeUpdate', 'BeforeRemove', 'BeforeSoftRemove', 'BeforeRecover', 'EventSubscriber', 'EntityRepository', 'Transaction',
]);

/** Pure methods of strings and arrays that folding may call on known values. */
const STRING_METHODS = new Set(['toString', 'valueOf', 'toLowerCase', 'toUpperCase', 'trim', 'concat', 'slice', 'substring', 'replace', 'replaceAll', 'startsWith', 'endsWith', 'includes', 'padStart', 'padEnd', 'split', 'repeat']);
const ARRAY_METHODS = new Set(['join', 'includes', 'concat', 'slice', 'indexOf', 'map', 'filter']);

const MAX_CALL_DEPTH = 20;
/** More alternatives than this say little: the value is plainly unknown. */
const MAX_ALTERNATIVES = 8;

/** What running a function's statements gave: its return value, and the TypeORM decorators it applied. */
interface Run {
  returned: unknown;
  applied: TypeormDecorator[];
  /** A statement whose effect is not known (it may have applied a decorator). */
  unknownEffect?: Unresolved;
  /**
   * What the function returned on paths it has already left: `if (dbType === 'sqlite') return
   * 'simple-json'` with a test that could not be read. Whatever it returns later is one of these
   * values or that value; `cause` is the first such test.
   */
  earlier?: { values: unknown[]; cause: Unresolved };
}

function displayPath(file: string): string {
  return path.basename(file);
}

function refText(value: SValue): string {
  if (value.k === 'ref') return value.path.join('.');
  if (value.k === 'call') return `${refText(value.callee)}(...)`;
  if (value.k === 'member' && value.key.k === 'lit') return `${refText(value.object)}.${String(value.key.v)}`;
  return '...';
}

/** Evaluates expressions of one workspace statically; cycles and depth are bounded. */
export class Evaluator {
  private readonly active = new Set<string>();
  private readonly constCache = new Map<string, unknown>();
  private readonly classRefs = new Map<string, ClassRef>();
  private readonly declaredValues = new Map<string, { file: string; value: unknown }[]>();
  /** Files read while computing cached constants, replayed to trackers on a cache hit. */
  private readonly constDeps = new Map<string, Set<string>>();
  /** Active dependency trackers (nested): every file a lookup touches is added to all of them. */
  private readonly trackers: Set<string>[] = [];
  /** Decorators applied by the statements being run (innermost function last). */
  private readonly runs: Run[] = [];
  private callDepth = 0;

  /** Runs `work` and returns the set of files whose facts it depended on. */
  tracking<T>(work: () => T): { result: T; files: Set<string> } {
    const files = new Set<string>();
    this.trackers.push(files);
    try {
      return { result: work(), files };
    } finally {
      this.trackers.splice(this.trackers.lastIndexOf(files), 1);
    }
  }

  private track(file: string): void {
    for (const tracker of this.trackers) tracker.add(file);
  }

  constructor(
    private readonly facts: (file: string) => FileFacts | undefined,
    private readonly resolver: ModuleResolver,
    /** Environment values the project declares (schema-lens.json `env`); any other is unknown. */
    private readonly env: Record<string, string | null> = {},
    /** Values of top-level variables the project declares (schema-lens.json `values`, `file#name`). */
    values: Record<string, unknown> = {},
  ) {
    for (const [key, value] of Object.entries(values)) {
      const at = key.lastIndexOf('#');
      const name = key.slice(at + 1);
      const list = this.declaredValues.get(name) ?? [];
      list.push({ file: key.slice(0, at).replace(/\\/g, '/').replace(/^\.\//, ''), value });
      this.declaredValues.set(name, list);
    }
  }

  /** A declared value of a top-level name of this file: its path ends with the declared file. */
  private declaredValue(file: string, name: string): { value: unknown } | undefined {
    const normalised = file.replace(/\\/g, '/');
    const match = this.declaredValues.get(name)?.find((declared) => normalised === declared.file || normalised.endsWith(`/${declared.file}`));
    return match && { value: match.value };
  }

  /** A file's facts (the reader's cache). */
  factsOf(file: string): FileFacts | undefined {
    return file ? this.facts(file) : undefined;
  }

  /** Where an Unresolved is, when its file can be read; undefined otherwise. */
  spanOf(value: Pick<Unresolved, 'file' | 'start' | 'end'>): SourceSpan | undefined {
    const facts = value.file ? this.facts(value.file) : undefined;
    return facts && value.end > 0 ? spanOf(facts, value.start, value.end) : undefined;
  }

  classRef(facts: FileFacts, cls: ClassFacts, bindings?: Map<string, unknown>): ClassRef {
    // Top-level classes keep their key across edits (cached args stay addressable); a class built
    // inside a mixin is told apart by its position.
    const key = facts.classes.get(cls.name) === cls ? `${facts.file}#${cls.name}` : `${facts.file}#${cls.name}@${cls.start}`;
    if (bindings) return special({ kind: 'class', key: `${key}@${[...bindings.values()].map((b) => (isSpecial(b) && b.kind === 'class' ? b.key : '?')).join(',')}`, facts, cls, bindings });
    let ref = this.classRefs.get(key);
    if (!ref) {
      ref = special({ kind: 'class', key, facts, cls });
      this.classRefs.set(key, ref);
    }
    return ref;
  }

  /** The value a name has in a file's top-level scope (following imports and re-exports). */
  lookup(facts: FileFacts, name: string, start = 0, end = 0, depth = 0): unknown {
    if (depth > 30) return unresolved(`'${name}' is too deeply re-exported`, facts.file, start, end);
    this.track(facts.file);
    const cls = facts.classes.get(name);
    if (cls) return this.classRef(facts, cls);
    const members = facts.enums.get(name);
    if (members) return this.cached(`${facts.file}#enum#${name}`, () => this.enumObject(facts, members));
    const mixin = facts.mixins.get(name);
    if (mixin) return special({ kind: 'mixin', facts, mixin, name });
    const fn = facts.functions.get(name);
    if (fn) return special({ kind: 'fn', value: fn, facts });
    if (facts.mutables.has(name) || facts.consts.has(name)) {
      const declared = this.declaredValue(facts.file, name);
      if (declared) return declared.value;
    }
    if (facts.mutables.has(name)) return unresolved(`'${name}' is a variable (let or var) whose value is decided at run time`, facts.file, start, end, `mutable:${facts.file}#${name}`);
    const constant = facts.consts.get(name);
    if (constant) return this.cached(`${facts.file}#const#${name}`, () => this.evaluate(constant, facts));
    const binding = facts.imports.get(name);
    if (binding) return this.importValue(facts, binding.module, binding.imported, start, end, depth);
    if (GLOBAL_BUILTINS.has(name)) return builtin(name);
    if (OPAQUE_GLOBALS.has(name)) return external('', name);
    return unresolved(`'${name}' is not defined in ${displayPath(facts.file)}`, facts.file, start, end, `undefined:${facts.file}#${name}`);
  }

  private importValue(facts: FileFacts, module: string, imported: string, start: number, end: number, depth: number): unknown {
    this.track(facts.file);
    const resolution = this.resolver.resolveModule(facts.file, module);
    if (resolution.kind === 'external') return external(module, imported);
    if (resolution.kind === 'missing') {
      if (module.startsWith('.') || module.startsWith('/')) return unresolved(`the module '${module}' imported by ${displayPath(facts.file)} cannot be found`, facts.file, start, end, `module:${path.resolve(path.dirname(facts.file), module)}`);
      // A tsconfig alias or a workspace package that names no source file.
      return unresolved(unreadableImport(imported, module, resolution)!, facts.file, start, end, `module:${module}`);
    }
    const target = resolution.file;
    this.track(target);
    const targetFacts = this.facts(target);
    if (!targetFacts) return unresolved(`the module '${module}' cannot be read`, facts.file, start, end, `module:${target}`);
    if (imported === '*') return special({ kind: 'ns', facts: targetFacts });
    return this.exported(targetFacts, imported, facts.file, start, end, depth + 1);
  }

  /** An exported name of a module. */
  exported(facts: FileFacts, name: string, fromFile: string, start: number, end: number, depth = 0): unknown {
    if (depth > 30) return unresolved(`'${name}' is re-exported in a cycle`, fromFile, start, end, `export:${facts.file}#${name}`);
    this.track(facts.file);
    const local = facts.exports.get(name);
    if (local !== undefined) return this.lookup(facts, local, start, end, depth + 1);
    // `export * from 'some-package'`: the name may come from there, which is not read.
    let externalStar: string | undefined;
    let typeOnly: Unresolved | undefined;
    for (const reExport of facts.reExports) {
      if (reExport.names) {
        const original = reExport.names.get(name);
        if (original === undefined) continue;
        return this.importValue(facts, reExport.module, original, start, end, depth + 1);
      }
      const target = this.resolver.resolve(facts.file, reExport.module);
      if (target) this.track(target);
      else if (!reExport.module.startsWith('.')) externalStar ??= reExport.module;
      const targetFacts = target ? this.facts(target) : undefined;
      if (!targetFacts) continue;
      const key = `${targetFacts.file}#export#${name}`;
      if (this.active.has(key)) continue;
      this.active.add(key);
      try {
        const value = this.exported(targetFacts, name, fromFile, start, end, depth + 1);
        if (!isUnresolved(value)) return value;
        // Exported, but as a type (an interface or type alias): what a design type needs to know.
        if (value.cause.startsWith('undefined:')) typeOnly ??= value;
      } finally {
        this.active.delete(key);
      }
    }
    // Not exported but declared: still useful (and what a default-exported class is).
    if (facts.classes.has(name) || facts.consts.has(name) || facts.enums.has(name) || facts.functions.has(name)) return this.lookup(facts, name, start, end, depth + 1);
    if (typeOnly) return typeOnly;
    if (externalStar) return external(externalStar, name);
    return unresolved(`'${name}' is not exported by ${displayPath(facts.file)}`, fromFile, start, end, `export:${facts.file}#${name}`);
  }

  private cached(key: string, compute: () => unknown): unknown {
    if (this.constCache.has(key)) {
      for (const file of this.constDeps.get(key) ?? []) this.track(file);
      return this.constCache.get(key);
    }
    if (this.active.has(key)) return unresolved('a constant refers to itself', '', 0, 0, `circular:${key}`);
    this.active.add(key);
    try {
      const { result, files } = this.tracking(compute);
      this.constCache.set(key, result);
      this.constDeps.set(key, files);
      for (const file of files) this.track(file);
      return result;
    } finally {
      this.active.delete(key);
    }
  }

  private enumObject(facts: FileFacts, members: [string, SValue | undefined][]): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    let next = 0;
    for (const [name, initializer] of members) {
      if (initializer === undefined) {
        result[name] = next++;
        continue;
      }
      const value = this.evaluate(initializer, facts, new Map(Object.entries(result)));
      result[name] = value;
      if (typeof value === 'number') next = value + 1;
    }
    return result;
  }

  evaluate(value: SValue, facts: FileFacts, locals?: Map<string, unknown>): unknown {
    switch (value.k) {
      case 'lit':
        return value.v;
      case 'unary':
        return this.evaluateUnary(value, facts, locals);
      case 'obj': {
        const result: Record<string, unknown> = {};
        for (const spread of value.spreads) {
          const inner = this.evaluate(spread, facts, locals);
          if (isPlainObject(inner)) Object.assign(result, inner);
          else if (inner !== undefined && inner !== null) return isUnresolved(inner) ? inner : unresolved('a spread object cannot be read statically', facts.file, 0, 0);
        }
        for (const [key, inner] of value.props) result[key] = this.evaluate(inner, facts, locals);
        return result;
      }
      case 'arr': {
        const result: unknown[] = [];
        for (const item of value.items) {
          if (item.k === 'spread') {
            const inner = this.evaluate(item.value, facts, locals);
            if (Array.isArray(inner)) result.push(...inner);
            else result.push(inner);
          } else result.push(this.evaluate(item, facts, locals));
        }
        return result;
      }
      case 'spread':
        return this.evaluate(value.value, facts, locals);
      case 'ref':
        return this.evaluateRef(value, facts, locals);
      case 'fn':
        return special({ kind: 'fn', value, facts, locals });
      case 'tpl': {
        let text = value.head;
        for (const [expression, literal] of value.parts) {
          const part = this.evaluate(expression, facts, locals);
          if (isUnresolved(part)) return part;
          if (isSpecial(part) || (part !== null && typeof part === 'object')) return unresolved('a template part is not a constant', facts.file, 0, 0);
          text += String(part) + literal;
        }
        return text;
      }
      case 'bin':
        return this.evaluateBinary(value, facts, locals);
      case 'cond': {
        const test = this.evaluate(value.test, facts, locals);
        if (isUnresolved(test)) {
          // Both branches alike: the test does not matter. Two objects: what they agree on is known,
          // the rest depends on the test (`...(isMySQL() ? { type: 'bigint' } : { type: 'numeric' })`).
          const a = this.evaluate(value.then, facts, locals);
          const b = this.evaluate(value.else, facts, locals);
          return mergeBranches(a, b, test);
        }
        if (isSpecial(test) && test.kind === 'external') return unresolved(`the test of '?:' depends on '${test.name}' from '${test.module}'`, facts.file, 0, 0, `import:${test.module}#${test.name}`);
        return this.evaluate(test ? value.then : value.else, facts, locals);
      }
      case 'member': {
        const object = this.evaluate(value.object, facts, locals);
        const key = this.evaluate(value.key, facts, locals);
        if (isUnresolved(object)) return object;
        if (isUnresolved(key)) return key;
        // `require('./user').User`: a name of the module the CommonJS require gave.
        if (isSpecial(object) && object.kind === 'ns' && typeof key === 'string') return this.exported(object.facts, key, facts.file, value.start, value.end);
        if (isSpecial(object) && object.kind === 'external' && object.name === '*' && typeof key === 'string') return external(object.module, key);
        if ((typeof key === 'string' || typeof key === 'number') && (isPlainObject(object) || Array.isArray(object) || typeof object === 'string')) {
          if (key === 'length' && (Array.isArray(object) || typeof object === 'string')) return object.length;
          return Object.hasOwn(object as object, key) ? (object as Record<string, unknown>)[key] : undefined;
        }
        return unresolved(`'${refText(value.object)}${typeof key === 'string' ? `.${key}` : ''}' is a member of a value not read statically`, facts.file, value.start, value.end);
      }
      case 'call':
        return this.evaluateCall(value, facts, locals);
      case 'new': {
        const callee = this.evaluate(value.callee, facts, locals);
        if (isSpecial(callee) && callee.kind === 'external' && callee.name === 'EntitySchema') {
          return special({ kind: 'schema', options: value.args[0] ? this.evaluate(value.args[0], facts, locals) : {} });
        }
        return unresolved(`'new ${refText(value.callee)}(...)' makes an object at run time`, facts.file, value.start, value.end);
      }
      case 'unknown':
        return unresolved(`'${value.text}' cannot be read statically`, facts.file, value.start, value.end);
    }
  }

  private evaluateUnary(value: Extract<SValue, { k: 'unary' }>, facts: FileFacts, locals?: Map<string, unknown>): unknown {
    const inner = this.evaluate(value.value, facts, locals);
    if (isUnresolved(inner)) return inner;
    switch (value.op) {
      case '-':
        return typeof inner === 'number' ? -inner : unresolved('a negation of something that is not a number', facts.file, 0, 0);
      case '!':
        return isSpecial(inner) && inner.kind === 'external' ? unresolved(`'!' of '${inner.name}' from '${inner.module}'`, facts.file, 0, 0, `import:${inner.module}#${inner.name}`) : !inner;
      case 'typeof':
        if (isSpecial(inner)) return inner.kind === 'fn' || inner.kind === 'class' ? 'function' : unresolved('typeof of a value not read statically', facts.file, 0, 0);
        return inner === null ? 'object' : typeof inner;
    }
  }

  private evaluateBinary(value: Extract<SValue, { k: 'bin' }>, facts: FileFacts, locals?: Map<string, unknown>): unknown {
    const left = this.evaluate(value.left, facts, locals);
    // Short-circuits decide on the left alone when it is known.
    if (!isSpecial(left) || left.kind !== 'unresolved') {
      if (value.op === '??' && left !== null && left !== undefined) return left;
      if (value.op === '||' && left && !isSpecial(left)) return left;
      if (value.op === '&&' && !left) return left;
    }
    const right = this.evaluate(value.right, facts, locals);
    if (isUnresolved(left)) return left;
    if (isUnresolved(right)) return right;
    const opaque = [left, right].find((side) => isSpecial(side) && side.kind === 'external');
    if (opaque && !['??', '||', '&&'].includes(value.op)) {
      const name = (opaque as { name: string; module: string });
      return unresolved(`'${name.name}' from '${name.module}' is not read`, facts.file, value.start, value.end, `import:${name.module}#${name.name}`);
    }
    const l = left as never;
    const r = right as never;
    switch (value.op) {
      case '+':
        return (l as number) + (r as number);
      case '-':
        return (l as number) - (r as number);
      case '*':
        return (l as number) * (r as number);
      case '/':
        return (l as number) / (r as number);
      case '%':
        return (l as number) % (r as number);
      case '**':
        return (l as number) ** (r as number);
      case '??':
        return left ?? right;
      case '||':
        return left || right;
      case '&&':
        return left && right;
      case '<<':
        return (l as number) << (r as number);
      case '|':
        return (l as number) | (r as number);
      case '===':
      case '==':
        return sameValue(left, right);
      case '!==':
      case '!=':
        return !sameValue(left, right);
      case '<':
        return l < r;
      case '<=':
        return l <= r;
      case '>':
        return l > r;
      case '>=':
        return l >= r;
      case 'in':
        if ((typeof left === 'string' || typeof left === 'number') && (isPlainObject(right) || Array.isArray(right))) return Object.hasOwn(right as object, left);
        return unresolved("the operator 'in' on a value not read statically", facts.file, value.start, value.end);
      default:
        return unresolved(`the operator ${value.op} is not evaluated`, facts.file, value.start, value.end);
    }
  }

  private evaluateRef(value: Extract<SValue, { k: 'ref' }>, facts: FileFacts, locals?: Map<string, unknown>): unknown {
    const [head, ...rest] = value.path;
    if (head === 'process' && rest[0] === 'env' && !locals?.has('process')) {
      const name = rest[1] ?? '';
      // Declared: its value, or null for "not set".
      if (Object.hasOwn(this.env, name) && rest.length === 2) return this.env[name] ?? undefined;
      return unresolved(`'process.env${name ? `.${name}` : ''}' is read at run time`, facts.file, value.start, value.end, `env:${name}`);
    }
    let current: unknown = locals?.has(head!) ? locals.get(head!) : this.lookup(facts, head!, value.start, value.end);
    for (const segment of rest) {
      if (isUnresolved(current)) return current;
      if (isSpecial(current)) {
        if (current.kind === 'ns') current = this.exported(current.facts, segment, facts.file, value.start, value.end);
        else if (current.kind === 'external') current = external(current.module, current.name === '*' ? segment : `${current.name}.${segment}`);
        else if (current.kind === 'class' && current.cls.statics.has(segment)) {
          const owner = current;
          current = this.cached(`${owner.facts.file}#static#${owner.cls.name}.${segment}`, () => this.evaluate(owner.cls.statics.get(segment)!, owner.facts));
        }
        else return unresolved(`'${value.path.join('.')}' cannot be read statically`, facts.file, value.start, value.end);
      } else if (current !== null && typeof current === 'object') {
        // A key an object (read whole) does not have is undefined, as in JavaScript.
        current = Array.isArray(current) && segment === 'length' ? current.length : Object.hasOwn(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
      } else if (typeof current === 'string' && segment === 'length') {
        current = current.length;
      } else {
        return unresolved(`'${value.path.join('.')}' cannot be read statically`, facts.file, value.start, value.end);
      }
    }
    return current;
  }

  private evaluateCall(value: Extract<SValue, { k: 'call' }>, facts: FileFacts, locals?: Map<string, unknown>): unknown {
    const callee = value.callee;
    const args = (): unknown[] => value.args.map((argument) => this.evaluate(argument, facts, locals));
    if (callee.k === 'ref' && callee.path.length === 2 && callee.path[0] === 'Object' && !locals?.has('Object')) {
      const [first] = args();
      if (isUnresolved(first)) return first;
      if (isPlainObject(first) || Array.isArray(first)) {
        if (callee.path[1] === 'values') return Object.values(first);
        if (callee.path[1] === 'keys') return Object.keys(first);
        if (callee.path[1] === 'entries') return Object.entries(first);
        if (callee.path[1] === 'freeze') return first;
        if (callee.path[1] === 'fromEntries' && Array.isArray(first) && first.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string')) return Object.fromEntries(first as [string, unknown][]);
        if (callee.path[1] === 'assign') return Object.assign({}, ...args().filter(isPlainObject));
      }
    }
    // A method of a known string or array: `MAX.toString()`, `NAMES.join(',')`, `KINDS.map(...)`,
    // also on a value that is not a name (`list.filter(...).map(...)`).
    const method = callee.k === 'ref' && callee.path.length > 1 ? callee.path[callee.path.length - 1]! : callee.k === 'member' && callee.key.k === 'lit' ? String(callee.key.v) : undefined;
    if (method !== undefined) {
      const target = callee.k === 'ref' ? this.evaluate({ ...callee, path: callee.path.slice(0, -1) }, facts, locals) : this.evaluate((callee as Extract<SValue, { k: 'member' }>).object, facts, locals);
      if (typeof target === 'string' || typeof target === 'number' || Array.isArray(target)) return this.callMethod(target, method, args(), value, facts);
      if (isUnresolved(target)) return target;
      if (isSpecial(target) && target.kind === 'builtin' && target.name === 'Array' && method === 'isArray') {
        const [first] = args();
        return isUnresolved(first) ? first : Array.isArray(first);
      }
    }
    const fn = this.evaluate(callee, facts, locals);
    // CommonJS `require('./user')` where nothing in the file defines `require`: the module, as an
    // `import * as` of it gives (entities use it in relation targets to break import cycles).
    if (isUnresolved(fn) && fn.cause === `undefined:${facts.file}#require` && value.args.length === 1 && value.args[0]!.k === 'lit' && typeof value.args[0]!.v === 'string') {
      return this.importValue(facts, value.args[0]!.v, '*', value.start, value.end, 0);
    }
    if (isUnresolved(fn)) return fn;
    if (isSpecial(fn) && fn.kind === 'mixin') {
      const bindings = new Map<string, unknown>();
      fn.mixin.params.forEach((param, index) => {
        const argument = value.args[index];
        bindings.set(param, argument ? this.evaluate(argument, facts, locals) : undefined);
      });
      return this.classRef(fn.facts, fn.mixin.cls, bindings);
    }
    if (isSpecial(fn) && fn.kind === 'fn') return this.call(fn, args());
    if (isSpecial(fn) && fn.kind === 'applies') {
      // The decorator applied to its target: `Column(options)(target, propertyKey)` in a wrapper.
      this.runs[this.runs.length - 1]?.applied.push(...fn.decorators);
      return undefined;
    }
    if (isSpecial(fn) && fn.kind === 'builtin') return this.callBuiltin(fn.name, args(), value, facts);
    if (isSpecial(fn) && fn.kind === 'external') {
      if (isTypeormModule(fn.module) && TYPEORM_DECORATORS.has(fn.name)) return applies([{ name: fn.name, args: args() }]);
      // NestJS's applyDecorators: a decorator applying all of them.
      if (fn.name === 'applyDecorators') return this.combine(args(), value, facts);
      if (isTypeormModule(fn.module)) {
        return unresolved(`'${fn.name}(...)' from TypeORM is not a decorator Schema Lens can read`, facts.file, value.start, value.end, `import:${fn.module}#${fn.name}`);
      }
      // Anything else from a package is opaque: a value made at run time, or another library's decorator.
      return external(fn.module, `${fn.name}()`);
    }
    return unresolved(`the call '${refText(callee)}(...)' cannot be evaluated statically`, facts.file, value.start, value.end);
  }

  /** `applyDecorators(a, b, c)`: the TypeORM decorators among them; other libraries' add none. */
  private combine(decorators: unknown[], value: Extract<SValue, { k: 'call' }>, facts: FileFacts): unknown {
    const all: TypeormDecorator[] = [];
    for (const decorator of decorators) {
      if (isSpecial(decorator) && decorator.kind === 'applies') all.push(...decorator.decorators);
      else if (isUnresolved(decorator)) return decorator;
      else if (isSpecial(decorator) && decorator.kind === 'fn') {
        const run = this.apply(decorator);
        if (run.unknownEffect) return run.unknownEffect;
        all.push(...run.applied);
      } else if (!(isSpecial(decorator) && decorator.kind === 'external')) {
        return unresolved('applyDecorators() is given something that is not a decorator', facts.file, value.start, value.end);
      }
    }
    return applies(all);
  }

  private callMethod(target: string | number | unknown[], method: string, args: unknown[], value: Extract<SValue, { k: 'call' }>, facts: FileFacts): unknown {
    const unknownArgument = args.find(isUnresolved);
    if (unknownArgument) return unknownArgument;
    if (typeof target === 'number' && method === 'toString') return target.toString();
    if (typeof target === 'string' && STRING_METHODS.has(method) && args.every((a) => typeof a === 'string' || typeof a === 'number' || a === undefined)) {
      return (target as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
    }
    if (Array.isArray(target) && ARRAY_METHODS.has(method)) {
      if (method === 'map' || method === 'filter') {
        const fn = args[0];
        if (!isSpecial(fn) || fn.kind !== 'fn') return unresolved(`'.${method}()' with a callback that cannot be read`, facts.file, value.start, value.end);
        const results = target.map((item, index) => this.call(fn, [item, index]));
        const unknownResult = results.find(isUnresolved);
        if (unknownResult) return unknownResult;
        return method === 'map' ? results : target.filter((_, index) => results[index]);
      }
      if (args.some((a) => isSpecial(a))) return unresolved(`'.${method}()' of a value not read statically`, facts.file, value.start, value.end);
      return (target as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
    }
    return unresolved(`'.${method}()' is not evaluated`, facts.file, value.start, value.end);
  }

  private callBuiltin(name: string, args: unknown[], value: Extract<SValue, { k: 'call' }>, facts: FileFacts): unknown {
    const [first] = args;
    if (isUnresolved(first)) return first;
    if (name === 'String' && !isSpecial(first)) return String(first);
    if (name === 'Number' && (typeof first === 'string' || typeof first === 'number')) return Number(first);
    if (name === 'Boolean' && !isSpecial(first)) return Boolean(first);
    return unresolved(`'${name}(...)' is not evaluated`, facts.file, value.start, value.end);
  }

  /**
   * Calls a function with evaluated arguments: an arrow function or a helper (`() => 'now()'`,
   * `(column) => column.propertyName + '_a'`, `resolveDbType('timestamptz')`). A block body runs
   * as far as its statements are understood; the TypeORM decorators it applies are kept by apply().
   */
  call(fn: FnValue, args: unknown[]): unknown {
    return this.invoke(fn, args).returned;
  }

  /** A decorator function applied to its target: the TypeORM decorators its statements apply. */
  apply(fn: FnValue): Run {
    const target = external('', 'target');
    return this.invoke(fn, [target, external('', 'propertyKey'), external('', 'descriptor')]);
  }

  private invoke(fn: FnValue, args: unknown[]): Run {
    const run: Run = { returned: undefined, applied: [] };
    const key = `${fn.facts.file}:${fn.value.start}`;
    if (this.callDepth > MAX_CALL_DEPTH || this.active.has(`call:${key}`)) {
      run.returned = unresolved('a function calls itself, or calls nest too deeply', fn.facts.file, fn.value.start, fn.value.end, `call:${key}`);
      return run;
    }
    const locals = new Map(fn.locals ?? []);
    fn.value.params.forEach((param, index) => bind(locals, param, args[index], (value) => this.evaluate(value, fn.facts, locals)));
    this.callDepth++;
    this.active.add(`call:${key}`);
    this.runs.push(run);
    try {
      if (fn.value.body) run.returned = this.evaluate(fn.value.body, fn.facts, locals);
      else if (fn.value.block) {
        // Falling off the end after an early return: one of those values, or undefined.
        if (!this.runStatements(fn.value.block, fn.facts, locals, run) && run.earlier) run.returned = run.earlier.cause;
        // What a function returns after a step Schema Lens could not follow may have changed with it.
        if (run.unknownEffect && run.applied.length === 0) run.returned = run.unknownEffect;
      } else run.returned = unresolved('the function has no body that can be read', fn.facts.file, fn.value.start, fn.value.end, `call:${key}`);
    } finally {
      this.runs.pop();
      this.active.delete(`call:${key}`);
      this.callDepth--;
    }
    // A helper the decorator calls (`applyTypeOrmIndex(target, key, ...)`) applies to the same target.
    this.runs[this.runs.length - 1]?.applied.push(...run.applied);
    return run;
  }

  /** Runs statements until one returns (true) or breaks ('break'); false when they run out. */
  private runStatements(statements: SStatement[], facts: FileFacts, locals: Map<string, unknown>, run: Run): boolean | 'break' {
    for (const statement of statements) {
      switch (statement.s) {
        case 'break':
          return 'break';
        case 'switch': {
          const discriminant = this.evaluate(statement.discriminant, facts, locals);
          if (isUnresolved(discriminant) || isSpecial(discriminant)) {
            const cause = isUnresolved(discriminant) ? discriminant : unresolved('the switch depends on a value not read statically', facts.file, 0, 0);
            run.returned = cause;
            run.unknownEffect ??= cause;
            return true;
          }
          let at = statement.cases.findIndex((c) => c.test && sameValue(this.evaluate(c.test, facts, locals), discriminant));
          if (at < 0) at = statement.cases.findIndex((c) => !c.test);
          if (at < 0) break;
          // From the matching case on, falling through, until a break or a return.
          const outcome = this.runStatements(statement.cases.slice(at).flatMap((c) => c.body), facts, locals, run);
          if (outcome === true) return true;
          break;
        }
        case 'const':
          bind(locals, statement.param, this.evaluate(statement.value, facts, locals), (value) => this.evaluate(value, facts, locals));
          break;
        case 'assign': {
          const [head, ...path] = statement.target;
          const value = this.evaluate(statement.value, facts, locals);
          if (head === undefined || !locals.has(head)) {
            // A module's state (or anything not local) changed at run time: the effect is unknown.
            run.unknownEffect ??= unresolved(`'${statement.target.join('.')} = ...' changes state outside the function`, facts.file, statement.start, statement.end);
            break;
          }
          if (path.length === 0) locals.set(head, value);
          else {
            const updated = withKey(locals.get(head), path, value);
            if (updated === undefined) run.unknownEffect ??= unresolved(`'${statement.target.join('.')} = ...' cannot be followed`, facts.file, statement.start, statement.end);
            else locals.set(head, updated);
          }
          break;
        }
        case 'return':
          run.returned = returnedAfter(run, statement.value ? this.evaluate(statement.value, facts, locals) : undefined);
          return true;
        case 'expr': {
          const result = this.evaluate(statement.value, facts, locals);
          if (isUnresolved(result)) run.unknownEffect ??= result;
          break;
        }
        case 'if': {
          const test = this.evaluate(statement.test, facts, locals);
          if (!isUnresolved(test) && !(isSpecial(test) && test.kind === 'external')) {
            const outcome = this.runStatements(test ? statement.then : statement.else, facts, locals, run);
            if (outcome) return outcome;
            break;
          }
          // The test is not known: both branches must come out alike, or the outcome is unknown.
          const branches = [statement.then, statement.else].map((branch) => {
            const inner: Run = { returned: undefined, applied: [] };
            const scope = new Map(locals);
            this.runs.push(inner);
            try {
              const returned = this.runStatements(branch, facts, scope, inner);
              return { inner, returned, scope };
            } finally {
              this.runs.pop();
            }
          });
          const [a, b] = branches as [Branch, Branch];
          const cause = isUnresolved(test) ? test : unresolved(`the branch depends on '${(test as { name: string }).name}'`, facts.file, 0, 0);
          const outcome = joinBranches(a, b, cause, locals, run);
          if (outcome === 'continue') break;
          return outcome;
        }
        case 'unknown':
          run.unknownEffect ??= unresolved(`'${statement.text}' cannot be read statically`, facts.file, statement.start, statement.end);
          run.returned = run.unknownEffect;
          return true;
      }
    }
    return false;
  }
}

/** What one branch of an `if` whose test could not be read did: ran out, returned or broke, and its variables after. */
interface Branch {
  inner: Run;
  returned: boolean | 'break';
  scope: Map<string, unknown>;
}

/**
 * After both branches of an `if` whose test could not be read: the run goes on ('continue') or has
 * returned (true) or broken ('break'). Branches that apply different decorators, or end differently
 * in a way that cannot be listed, leave the outcome unknown.
 */
function joinBranches(a: Branch, b: Branch, cause: Unresolved, locals: Map<string, unknown>, run: Run): boolean | 'break' | 'continue' {
  const unknownOutcome = (): true => {
    run.returned = cause;
    run.unknownEffect ??= cause;
    return true;
  };
  if (!sameValue(a.inner.applied, b.inner.applied)) return unknownOutcome();
  run.applied.push(...a.inner.applied);
  // What either branch returned on a path it left early is one of what the function may return.
  returnedEarlier(run, [...(a.inner.earlier?.values ?? []), ...(b.inner.earlier?.values ?? [])], cause);
  if (a.returned === true && b.returned === true) {
    // Both return: one of the two (`if (isSqlite) return 'datetime'; else return 'timestamptz'`).
    const value = sameValue(a.inner.returned, b.inner.returned) ? a.inner.returned : alternatives([a.inner.returned, b.inner.returned], cause);
    if (value === cause) return unknownOutcome();
    run.returned = returnedAfter(run, value);
    return true;
  }
  const early = a.returned === true && b.returned === false ? [a, b] : b.returned === true && a.returned === false ? [b, a] : undefined;
  if (early) {
    // One branch returns, the other goes on: the function returns that value or what it returns later.
    const [returning, going] = early as [Branch, Branch];
    if (!isListed(returning.inner.returned)) return unknownOutcome();
    returnedEarlier(run, [returning.inner.returned], cause);
    for (const [name, value] of going.scope) locals.set(name, value);
    return 'continue';
  }
  if (a.returned !== b.returned) return unknownOutcome();
  // The branches end alike: what they leave in a variable is known where they agree, and one of
  // the two (or unknown) where they do not.
  for (const [name, value] of a.scope) locals.set(name, mergeBranches(value, b.scope.get(name), cause));
  return a.returned === 'break' ? 'break' : 'continue';
}

/** Records values the function returned on paths it left under the unread test `cause`. */
function returnedEarlier(run: Run, values: unknown[], cause: Unresolved): void {
  if (values.length === 0) return;
  run.earlier = { values: [...(run.earlier?.values ?? []), ...values], cause: run.earlier?.cause ?? cause };
}

/** What a `return` gives after earlier returns under unread tests: one of them all. */
function returnedAfter(run: Run, value: unknown): unknown {
  return run.earlier ? alternatives([...run.earlier.values, value], run.earlier.cause) : value;
}

function isPrimitive(value: unknown): value is Primitive {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isListed(value: unknown): boolean {
  return isPrimitive(value) || (isUnresolved(value) && value.oneOf !== undefined);
}

/**
 * One of several values, picked by what `cause` could not read: the value when they are all the
 * same, an unknown that lists them when each is a plain string, number or boolean (or such a list
 * itself), else just the cause.
 */
function alternatives(values: unknown[], cause: Unresolved): unknown {
  const listed = new Set<Primitive>();
  for (const value of values) {
    if (isPrimitive(value)) listed.add(value);
    else if (isUnresolved(value) && value.oneOf) for (const item of value.oneOf) listed.add(item);
    else return cause;
  }
  if (listed.size === 1) return [...listed][0];
  if (listed.size > MAX_ALTERNATIVES) return cause;
  return special({ ...cause, oneOf: [...listed] });
}

/** A value after two branches: the same in both, known where two objects agree, one of two plain values, else the test's unknown. */
function mergeBranches(a: unknown, b: unknown, cause: Unresolved): unknown {
  if (sameValue(a, b)) return a;
  if (!isPlainObject(a) || !isPlainObject(b)) return alternatives([a, b], cause);
  const merged: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) merged[key] = mergeBranches(a[key], b[key], cause);
  return merged;
}

/**
 * A copy of a plain object with the value at `path` replaced (objects are values here: the copy
 * leaves the caller's argument as it was evaluated); undefined when the path does not lead through
 * plain objects.
 */
function withKey(target: unknown, path: string[], value: unknown): unknown {
  if (!isPlainObject(target)) return undefined;
  const [key, ...rest] = path;
  if (rest.length === 0) return { ...target, [key!]: value };
  const inner = withKey(target[key!], rest, value);
  return inner === undefined ? undefined : { ...target, [key!]: inner };
}

/** Binds a parameter (or `const` pattern) to a value; an unknown value makes every name unknown. */
function bind(locals: Map<string, unknown>, param: SParam, value: unknown, evaluateDefault: (value: SValue) => unknown): void {
  const given = value === undefined && param.default ? evaluateDefault(param.default) : value;
  if ('name' in param) {
    locals.set(param.name, given);
    return;
  }
  if ('items' in param) {
    const list = Array.isArray(given) ? given : undefined;
    param.items.forEach((name, index) => name !== undefined && locals.set(name, list ? list[index] : isUnresolved(given) ? given : undefined));
    if (param.rest) locals.set(param.rest, list ? list.slice(param.items.length) : isUnresolved(given) ? given : []);
    return;
  }
  const source = isPlainObject(given) ? given : undefined;
  for (const [key, local] of param.props) locals.set(local, source ? source[key] : isUnresolved(given) ? given : undefined);
  if (param.rest) {
    if (!source) locals.set(param.rest, isUnresolved(given) ? given : {});
    else {
      const taken = new Set(param.props.map(([key]) => key));
      locals.set(param.rest, Object.fromEntries(Object.entries(source).filter(([key]) => !taken.has(key))));
    }
  }
}

/** Structural equality of evaluated values (plain data); specials only by identity. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isSpecial(a) || isSpecial(b)) {
    if (isSpecial(a) && isSpecial(b) && a.kind === 'applies' && b.kind === 'applies') return sameValue(a.decorators, b.decorators);
    if (isSpecial(a) && isSpecial(b) && a.kind === 'external' && b.kind === 'external') return a.module === b.module && a.name === b.name;
    return false;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return false;
}


// Evaluates decorator arguments and constants statically, across files: constants, enums, classes,
// mixins, arrow functions called with known arguments. Nothing runs; what cannot be known is Unresolved.
import type { ClassFacts, FileFacts } from './parse';
import type { ModuleResolver } from './resolve';
import { isSpecial, isUnresolved, special, unresolved, type ClassRef, type FnValue } from './static-values';
import type { SValue } from './values';

const GLOBAL_BUILTINS = new Set(['String', 'Number', 'Boolean', 'Date', 'Array', 'Object', 'BigInt', 'Buffer', 'Function', 'Uint8Array']);

/** Evaluates expressions of one workspace statically; cycles and depth are bounded. */
export class Evaluator {
  private readonly active = new Set<string>();
  private readonly constCache = new Map<string, unknown>();
  private readonly classRefs = new Map<string, ClassRef>();
  /** Files read while computing cached constants, replayed to trackers on a cache hit. */
  private readonly constDeps = new Map<string, Set<string>>();
  /** Active dependency trackers (nested): every file a lookup touches is added to all of them. */
  private readonly trackers: Set<string>[] = [];

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
  ) {}

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
    const constant = facts.consts.get(name);
    if (constant) return this.cached(`${facts.file}#const#${name}`, () => this.evaluate(constant, facts));
    const binding = facts.imports.get(name);
    if (binding) return this.importValue(facts, binding.module, binding.imported, start, end, depth);
    if (GLOBAL_BUILTINS.has(name)) return special({ kind: 'builtin', name });
    return unresolved(`'${name}' is not defined in this file`, facts.file, start, end);
  }

  private importValue(facts: FileFacts, module: string, imported: string, start: number, end: number, depth: number): unknown {
    this.track(facts.file);
    const target = this.resolver.resolve(facts.file, module);
    if (!target) {
      if (module.startsWith('.') || module.startsWith('/')) return unresolved(`Cannot find module '${module}'`, facts.file, start, end);
      return special({ kind: 'external', module, name: imported });
    }
    this.track(target);
    const targetFacts = this.facts(target);
    if (!targetFacts) return unresolved(`Cannot read '${module}'`, facts.file, start, end);
    if (imported === '*') return special({ kind: 'ns', facts: targetFacts });
    return this.exported(targetFacts, imported, facts.file, start, end, depth + 1);
  }

  /** An exported name of a module. */
  exported(facts: FileFacts, name: string, fromFile: string, start: number, end: number, depth = 0): unknown {
    if (depth > 30) return unresolved(`'${name}' is re-exported in a cycle`, fromFile, start, end);
    this.track(facts.file);
    const local = facts.exports.get(name);
    if (local !== undefined) return this.lookup(facts, local, start, end, depth + 1);
    for (const reExport of facts.reExports) {
      if (reExport.names) {
        const original = reExport.names.get(name);
        if (original === undefined) continue;
        return this.importValue(facts, reExport.module, original, start, end, depth + 1);
      }
      const target = this.resolver.resolve(facts.file, reExport.module);
      if (target) this.track(target);
      const targetFacts = target ? this.facts(target) : undefined;
      if (!targetFacts) continue;
      const key = `${targetFacts.file}#export#${name}`;
      if (this.active.has(key)) continue;
      this.active.add(key);
      try {
        const value = this.exported(targetFacts, name, fromFile, start, end, depth + 1);
        if (!isUnresolved(value)) return value;
      } finally {
        this.active.delete(key);
      }
    }
    // Not exported but declared: still useful (and what a default-exported class is).
    if (facts.classes.has(name) || facts.consts.has(name) || facts.enums.has(name)) return this.lookup(facts, name, start, end, depth + 1);
    return unresolved(`'${name}' is not exported by ${facts.file}`, fromFile, start, end);
  }

  private cached(key: string, compute: () => unknown): unknown {
    if (this.constCache.has(key)) {
      for (const file of this.constDeps.get(key) ?? []) this.track(file);
      return this.constCache.get(key);
    }
    if (this.active.has(key)) return unresolved('circular constant', '', 0, 0);
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
      case 'neg': {
        const inner = this.evaluate(value.value, facts, locals);
        return typeof inner === 'number' ? -inner : inner;
      }
      case 'obj': {
        const result: Record<string, unknown> = {};
        for (const spread of value.spreads) {
          const inner = this.evaluate(spread, facts, locals);
          if (inner && typeof inner === 'object' && !isSpecial(inner)) Object.assign(result, inner);
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
          if (isSpecial(part) || (part !== null && typeof part === 'object')) return part && isUnresolved(part) ? part : unresolved('template part is not a constant', facts.file, 0, 0);
          text += String(part) + literal;
        }
        return text;
      }
      case 'bin': {
        const left = this.evaluate(value.left, facts, locals);
        const right = this.evaluate(value.right, facts, locals);
        if (isUnresolved(left)) return left;
        if (isUnresolved(right)) return right;
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
          case '??':
            return left ?? right;
          case '||':
            return left || right;
          case '<<':
            return (l as number) << (r as number);
          case '|':
            return (l as number) | (r as number);
          default:
            return unresolved(`operator ${value.op} is not evaluated`, facts.file, 0, 0);
        }
      }
      case 'call':
        return this.evaluateCall(value, facts, locals);
      case 'new': {
        const callee = this.evaluate(value.callee, facts, locals);
        if (isSpecial(callee) && callee.kind === 'external' && callee.name === 'EntitySchema') {
          return special({ kind: 'schema', options: value.args[0] ? this.evaluate(value.args[0], facts, locals) : {} });
        }
        return unresolved('object construction is not evaluated', facts.file, value.start, value.end);
      }
      case 'unknown':
        return unresolved(`'${value.text}' cannot be read statically`, facts.file, value.start, value.end);
    }
  }

  private evaluateRef(value: Extract<SValue, { k: 'ref' }>, facts: FileFacts, locals?: Map<string, unknown>): unknown {
    const [head, ...rest] = value.path;
    let current: unknown = locals?.has(head) ? locals.get(head) : this.lookup(facts, head, value.start, value.end);
    for (const segment of rest) {
      if (isUnresolved(current)) return current;
      if (isSpecial(current)) {
        if (current.kind === 'ns') current = this.exported(current.facts, segment, facts.file, value.start, value.end);
        else if (current.kind === 'external') current = special({ kind: 'external', module: current.module, name: `${current.name}.${segment}` });
        else return unresolved(`'${value.path.join('.')}' cannot be read statically`, facts.file, value.start, value.end);
      } else if (current !== null && typeof current === 'object') {
        current = (current as Record<string, unknown>)[segment];
        if (current === undefined) return unresolved(`'${value.path.join('.')}' has no member '${segment}'`, facts.file, value.start, value.end);
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
    if (callee.k === 'ref' && callee.path.length === 2 && callee.path[0] === 'Object' && value.args[0]) {
      const target = this.evaluate(value.args[0], facts, locals);
      if (target && typeof target === 'object' && !isSpecial(target)) {
        if (callee.path[1] === 'values') return Object.values(target);
        if (callee.path[1] === 'keys') return Object.keys(target);
      }
    }
    const fn = this.evaluate(callee, facts, locals);
    if (isSpecial(fn) && fn.kind === 'mixin') {
      const bindings = new Map<string, unknown>();
      fn.mixin.params.forEach((param, index) => {
        const argument = value.args[index];
        bindings.set(param, argument ? this.evaluate(argument, facts, locals) : undefined);
      });
      return this.classRef(fn.facts, fn.mixin.cls, bindings);
    }
    if (isSpecial(fn) && fn.kind === 'fn') {
      return this.call(fn, value.args.map((argument) => this.evaluate(argument, facts, locals)));
    }
    if (callee.k === 'ref' && callee.path[callee.path.length - 1] === 'join' && value.args.length <= 1) {
      const target = this.evaluate({ ...callee, path: callee.path.slice(0, -1) }, facts, locals);
      const separator = value.args[0] ? this.evaluate(value.args[0], facts, locals) : ',';
      if (Array.isArray(target) && typeof separator === 'string') return target.join(separator);
    }
    return unresolved(`the call '${callee.k === 'ref' ? callee.path.join('.') : '...'}(...)' cannot be evaluated statically`, facts.file, value.start, value.end);
  }

  /** Calls an arrow function with evaluated arguments (e.g. `() => 'now()'`, `(column) => column.propertyName + '_a'`). */
  call(fn: FnValue, args: unknown[]): unknown {
    const locals = new Map(fn.locals ?? []);
    fn.value.params.forEach((param, index) => locals.set(param, args[index]));
    if (!fn.value.body) return unresolved('function has no readable return value', fn.facts.file, fn.value.start, fn.value.end);
    return this.evaluate(fn.value.body, fn.facts, locals);
  }
}

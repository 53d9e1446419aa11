// Decorator recognition: which TypeORM decorators a decorator in an entity file applies, and with
// which arguments. A decorator imported from TypeORM (under any name, through any barrel) applies
// itself; a wrapper defined in the workspace is followed to its definition and run statically (it
// may call TypeORM's factories, merge options, use NestJS's applyDecorators, or apply decorators
// to its target); a name the user declared under `decorators` stands for the TypeORM decorator it
// names. Another library's decorator applies none. What cannot be followed is unknown, with why.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeclaredDecorator, DeclaredDecorators } from '../config';
import { TYPEORM_DECORATORS, type Evaluator } from './evaluate';
import type { DecoratorFacts, FileFacts } from './parse';
import { isPlainObject, isSpecial, isUnresolved, unresolved, type FnValue, type TypeormDecorator, type Unresolved } from './static-values';
import type { SStatement, SValue } from './values';
import { isTypeormModule } from '../workspace';


/** What a decorator on a class or property does to the schema. */
export type Recognition =
  /** Applies these TypeORM decorators; `via` names the wrapper or declaration they came through. */
  | { kind: 'typeorm'; decorators: TypeormDecorator[]; via?: string; declared?: boolean }
  /**
   * May apply TypeORM decorators, but what it applies cannot be read statically; `effect` when it is
   * what the decorator does to its target that is unknown (not only the value its factory returns).
   */
  | { kind: 'unknown'; reason: Unresolved; via: string; effect?: boolean }
  /** Another library's decorator (validation, serialisation, GraphQL ...): no schema effect. */
  | { kind: 'none' };

export class DecoratorRecognizer {
  private readonly touches = new Map<string, boolean>();
  private readonly packages = new Map<string, boolean>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly declared: DeclaredDecorators = {},
  ) {}

  recognise(facts: FileFacts, decorator: DecoratorFacts, locals?: Map<string, unknown>): Recognition {
    const args = (): unknown[] => decorator.args.map((arg) => this.evaluator.evaluate(arg, facts, locals));
    const declaration = this.declared[decorator.name] ?? this.declared[decorator.callee.path.join('.')];
    if (declaration) return this.declaredApplication(decorator, declaration, args());
    const callee = this.evaluator.evaluate(decorator.callee, facts, locals);
    if (isSpecial(callee) && callee.kind === 'external') {
      if (isTypeormModule(callee.module)) {
        return TYPEORM_DECORATORS.has(callee.name) ? { kind: 'typeorm', decorators: [{ name: callee.name, args: args() }] } : { kind: 'none' };
      }
      if (decorator.called && callee.name === 'applyDecorators') return this.outcome(decorator, this.evaluator.evaluate({ k: 'call', callee: decorator.callee, args: decorator.args, start: decorator.start, end: decorator.end }, facts, locals));
      if (this.packageUsesTypeorm(callee.module, facts.file)) {
        return { kind: 'unknown', via: decorator.name, reason: unresolved(`it comes from the package '${callee.module}', which uses TypeORM but is not read`, facts.file, decorator.start, decorator.end, `package:${callee.module}#${callee.name}`) };
      }
      return { kind: 'none' };
    }
    if (isUnresolved(callee)) {
      // Written without an import (broken code, or a global): known by its TypeORM name, as before.
      if (callee.cause.startsWith('undefined:')) return TYPEORM_DECORATORS.has(decorator.name) ? { kind: 'typeorm', decorators: [{ name: decorator.name, args: args() }] } : { kind: 'none' };
      return { kind: 'unknown', via: decorator.name, reason: callee };
    }
    if (isSpecial(callee) && callee.kind === 'applies') return { kind: 'typeorm', decorators: callee.decorators, via: decorator.name };
    if (isSpecial(callee) && callee.kind === 'fn') {
      const outcome = this.outcome(decorator, decorator.called ? this.evaluator.call(callee, args()) : callee);
      // A factory that could not be run but never comes near TypeORM (a validation or documentation
      // helper) has no schema effect. A decorator whose effect on its target is unknown (it records
      // the property somewhere, for a strategy applied at boot) may well have one.
      if (outcome.kind === 'unknown' && !outcome.effect && !this.touchesTypeorm(callee)) return { kind: 'none' };
      return outcome;
    }
    return { kind: 'none' };
  }

  /** What a wrapper gave: TypeORM decorators, a decorator function to apply, or something unknown. */
  private outcome(decorator: DecoratorFacts, result: unknown): Recognition {
    if (isSpecial(result) && result.kind === 'applies') return { kind: 'typeorm', decorators: result.decorators, via: decorator.name };
    if (isSpecial(result) && result.kind === 'fn') {
      const run = this.evaluator.apply(result);
      if (run.applied.length > 0) return { kind: 'typeorm', decorators: run.applied, via: decorator.name };
      if (run.unknownEffect) return { kind: 'unknown', via: decorator.name, reason: run.unknownEffect, effect: true };
      return { kind: 'none' };
    }
    if (isUnresolved(result)) return { kind: 'unknown', via: decorator.name, reason: result };
    return { kind: 'none' };
  }

  private declaredApplication(decorator: DecoratorFacts, declaration: DeclaredDecorator, given: unknown[]): Recognition {
    if (declaration.assume === 'off') return { kind: 'none' };
    const args = given.slice(declaration.skipArguments ?? 0);
    if (declaration.options) {
      const at = args.findIndex(isPlainObject);
      if (at >= 0) args[at] = { ...(args[at] as Record<string, unknown>), ...declaration.options };
      else args.push({ ...declaration.options });
    }
    return { kind: 'typeorm', decorators: [{ name: declaration.as, args }], via: decorator.name, declared: true };
  }

  /**
   * Whether a workspace function may apply TypeORM decorators: it refers to something imported from
   * TypeORM, or calls a workspace function that does. A decorator that does not (validation,
   * documentation) has no schema effect, even when it cannot be run statically.
   */
  private touchesTypeorm(fn: FnValue, depth = 0): boolean {
    const key = `${fn.facts.file}:${fn.value.start}`;
    const known = this.touches.get(key);
    if (known !== undefined) return known;
    if (depth > 8) return true;
    this.touches.set(key, false);
    let result = false;
    for (const name of referencedNames(fn.value)) {
      if (fn.locals?.has(name)) {
        const local = fn.locals.get(name);
        if (isSpecial(local) && local.kind === 'fn' && this.touchesTypeorm(local, depth + 1)) result = true;
        continue;
      }
      const value = this.evaluator.lookup(fn.facts, name);
      if (isSpecial(value) && value.kind === 'external' && (isTypeormModule(value.module) || value.name === 'applyDecorators')) result = true;
      else if (isSpecial(value) && value.kind === 'applies') result = true;
      else if (isSpecial(value) && value.kind === 'fn' && this.touchesTypeorm(value, depth + 1)) result = true;
      else if (isUnresolved(value) && !value.cause.startsWith('undefined:')) result = true;
      if (result) break;
    }
    this.touches.set(key, result);
    return result;
  }

  /** A package in node_modules that depends on TypeORM may wrap its decorators; others do not. */
  private packageUsesTypeorm(module: string, fromFile: string): boolean {
    const name = module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : module.split('/')[0]!;
    const key = `${path.dirname(fromFile)}\u0000${name}`;
    const cached = this.packages.get(key);
    if (cached !== undefined) return cached;
    let result = false;
    for (let dir = path.dirname(fromFile), i = 0; i < 30; i++) {
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
        result = ['dependencies', 'peerDependencies'].some((field) => manifest[field]?.typeorm !== undefined);
        break;
      } catch {
        const parent = path.dirname(dir);
        if (parent === dir) break;
        dir = parent;
      }
    }
    this.packages.set(key, result);
    return result;
  }
}

/** The free names a function's syntax mentions (heads of references), parameters included. */
function referencedNames(fn: Extract<SValue, { k: 'fn' }>): Set<string> {
  const names = new Set<string>();
  const value = (v: SValue | undefined): void => {
    if (!v) return;
    switch (v.k) {
      case 'ref':
        names.add(v.path[0]!);
        return;
      case 'obj':
        v.props.forEach(([, inner]) => value(inner));
        v.spreads.forEach(value);
        return;
      case 'arr':
        v.items.forEach(value);
        return;
      case 'spread':
      case 'unary':
        value(v.value);
        return;
      case 'fn':
        value(v.body);
        v.block?.forEach(statement);
        return;
      case 'tpl':
        v.parts.forEach(([inner]) => value(inner));
        return;
      case 'bin':
        value(v.left);
        value(v.right);
        return;
      case 'cond':
        value(v.test);
        value(v.then);
        value(v.else);
        return;
      case 'member':
        value(v.object);
        value(v.key);
        return;
      case 'call':
      case 'new':
        value(v.callee);
        v.args.forEach(value);
        return;
    }
  };
  const statement = (s: SStatement): void => {
    if (s.s === 'const') value(s.value);
    else if (s.s === 'return') value(s.value);
    else if (s.s === 'expr' || s.s === 'assign') value(s.value);
    else if (s.s === 'if') {
      value(s.test);
      s.then.forEach(statement);
      s.else.forEach(statement);
    } else if (s.s === 'switch') {
      value(s.discriminant);
      for (const c of s.cases) {
        value(c.test);
        c.body.forEach(statement);
      }
    }
  };
  value(fn);
  for (const param of fn.params) {
    const bound = 'name' in param ? [param.name] : 'items' in param ? param.items : param.props.map(([, local]) => local);
    for (const name of bound) if (name !== undefined) names.delete(name);
  }
  return names;
}

// The values the static evaluator hands out besides plain data: classes, builtins, functions,
// mixins, namespaces, external names, EntitySchemas, TypeORM decorators being applied, and what
// could not be read (Unresolved).
import type { ClassFacts, FileFacts, MixinFacts } from './parse';
import type { SValue } from './values';

export interface ClassRef {
  kind: 'class';
  key: string;
  facts: FileFacts;
  cls: ClassFacts;
  /** For a class built by a mixin call: what its `extends Base` parameter stands for. */
  bindings?: Map<string, unknown>;
}
export interface Builtin {
  kind: 'builtin';
  name: string;
}
export interface FnValue {
  kind: 'fn';
  value: Extract<SValue, { k: 'fn' }>;
  facts: FileFacts;
  locals?: Map<string, unknown>;
}
export interface MixinRef {
  kind: 'mixin';
  facts: FileFacts;
  mixin: MixinFacts;
  name: string;
}
export interface Unresolved {
  kind: 'unresolved';
  reason: string;
  file: string;
  start: number;
  end: number;
  /** What one cause's unknowns share (a helper, an import, an expression): see UnknownFact.cause. */
  cause: string;
  /**
   * The values it may be, when each branch of a test that could not be read gave a plain one
   * (`isPostgres ? 'jsonb' : 'simple-json'`): still unknown, but never anything else.
   */
  oneOf?: readonly Primitive[];
}
/** A value a branch may give that `oneOf` can list. */
export type Primitive = string | number | boolean;
/** A name imported from a package outside the workspace (not read), or a value made from one. */
export interface External {
  kind: 'external';
  module: string;
  name: string;
}
/** One TypeORM decorator with its (evaluated) arguments: what `Column({...})` gives. */
export interface TypeormDecorator {
  name: string;
  args: unknown[];
}
/**
 * A decorator known to apply these TypeORM decorators: a TypeORM factory's result, NestJS's
 * `applyDecorators(...)` of them, or a wrapper's. Decorators of other libraries apply none.
 */
export interface Applies {
  kind: 'applies';
  decorators: TypeormDecorator[];
}
export interface Namespace {
  kind: 'ns';
  facts: FileFacts;
}
export interface SchemaRef {
  kind: 'schema';
  options: unknown;
}

export type Special = ClassRef | Builtin | FnValue | MixinRef | Unresolved | External | Namespace | SchemaRef | Applies;

export function isSpecial(value: unknown): value is Special {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && SPECIAL.has(value as object);
}
const SPECIAL = new WeakSet<object>();
/** Marks a value as one of these kinds (plain objects with a 'kind' key stay data). */
export function special<T extends Special>(value: T): T {
  SPECIAL.add(value);
  return value;
}
// Builtins and externals are looked up for nearly every decorator and design type, and never
// changed: one object per name.
const builtins = new Map<string, Builtin>();
const externals = new Map<string, External>();

export function builtin(name: string): Builtin {
  let value = builtins.get(name);
  if (!value) builtins.set(name, (value = special({ kind: 'builtin', name })));
  return value;
}
/** What cannot be read; by default its own cause (the expression at file:start). */
export function unresolved(reason: string, file: string, start: number, end: number, cause = `${file}:${start}`): Unresolved {
  return special({ kind: 'unresolved', reason, file, start, end, cause });
}
export function external(module: string, name: string): External {
  const key = `${module}\u0000${name}`;
  let value = externals.get(key);
  if (!value) externals.set(key, (value = special({ kind: 'external', module, name })));
  return value;
}
export function applies(decorators: TypeormDecorator[]): Applies {
  return special({ kind: 'applies', decorators });
}
export function isUnresolved(value: unknown): value is Unresolved {
  return isSpecial(value) && value.kind === 'unresolved';
}

/** Plain data: an object literal's value, not one of the kinds above (nor an instance of a class). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && !isSpecial(value);
}

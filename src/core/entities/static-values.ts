// The values the static evaluator hands out besides plain data: classes, builtins, functions,
// mixins, namespaces, external names, EntitySchemas, and what could not be read (Unresolved).
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
}
export interface External {
  kind: 'external';
  module: string;
  name: string;
}
export interface Namespace {
  kind: 'ns';
  facts: FileFacts;
}
export interface SchemaRef {
  kind: 'schema';
  options: unknown;
}

export type Special = ClassRef | Builtin | FnValue | MixinRef | Unresolved | External | Namespace | SchemaRef;

export function isSpecial(value: unknown): value is Special {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && SPECIAL.has(value as object);
}
const SPECIAL = new WeakSet<object>();
/** Marks a value as one of these kinds (plain objects with a 'kind' key stay data). */
export function special<T extends Special>(value: T): T {
  SPECIAL.add(value);
  return value;
}
export function builtin(name: string): Builtin {
  return special({ kind: 'builtin', name });
}
export function unresolved(reason: string, file: string, start: number, end: number): Unresolved {
  return special({ kind: 'unresolved', reason, file, start, end });
}
export function isUnresolved(value: unknown): value is Unresolved {
  return isSpecial(value) && value.kind === 'unresolved';
}

/** Plain data: an object literal's value, not one of the kinds above. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isSpecial(value);
}

// The TypeORM decorators of a class (found by decorators.ts, wrappers and declared aliases included)
// -> args records, mirroring what each decorator pushes into getMetadataArgsStorage()
// (node_modules/typeorm/decorator/**). Arguments are evaluated statically; an option that cannot
// be read is recorded as unknown (args.ts, UNKNOWN_OPTIONS), never dropped as if it were absent.
import * as path from 'node:path';
import type { ReadProblem, SourceSpan, UnknownFact } from '../model/schema';
import { UNKNOWN_OPTIONS, unknownOption, unknownOptions, type ArgsStorage, type ColumnMode, type ForeignKeyArgs, type IndexArgs, type JoinColumnArgs, type Options } from './args';
import type { DecoratorRecognizer, Recognition } from './decorators';
import type { Evaluator } from './evaluate';
import { notInWorkspace } from '../workspace';
import { spanOf, type DecoratorFacts, type DesignType, type FileFacts, type PropertyFacts } from './parse';
import { builtin, isPlainObject, isSpecial, isUnresolved, type ClassRef, type External, type FnValue, type TypeormDecorator, type Unresolved } from './static-values';

export interface Collector {
  storage: ArgsStorage;
  evaluator: Evaluator;
  recognizer: DecoratorRecognizer;
  problems: ReadProblem[];
  /** The project compiles with strictNullChecks: `x: string | null` has design:type Object. */
  strictNullChecks?: boolean;
}

/** Options that never change the schema: what they hold need not be read (e.g. `new Transformer()`). */
const SCHEMA_IRRELEVANT = new Set(['transformer', 'select', 'insert', 'update', 'eager', 'lazy', 'cascade', 'orphanedRowAction', 'persistence', 'readonly', 'hooks']);

/** One TypeORM decorator as applied here: its evaluated arguments, where, and what it came through. */
interface Application {
  name: string;
  args: unknown[];
  span: SourceSpan;
  facts: FileFacts;
  /** The wrapper or declared name it was found through. */
  via?: string;
  declared?: boolean;
}

const DROPPED = Symbol('dropped');

/** Why a value could not be read, said for the person at `span` (the decorator they wrote). */
function unknownFactOf(leaf: Unresolved | External, span: SourceSpan, facts: FileFacts, via?: string): UnknownFact {
  const env = leaf.kind === 'unresolved' && leaf.cause.startsWith('env:') ? leaf.cause.slice(4) : undefined;
  // `file#name` of a top-level let/var: its value is declared by the file's name and its own.
  const variable = leaf.kind === 'unresolved' && leaf.cause.startsWith('mutable:') ? leaf.cause.slice('mutable:'.length) : undefined;
  // An environment variable is its own cause, whatever wrapper reads it: it is not named after one.
  const viaText = via && env === undefined ? `\`@${via}()\`: ` : '';
  const orDecorator = via ? `, or declare \`${via}\` under "decorators"` : '';
  const hint = env
    ? `Declare the value the database was built with under "env" in schema-lens.json, e.g. "env": { "${env || 'NAME'}": "..." }${orDecorator}.`
    : variable
      ? `Declare the value it has when the application runs under "values" in schema-lens.json, e.g. "values": { "${path.basename(variable)}": "..." }${orDecorator}.`
      : via
        ? `Declare \`${via}\` under "decorators" in schema-lens.json, e.g. "${via}": { "as": "Column", "options": { "type": "varchar" } }.`
        : 'Write it as a literal or a constant Schema Lens can follow, or silence this with // schema-lens-ignore SL001.';
  if (leaf.kind === 'external') {
    const name = leaf.name.replace(/\(\)$/, '');
    if (leaf.module === '') return { reason: `${viaText}\`${leaf.name}\` is computed at run time`, cause: `global:${name}`, hint, span };
    return { reason: `${viaText}${notInWorkspace(name, leaf.module)}`, cause: `import:${leaf.module}#${name}`, hint, span };
  }
  // The expression itself when it is in the file being read, else the decorator that led to it.
  const at = leaf.file === facts.file && leaf.end > 0 && !via ? spanOf(facts, leaf.start, leaf.end) : span;
  return { reason: `${viaText}${leaf.reason}`, cause: leaf.cause, hint, span: at, ...(leaf.oneOf ? { oneOf: leaf.oneOf } : {}) };
}

/**
 * An evaluated value as data: what could not be read is left out. An array with an unreadable item
 * is unreadable as a whole (a partial list would be wrong); an object keeps its readable keys and
 * records the others under UNKNOWN_OPTIONS.
 */
function known(value: unknown, span: SourceSpan, facts: FileFacts, via: string | undefined, onUnknown: (fact: UnknownFact) => void): unknown {
  if (isUnresolved(value) || (isSpecial(value) && value.kind === 'external')) {
    onUnknown(unknownFactOf(value, span, facts, via));
    return DROPPED;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => known(item, span, facts, via, onUnknown));
    return items.includes(DROPPED) ? DROPPED : items;
  }
  if (isPlainObject(value)) {
    const result: Options = {};
    const given = (value as Options)[UNKNOWN_OPTIONS];
    let unknown: Record<string, UnknownFact> | undefined = given ? { ...given } : undefined;
    // The first fact of the key being cleaned (one closure per object: this runs for every option).
    let first: UnknownFact | undefined;
    const keep = (fact: UnknownFact): void => {
      first ??= fact;
      onUnknown(fact);
    };
    for (const key of Object.keys(value)) {
      if (SCHEMA_IRRELEVANT.has(key)) continue;
      first = undefined;
      const cleaned = known(value[key], span, facts, via, keep);
      if (cleaned === DROPPED) (unknown ??= {})[key] = first!;
      else result[key] = cleaned;
    }
    if (unknown && Object.keys(unknown).length > 0) result[UNKNOWN_OPTIONS] = unknown;
    return result;
  }
  return value;
}

/** An evaluated value as data, as known() makes it; one that cannot be read at all is `unknown` (its fact). */
export function knownValue(value: unknown, span: SourceSpan, facts: FileFacts): unknown {
  let fact: UnknownFact | undefined;
  const result = known(value, span, facts, undefined, (f) => (fact ??= f));
  return result === DROPPED ? new UnknownArgument(fact!) : result;
}

/** An argument as data; one that cannot be read at all is `unknown` (its fact), never undefined. */
function argument(application: Application, index: number): unknown {
  let fact: UnknownFact | undefined;
  const value = known(application.args[index], application.span, application.facts, application.via, (f) => (fact ??= f));
  return value === DROPPED ? new UnknownArgument(fact!) : value;
}

/** An argument none of which could be read. */
export class UnknownArgument {
  constructor(readonly unknown: UnknownFact) {}
}

export function isUnknownArgument(value: unknown): value is UnknownArgument {
  return value instanceof UnknownArgument;
}

/** An argument that should be options: options, all-unknown options, or none. */
function optionsArgument(application: Application, index: number): Options | undefined {
  const value = argument(application, index);
  if (isUnknownArgument(value)) return unknownOptions(value.unknown);
  return isPlainObject(value) ? (value as Options) : undefined;
}

/** The property named by `(post) => post.author` or `'author'`. */
export function propertyNameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isSpecial(value) && value.kind === 'fn') {
    const body = value.value.body;
    if (body?.k === 'ref') return body.path.slice(1).join('.');
  }
  return undefined;
}

/** Index/unique columns: `['a', 'b']`, `(p) => [p.a, p.b]`, `(p) => ({ a: 1 })`; unknown when unreadable. */
function columnList(value: unknown): Columns {
  if (isUnknownArgument(value)) return value;
  if (isSpecial(value) && value.kind === 'fn') {
    const body = value.value.body;
    if (body?.k === 'arr') return body.items.map((item) => (item.k === 'ref' ? item.path.slice(1).join('.') : undefined)).filter((x): x is string => !!x);
    if (body?.k === 'obj') return body.props.map(([key]) => key);
    return undefined;
  }
  if (Array.isArray(value)) return value.filter((x): x is string => typeof x === 'string');
  return undefined;
}

function designTypeValue(collector: Collector, facts: FileFacts, type: DesignType, locals?: Map<string, unknown>): unknown {
  if (type.k === 'builtin') return builtin(type.name);
  if (type.k === 'union') {
    // tsc serialises a union as its members' common type, else as Object.
    const members = type.members.map((member) => designTypeValue(collector, facts, member, locals));
    const unknown = members.find((member) => isUnresolved(member) || (isSpecial(member) && member.kind === 'external'));
    if (unknown) return unknown;
    const [first] = members;
    return members.every((member) => isSpecial(member) && member.kind === 'builtin' && isSpecial(first) && first.kind === 'builtin' && member.name === first.name) ? first : builtin('Object');
  }
  const alias = type.path.length === 1 ? facts.typeAliases.get(type.path[0]!) : undefined;
  if (alias) return designTypeValue(collector, facts, alias, locals);
  const value = collector.evaluator.evaluate({ k: 'ref', path: type.path, start: 0, end: 0 }, facts, locals);
  // An enum: tsc emits String or Number by its members; anything else is Object.
  if (isPlainObject(value)) {
    const values = Object.values(value);
    if (values.length > 0 && values.every((v) => typeof v === 'number')) return builtin('Number');
    if (values.length > 0 && values.every((v) => typeof v === 'string')) return builtin('String');
  }
  if (isSpecial(value) && value.kind === 'class') return value;
  // An enum member used as a type (`Role.Admin`): a number or string literal type.
  if (typeof value === 'number') return builtin('Number');
  if (typeof value === 'string') return builtin('String');
  // Declared, but as a type (an interface, a type alias in another file): what tsc emits for it.
  if (isUnresolved(value) && value.cause.startsWith('undefined:')) {
    const name = value.cause.slice(value.cause.lastIndexOf('#') + 1);
    const declaring = collector.evaluator.factsOf(value.file);
    const declared = declaring?.typeAliases.get(name);
    return declared && declaring && declaring !== facts ? designTypeValue(collector, declaring, declared, undefined) : builtin('Object');
  }
  // A type from a package or a file that cannot be read: tsc knows what it emits, we do not.
  if (isUnresolved(value) || (isSpecial(value) && value.kind === 'external')) return value;
  return builtin('Object');
}

const COLUMN_MODES: Record<string, ColumnMode> = {
  CreateDateColumn: 'createDate',
  UpdateDateColumn: 'updateDate',
  DeleteDateColumn: 'deleteDate',
  VersionColumn: 'version',
  TreeLevelColumn: 'treeLevel',
};

const RELATIONS: Record<string, 'many-to-one' | 'one-to-one' | 'one-to-many' | 'many-to-many'> = {
  ManyToOne: 'many-to-one',
  OneToOne: 'one-to-one',
  OneToMany: 'one-to-many',
  ManyToMany: 'many-to-many',
};

/** Columns a decorator names, or the unknown that stops them being read. */
type Columns = string[] | UnknownArgument | undefined;

function unknownConstraint(collector: Collector, target: string, fact: UnknownFact, propertyName?: string): void {
  collector.storage.unknowns.push({ target, propertyName, affects: 'constraints', fact });
}

function indexArgs(collector: Collector, target: string, application: Application, propertyName?: string): IndexArgs | undefined {
  const values = application.args.map((_, i) => argument(application, i));
  const [first] = values;
  const unknown = values.find(isUnknownArgument);
  if (unknown) {
    unknownConstraint(collector, target, unknown.unknown, propertyName);
    return undefined;
  }
  const name = typeof first === 'string' ? first : undefined;
  const options = values.find((value): value is Options => isPlainObject(value) && !(isSpecial(value)));
  const fieldsValue = name !== undefined ? values[1] : first;
  const fields: Columns = propertyName ? [propertyName] : isPlainObject(fieldsValue) ? undefined : columnList(fieldsValue);
  const optionUnknown = unknownOption(options, 'unique', 'spatial', 'where', 'type', 'synchronize', 'fulltext');
  if (optionUnknown || isUnknownArgument(fields)) {
    unknownConstraint(collector, target, optionUnknown ?? (fields as UnknownArgument).unknown, propertyName);
    return undefined;
  }
  return {
    target,
    name,
    columns: fields as string[] | undefined,
    unique: !!options?.unique,
    spatial: !!options?.spatial,
    fulltext: !!options?.fulltext,
    where: typeof options?.where === 'string' ? options.where : undefined,
    type: typeof options?.type === 'string' ? options.type : undefined,
    synchronize: options?.synchronize !== false,
    span: application.span,
  };
}

/** The target class of `() => Target` (or a name); the unknown when it cannot be read. */
function relationTarget(collector: Collector, application: Application, value: unknown): unknown {
  if (isSpecial(value) && value.kind === 'fn') {
    const result = collector.evaluator.call(value, []);
    let fact: UnknownFact | undefined;
    const target = known(result, application.span, application.facts, application.via, (f) => (fact ??= f));
    return target === DROPPED ? new UnknownArgument(fact!) : target;
  }
  return value;
}

function foreignKeyArgs(collector: Collector, target: string, application: Application, propertyName: string | undefined): ForeignKeyArgs | undefined {
  const values = application.args.map((_, i) => (i === 0 ? application.args[0] : argument(application, i)));
  const [typeArg, second, third, fourth] = values;
  const type = relationTarget(collector, application, isSpecial(typeArg) && typeArg.kind === 'fn' ? typeArg : argument(application, 0));
  const unknown = [type, second, third, fourth].find(isUnknownArgument);
  if (unknown) {
    unknownConstraint(collector, target, unknown.unknown, propertyName);
    return undefined;
  }
  const inverseSide = typeof second === 'string' || (isSpecial(second) && second.kind === 'fn') ? propertyNameOf(second) : undefined;
  const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  const options = [second, third, fourth].find((v): v is Options => isPlainObject(v)) ?? {};
  return { target, propertyName, type, inverseSide, columnNames: Array.isArray(second) ? strings(second) : undefined, referencedColumnNames: strings(third), options, span: application.span };
}

function joinColumnsOf(value: unknown, target: string, propertyName: string): JoinColumnArgs[] {
  if (isUnknownArgument(value)) return [{ target, propertyName, unknown: value.unknown }];
  const list = Array.isArray(value) ? value : [value ?? {}];
  return list.filter(isPlainObject).map((raw) => {
    const options = raw as Options;
    const args: JoinColumnArgs = {
      target,
      propertyName,
      name: typeof options.name === 'string' ? options.name : undefined,
      referencedColumnName: typeof options.referencedColumnName === 'string' ? options.referencedColumnName : undefined,
      foreignKeyConstraintName: typeof options.foreignKeyConstraintName === 'string' ? options.foreignKeyConstraintName : undefined,
    };
    const unknown = unknownOption(options, 'name', 'referencedColumnName');
    if (unknown) args.unknown = unknown;
    return args;
  });
}

/** The TypeORM decorators a decorator applies, for the collector; unknown ones are recorded as such. */
function applications(collector: Collector, facts: FileFacts, decorator: DecoratorFacts, locals: Map<string, unknown> | undefined, onUnknown: (fact: UnknownFact) => void): Application[] {
  const span = spanOf(facts, decorator.start, decorator.end);
  const recognition: Recognition = collector.recognizer.recognise(facts, decorator, locals);
  if (recognition.kind === 'none') return [];
  if (recognition.kind === 'unknown') {
    onUnknown(unknownFactOf(recognition.reason, span, facts, recognition.via));
    return [];
  }
  return recognition.decorators.map((applied: TypeormDecorator) => ({ name: applied.name, args: applied.args, span, facts, via: recognition.via, declared: recognition.declared }));
}

/** Class-level decorators that describe the table itself (the entity decorator is read by collectEntityDecorator). */
export function collectClassDecorators(collector: Collector, ref: ClassRef): void {
  const { facts, cls } = ref;
  const target = ref.key;
  for (const decorator of cls.decorators) {
    const span = spanOf(facts, decorator.start, decorator.end);
    try {
      const found = applications(collector, facts, decorator, ref.bindings, (fact) => unknownConstraint(collector, target, fact));
      for (const application of found) collectClassDecorator(collector, target, application);
    } catch (error) {
      collector.problems.push({ severity: 'warning', message: `Could not read @${decorator.name}: ${String(error)}`, span });
    }
  }
}

function collectClassDecorator(collector: Collector, target: string, application: Application): void {
  const { span } = application;
  switch (application.name) {
    case 'Index': {
      const index = indexArgs(collector, target, application);
      if (index) collector.storage.indices.push(index);
      return;
    }
    case 'Unique': {
      const values = application.args.map((_, i) => argument(application, i));
      const unknown = values.find(isUnknownArgument);
      const [first, second] = values;
      const name = typeof first === 'string' ? first : undefined;
      const columns = columnList(name !== undefined ? second : first);
      if (unknown || isUnknownArgument(columns)) {
        unknownConstraint(collector, target, unknown?.unknown ?? (columns as UnknownArgument).unknown);
        return;
      }
      collector.storage.uniques.push({ target, name, columns: (columns as string[] | undefined) ?? [], span });
      return;
    }
    case 'Check':
    case 'Exclusion': {
      const values = application.args.map((_, i) => argument(application, i));
      const unknown = values.find(isUnknownArgument);
      if (unknown) {
        unknownConstraint(collector, target, unknown.unknown);
        return;
      }
      const strings = values.filter((v): v is string => typeof v === 'string');
      const expression = strings.length >= 2 ? strings[1] : strings[0];
      if (expression === undefined) return;
      const list = application.name === 'Check' ? collector.storage.checks : collector.storage.exclusions;
      list.push({ target, name: strings.length >= 2 ? strings[0] : undefined, expression, span });
      return;
    }
    case 'TableInheritance': {
      const options = optionsArgument(application, 0);
      const column = options?.column;
      collector.storage.inheritances.push({ target, column: typeof column === 'string' ? { name: column } : isPlainObject(column) ? (column as Options) : undefined });
      const unknown = unknownOption(options, 'column');
      if (unknown) collector.storage.unknowns.push({ target, affects: 'columns', fact: unknown });
      return;
    }
    case 'ForeignKey': {
      const key = foreignKeyArgs(collector, target, application, undefined);
      if (key) collector.storage.foreignKeys.push(key);
      return;
    }
    case 'Tree': {
      const type = argument(application, 0);
      const options = optionsArgument(application, 1);
      if (isUnknownArgument(type)) collector.storage.unknowns.push({ target, affects: 'columns', fact: type.unknown });
      else if (typeof type === 'string') collector.storage.trees.push({ target, type, options });
      return;
    }
  }
}

/** Property decorators: columns, relations, join columns/tables, embeddeds, property indexes. */
export function collectProperties(collector: Collector, ref: ClassRef, resolveClass: (value: unknown) => ClassRef | undefined): void {
  const { facts, cls } = ref;
  const target = ref.key;
  for (const property of cls.properties) {
    const unknowns: UnknownFact[] = [];
    let mapped = false;
    // TypeORM applies a property's decorators from the nearest one up, and keeps the first column
    // registered for a property: with two column decorators, the one nearest the property wins.
    for (const decorator of [...property.decorators].reverse()) {
      const span = spanOf(facts, decorator.start, decorator.end);
      try {
        for (const application of applications(collector, facts, decorator, ref.bindings, (fact) => unknowns.push(fact))) {
          if (collectPropertyDecorator(collector, target, property, application, ref.bindings, resolveClass)) mapped = true;
        }
      } catch (error) {
        collector.problems.push({ severity: 'warning', message: `Could not read @${decorator.name} on ${cls.name}.${property.name}: ${String(error)}`, span });
      }
    }
    // A decorator that could not be read may map the property to a column; beside one that is read,
    // it can at most add a constraint.
    for (const fact of unknowns) collector.storage.unknowns.push({ target, propertyName: property.name, affects: mapped ? 'constraints' : 'columns', fact });
  }
}

/** Reads one TypeORM decorator of a property; true when it maps the property (column, relation, embedded). */
function collectPropertyDecorator(
  collector: Collector,
  target: string,
  property: PropertyFacts,
  application: Application,
  locals: Map<string, unknown> | undefined,
  resolveClass: (value: unknown) => ClassRef | undefined,
): boolean {
  const storage = collector.storage;
  const propertyName = property.name;
  const { span, facts } = application;
  const inferredBy = application.declared ? `decorators.${application.via}` : undefined;
  switch (application.name) {
    case 'Column':
    case 'PrimaryColumn': {
      const first = application.args[0];
      if (application.name === 'Column' && isSpecial(first) && first.kind === 'fn') {
        // @Column(() => Embedded, { prefix })
        const embedded = resolveClass(collector.evaluator.call(first as FnValue, []));
        const options = optionsArgument(application, 1);
        if (!embedded) {
          const result = collector.evaluator.call(first as FnValue, []);
          const fact = isUnresolved(result) || (isSpecial(result) && result.kind === 'external') ? unknownFactOf(result, span, facts, application.via) : undefined;
          storage.unknowns.push({
            target,
            propertyName,
            affects: 'columns',
            fact: fact ?? { reason: `the embedded class of ${propertyName} cannot be resolved statically`, cause: `${span.file}:${span.startOffset}`, span },
          });
          return true;
        }
        const prefix = options?.prefix;
        storage.embeddeds.push({ target, propertyName, type: embedded.key, prefix: typeof prefix === 'string' || typeof prefix === 'boolean' ? prefix : undefined, span });
        const prefixUnknown = unknownOption(options, 'prefix');
        if (prefixUnknown) storage.unknowns.push({ target, propertyName, affects: 'columns', fact: prefixUnknown });
        return true;
      }
      const firstValue = argument(application, 0);
      let type: unknown;
      let typeFromDesignType = false;
      let typeProblem: ReadProblem | undefined;
      let options: Options = {};
      if (typeof firstValue === 'string' || (isSpecial(firstValue) && firstValue.kind === 'builtin')) {
        type = firstValue;
        options = { ...(optionsArgument(application, 1) ?? {}) };
      } else if (isUnknownArgument(firstValue)) {
        options = unknownOptions(firstValue.unknown);
      } else if (isPlainObject(firstValue)) {
        options = { ...(firstValue as Options) };
        type = options.type;
      }
      if (!type && !unknownOption(options, 'type')) {
        type = designTypeValue(collector, facts, property.designType, locals);
        if (isUnresolved(type) || (isSpecial(type) && type.kind === 'external')) {
          // tsc emits String, Number or Object for a type it knows; Schema Lens cannot tell which.
          const fact = unknownFactOf(type, span, facts, application.via);
          options[UNKNOWN_OPTIONS] = { ...options[UNKNOWN_OPTIONS], type: { ...fact, reason: `the TypeScript type of ${propertyName} (which TypeORM takes the column type from) cannot be read: ${fact.reason}`, hint: `Give the type in the decorator, e.g. @${application.name}('varchar').` } };
          type = undefined;
        } else {
          const inferable = isSpecial(type) && type.kind === 'builtin' && ['String', 'Number', 'Boolean', 'Date'].includes(type.name);
          // Said at build time, and only if no relation gives the column its type (a join column's type is the referenced column's).
          if (!inferable) {
            typeProblem = {
              severity: 'warning',
              message: `TypeORM cannot infer a column type for ${propertyName} from its TypeScript type (design:type is not String, Number, Boolean or Date): give the type in the decorator, e.g. @${application.name}('jsonb').`,
              span,
            };
          } else if (property.unionWithNull && collector.strictNullChecks) {
            typeProblem = {
              severity: 'warning',
              message: `With strictNullChecks, TypeScript records \`${propertyName}\`'s type (a union with null/undefined) as Object and TypeORM rejects it: give the type in the decorator, e.g. @${application.name}('varchar', { nullable: true }). Read as ${(type as { name: string }).name}.`,
              span,
            };
          }
          typeFromDesignType = true;
        }
      }
      if (!options.type && type) options.type = type;
      if (application.name === 'PrimaryColumn') options.primary = true;
      if (options.unique === true) storage.uniques.push({ target, columns: [propertyName], span });
      const uniqueUnknown = unknownOption(options, 'unique');
      if (uniqueUnknown) unknownConstraint(collector, target, uniqueUnknown, propertyName);
      storage.columns.push({ target, propertyName, mode: 'regular', options, span, inferredBy, typeFromDesignType, typeProblem });
      if (options.generated) storage.generations.push({ target, propertyName, strategy: typeof options.generated === 'string' ? options.generated : 'increment' });
      return true;
    }
    case 'PrimaryGeneratedColumn': {
      const first = argument(application, 0);
      const second = optionsArgument(application, 1);
      let strategy = 'increment';
      const options: Options = {};
      if (typeof first === 'string') strategy = first;
      if (isUnknownArgument(first)) Object.assign(options, unknownOptions(first.unknown));
      if (isPlainObject(first)) mergeOptions(options, first as Options);
      if (second) mergeOptions(options, second);
      if (!options.type && !unknownOption(options, 'type')) {
        if (strategy === 'increment' || strategy === 'identity') options.type = builtin('Number');
        else if (strategy === 'uuid') options.type = 'uuid';
        else if (strategy === 'rowid') options.type = 'int';
      }
      options.primary = true;
      storage.columns.push({ target, propertyName, mode: 'regular', options, span, inferredBy });
      storage.generations.push({ target, propertyName, strategy });
      return true;
    }
    case 'CreateDateColumn':
    case 'UpdateDateColumn':
    case 'DeleteDateColumn':
    case 'VersionColumn':
    case 'TreeLevelColumn': {
      const options = optionsArgument(application, 0);
      storage.columns.push({ target, propertyName, mode: COLUMN_MODES[application.name]!, options: options ? { ...options } : {}, span, inferredBy });
      return true;
    }
    case 'Generated': {
      const strategy = argument(application, 0);
      if (isUnknownArgument(strategy)) storage.generations.push({ target, propertyName, strategy: 'increment', unknown: strategy.unknown });
      else storage.generations.push({ target, propertyName, strategy: typeof strategy === 'string' ? strategy : 'increment' });
      return false;
    }
    case 'ManyToOne':
    case 'OneToOne':
    case 'OneToMany':
    case 'ManyToMany':
    case 'TreeParent':
    case 'TreeChildren': {
      let relationType = RELATIONS[application.name]!;
      let type: unknown;
      let inverseSide: string | undefined;
      let options: Options = {};
      if (application.name === 'TreeParent' || application.name === 'TreeChildren') {
        relationType = application.name === 'TreeParent' ? 'many-to-one' : 'one-to-many';
        type = { selfTree: true };
        options = optionsArgument(application, 0) ?? {};
      } else {
        const first = application.args[0];
        type = isSpecial(first) && first.kind === 'fn' ? relationTarget(collector, application, first) : argument(application, 0);
        const second = application.args[1];
        if (typeof second === 'string' || (isSpecial(second) && second.kind === 'fn')) {
          inverseSide = propertyNameOf(second);
          options = optionsArgument(application, 2) ?? {};
        } else {
          options = optionsArgument(application, 1) ?? {};
        }
      }
      storage.relations.push({ target, propertyName, relationType, type, inverseSide, options, span });
      return true;
    }
    case 'JoinColumn': {
      const value = argument(application, 0);
      storage.joinColumns.push(...joinColumnsOf(value, target, propertyName));
      return false;
    }
    case 'JoinTable': {
      const options = optionsArgument(application, 0) ?? {};
      const unknown = unknownOption(options, 'name', 'schema', 'joinColumn', 'joinColumns', 'inverseJoinColumn', 'inverseJoinColumns', 'synchronize');
      storage.joinTables.push({
        target,
        propertyName,
        name: typeof options.name === 'string' ? options.name : undefined,
        schema: typeof options.schema === 'string' ? options.schema : undefined,
        joinColumns: options.joinColumn ? joinColumnsOf(options.joinColumn, target, propertyName) : options.joinColumns ? joinColumnsOf(options.joinColumns, target, propertyName) : undefined,
        inverseJoinColumns: options.inverseJoinColumn
          ? joinColumnsOf(options.inverseJoinColumn, target, propertyName)
          : options.inverseJoinColumns
            ? joinColumnsOf(options.inverseJoinColumns, target, propertyName)
            : undefined,
        synchronize: options.synchronize !== false,
        ...(unknown ? { unknown } : {}),
      });
      return false;
    }
    case 'Index': {
      const index = indexArgs(collector, target, application, propertyName);
      if (index) storage.indices.push(index);
      return false;
    }
    case 'ForeignKey': {
      const key = foreignKeyArgs(collector, target, application, propertyName);
      if (key) storage.foreignKeys.push(key);
      return false;
    }
    case 'Unique': {
      const first = argument(application, 0);
      if (isUnknownArgument(first)) unknownConstraint(collector, target, first.unknown, propertyName);
      else storage.uniques.push({ target, name: typeof first === 'string' ? first : undefined, columns: [propertyName], span });
      return false;
    }
    case 'Check': {
      const values = application.args.map((_, i) => argument(application, i));
      const unknown = values.find(isUnknownArgument);
      if (unknown) {
        unknownConstraint(collector, target, unknown.unknown, propertyName);
        return false;
      }
      const strings = values.filter((v): v is string => typeof v === 'string');
      const expression = strings.length >= 2 ? strings[1] : strings[0];
      if (expression !== undefined) storage.checks.push({ target, name: strings.length >= 2 ? strings[0] : undefined, expression, span });
      return false;
    }
  }
  return false;
}

/** Object.assign for options, keeping both sides' unknown options. */
function mergeOptions(into: Options, from: Options): void {
  const unknown = { ...into[UNKNOWN_OPTIONS], ...from[UNKNOWN_OPTIONS] };
  Object.assign(into, from);
  if (Object.keys(unknown).length > 0) into[UNKNOWN_OPTIONS] = unknown;
}

/** The entity decorator of a class (@Entity, @ViewEntity, @ChildEntity, wrappers included), if any. */
export function entityDecoratorOf(recognizer: DecoratorRecognizer, ref: Pick<ClassRef, 'facts' | 'cls' | 'bindings'>): { application: Application } | { unknown: UnknownFact } | undefined {
  const { facts, cls } = ref;
  let unknown: UnknownFact | undefined;
  for (const decorator of cls.decorators) {
    const recognition = recognizer.recognise(facts, decorator, ref.bindings);
    const span = spanOf(facts, decorator.start, decorator.end);
    if (recognition.kind === 'unknown') {
      const fact = unknownFactOf(recognition.reason, span, facts, recognition.via);
      unknown ??= { ...fact, reason: `${cls.name} may be an entity: ${fact.reason}` };
    }
    if (recognition.kind !== 'typeorm') continue;
    const entity = recognition.decorators.find((d) => ENTITY_DECORATORS.has(d.name));
    if (entity) return { application: { name: entity.name, args: entity.args, span, facts, via: recognition.via, declared: recognition.declared } };
  }
  return unknown && { unknown };
}

export const ENTITY_DECORATORS = new Set(['Entity', 'ViewEntity', 'ChildEntity']);

/** @Entity, @ViewEntity, @ChildEntity on a class -> its table registration (EntityDecorator etc.). */
export function collectEntityDecorator(collector: Collector, ref: ClassRef, application: Application): void {
  const { facts, cls } = ref;
  const span = spanOf(facts, cls.start, cls.end);
  const values = application.args.map((_, i) => argument(application, i));
  const [first, second] = values;
  const options = (isPlainObject(first) ? first : isPlainObject(second) ? second : isUnknownArgument(first) ? unknownOptions(first.unknown) : {}) as Options;
  const name = typeof first === 'string' ? first : typeof options.name === 'string' ? options.name : undefined;
  const common = { target: ref.key, className: cls.name, file: facts.file, span, ref };
  if (application.name === 'ChildEntity') {
    collector.storage.tables.push({ ...common, type: 'entity-child' });
    if (first !== undefined && !isUnknownArgument(first)) collector.storage.discriminatorValues.push({ target: ref.key, value: first });
    return;
  }
  const nameUnknown = unknownOption(options, 'name', 'schema');
  collector.storage.tables.push({
    ...common,
    type: application.name === 'ViewEntity' ? 'view' : 'regular',
    name,
    schema: typeof options.schema === 'string' ? options.schema : undefined,
    comment: typeof options.comment === 'string' ? options.comment : undefined,
    materialized: options.materialized === true,
    ...(nameUnknown ? { nameUnknown } : {}),
    ...(unknownOption(options, 'synchronize') ? { existsUnknown: unknownOption(options, 'synchronize') } : {}),
  });
  if (options.synchronize === false) collector.storage.tables.pop();
}

export type { Application };

// Decorators (and EntitySchema options) -> args records, mirroring what each TypeORM decorator
// pushes into getMetadataArgsStorage() (node_modules/typeorm/decorator/**).
import type { ReadProblem, SourceSpan } from '../model/schema';
import type { ArgsStorage, ColumnMode, ForeignKeyArgs, IndexArgs, JoinColumnArgs, Options } from './args';
import { spanOf, type DecoratorFacts, type DesignType, type FileFacts, type PropertyFacts } from './parse';
import type { Evaluator } from './evaluate';
import { builtin, isPlainObject, isSpecial, isUnresolved, type ClassRef } from './static-values';
import type { SValue } from './values';

export interface Collector {
  storage: ArgsStorage;
  evaluator: Evaluator;
  problems: ReadProblem[];
  /** The project compiles with strictNullChecks: `x: string | null` has design:type Object. */
  strictNullChecks?: boolean;
}

/** Options that never change the schema: what they hold need not be read (e.g. `new Transformer()`). */
const SCHEMA_IRRELEVANT = new Set(['transformer', 'select', 'insert', 'update', 'eager', 'lazy', 'cascade', 'orphanedRowAction', 'persistence', 'readonly', 'hooks']);

/** Reports unresolved leaves of an evaluated value (once each) and drops them. */
function clean(collector: Collector, value: unknown, fallbackSpan: SourceSpan, facts: FileFacts): unknown {
  if (isUnresolved(value)) {
    collector.problems.push({
      severity: 'warning',
      message: `${value.reason}; this option is ignored.`,
      span: value.file === facts.file && value.end > 0 ? spanOf(facts, value.start, value.end) : fallbackSpan,
    });
    return undefined;
  }
  if (Array.isArray(value)) return value.map((item) => clean(collector, item, fallbackSpan, facts)).filter((item) => item !== undefined);
  if (isPlainObject(value)) {
    const result: Options = {};
    for (const [key, inner] of Object.entries(value)) {
      if (SCHEMA_IRRELEVANT.has(key)) continue;
      const cleaned = clean(collector, inner, fallbackSpan, facts);
      if (cleaned !== undefined) result[key] = cleaned;
    }
    return result;
  }
  return value;
}

function evaluateArg(collector: Collector, facts: FileFacts, value: SValue | undefined, span: SourceSpan, locals?: Map<string, unknown>): unknown {
  if (!value) return undefined;
  return clean(collector, collector.evaluator.evaluate(value, facts, locals), span, facts);
}

/** The property named by `(post) => post.author` or `'author'`. */
export function propertyNameOf(value: SValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.k === 'lit' && typeof value.v === 'string') return value.v;
  if (value.k === 'fn' && value.body?.k === 'ref') return value.body.path.slice(1).join('.');
  return undefined;
}

/** Index/unique columns: `['a', 'b']`, `(p) => [p.a, p.b]`, `(p) => ({ a: 1 })`. */
function columnList(collector: Collector, facts: FileFacts, value: SValue | undefined, span: SourceSpan): string[] | undefined {
  if (!value) return undefined;
  if (value.k === 'fn') {
    const body = value.body;
    if (body?.k === 'arr') return body.items.map((item) => (item.k === 'ref' ? item.path.slice(1).join('.') : undefined)).filter((x): x is string => !!x);
    if (body?.k === 'obj') return body.props.map(([key]) => key);
    return undefined;
  }
  const evaluated = evaluateArg(collector, facts, value, span);
  if (Array.isArray(evaluated)) return evaluated.filter((x): x is string => typeof x === 'string');
  return undefined;
}

function designTypeValue(collector: Collector, facts: FileFacts, type: DesignType, locals?: Map<string, unknown>): unknown {
  if (type.k === 'builtin') return builtin(type.name);
  const alias = type.path.length === 1 ? facts.typeAliases.get(type.path[0]) : undefined;
  if (alias) return designTypeValue(collector, facts, alias, locals);
  const value = collector.evaluator.evaluate({ k: 'ref', path: type.path, start: 0, end: 0 }, facts, locals);
  // An enum: tsc emits String or Number by its members; anything else is Object.
  if (isPlainObject(value)) {
    const values = Object.values(value);
    if (values.length > 0 && values.every((v) => typeof v === 'number')) return builtin('Number');
    if (values.length > 0 && values.every((v) => typeof v === 'string')) return builtin('String');
  }
  if (isSpecial(value) && value.kind === 'class') return value;
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

function indexArgs(collector: Collector, facts: FileFacts, target: string, decorator: DecoratorFacts, span: SourceSpan, propertyName?: string): IndexArgs {
  const [first, second, third] = decorator.args;
  const firstValue = first?.k === 'fn' ? undefined : evaluateArg(collector, facts, first, span);
  const name = typeof firstValue === 'string' ? firstValue : undefined;
  const fieldsValue = typeof firstValue === 'string' ? second : first;
  let options: Options | undefined;
  for (const candidate of [first, second, third]) {
    if (candidate?.k !== 'obj') continue;
    const evaluated = evaluateArg(collector, facts, candidate, span);
    if (isPlainObject(evaluated)) options = evaluated;
    break;
  }
  const columns = propertyName ? [propertyName] : fieldsValue && fieldsValue.k !== 'obj' ? columnList(collector, facts, fieldsValue, span) : undefined;
  return {
    target,
    name,
    columns,
    unique: !!options?.unique,
    spatial: !!options?.spatial,
    fulltext: !!options?.fulltext,
    where: typeof options?.where === 'string' ? options.where : undefined,
    type: typeof options?.type === 'string' ? options.type : undefined,
    synchronize: options?.synchronize !== false,
    span,
  };
}

function foreignKeyArgs(
  collector: Collector,
  facts: FileFacts,
  target: string,
  decorator: DecoratorFacts,
  span: SourceSpan,
  propertyName: string | undefined,
  locals?: Map<string, unknown>,
): ForeignKeyArgs {
  const [typeArg, second, third, fourth] = decorator.args;
  const type = typeArg?.k === 'fn' ? clean(collector, collector.evaluator.call({ kind: 'fn', value: typeArg, facts, locals }, []), span, facts) : evaluateArg(collector, facts, typeArg, span, locals);
  const inverseSide = second && (second.k === 'fn' || (second.k === 'lit' && typeof second.v === 'string')) ? propertyNameOf(second) : undefined;
  const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  const secondValue = second?.k === 'arr' || second?.k === 'obj' || second?.k === 'ref' ? evaluateArg(collector, facts, second, span, locals) : undefined;
  const thirdValue = evaluateArg(collector, facts, third, span, locals);
  const fourthValue = evaluateArg(collector, facts, fourth, span, locals);
  const options = [secondValue, thirdValue, fourthValue].find((v): v is Options => typeof v === 'object' && v !== null && !Array.isArray(v) && !isSpecial(v)) ?? {};
  return { target, propertyName, type, inverseSide, columnNames: strings(secondValue), referencedColumnNames: strings(thirdValue), options, span };
}

function joinColumnsOf(value: unknown, target: string, propertyName: string): JoinColumnArgs[] {
  const list = Array.isArray(value) ? value : [value ?? {}];
  return list.filter(isPlainObject).map((options) => ({
    target,
    propertyName,
    name: typeof options.name === 'string' ? options.name : undefined,
    referencedColumnName: typeof options.referencedColumnName === 'string' ? options.referencedColumnName : undefined,
    foreignKeyConstraintName: typeof options.foreignKeyConstraintName === 'string' ? options.foreignKeyConstraintName : undefined,
  }));
}

/** Class-level decorators that describe the table itself. */
export function collectClassDecorators(collector: Collector, ref: ClassRef): void {
  const { facts, cls } = ref;
  const target = ref.key;
  for (const decorator of cls.decorators) {
    const span = spanOf(facts, decorator.start, decorator.end);
    try {
      switch (decorator.name) {
        case 'Index':
          collector.storage.indices.push(indexArgs(collector, facts, target, decorator, span));
          break;
        case 'Unique': {
          const [first, second] = decorator.args;
          const firstValue = first?.k === 'fn' ? undefined : evaluateArg(collector, facts, first, span);
          const name = typeof firstValue === 'string' ? firstValue : undefined;
          const columns = columnList(collector, facts, name !== undefined ? second : first, span) ?? [];
          collector.storage.uniques.push({ target, name, columns, span });
          break;
        }
        case 'Check':
        case 'Exclusion': {
          const values = decorator.args.map((arg) => (arg.k === 'obj' ? undefined : evaluateArg(collector, facts, arg, span)));
          const strings = values.filter((v): v is string => typeof v === 'string');
          const expression = strings.length >= 2 ? strings[1] : strings[0];
          if (expression === undefined) break;
          const list = decorator.name === 'Check' ? collector.storage.checks : collector.storage.exclusions;
          list.push({ target, name: strings.length >= 2 ? strings[0] : undefined, expression, span });
          break;
        }
        case 'TableInheritance': {
          const options = evaluateArg(collector, facts, decorator.args[0], span);
          const column = isPlainObject(options) ? options.column : undefined;
          collector.storage.inheritances.push({ target, column: typeof column === 'string' ? { name: column } : isPlainObject(column) ? column : undefined });
          break;
        }
        case 'ForeignKey':
          collector.storage.foreignKeys.push(foreignKeyArgs(collector, facts, target, decorator, span, undefined));
          break;
        case 'Tree': {
          const type = evaluateArg(collector, facts, decorator.args[0], span);
          const options = evaluateArg(collector, facts, decorator.args[1], span);
          if (typeof type === 'string') collector.storage.trees.push({ target, type, options: isPlainObject(options) ? options : undefined });
          break;
        }
      }
    } catch (error) {
      collector.problems.push({ severity: 'warning', message: `Could not read @${decorator.name}: ${String(error)}`, span });
    }
  }
}

/** Property decorators: columns, relations, join columns/tables, embeddeds, property indexes. */
export function collectProperties(collector: Collector, ref: ClassRef, resolveClass: (value: unknown) => ClassRef | undefined): void {
  const { facts, cls } = ref;
  const target = ref.key;
  for (const property of cls.properties) {
    for (const decorator of property.decorators) {
      const span = spanOf(facts, decorator.start, decorator.end);
      try {
        collectPropertyDecorator(collector, facts, target, property, decorator, span, ref.bindings, resolveClass);
      } catch (error) {
        collector.problems.push({ severity: 'warning', message: `Could not read @${decorator.name} on ${cls.name}.${property.name}: ${String(error)}`, span });
      }
    }
  }
}

function collectPropertyDecorator(
  collector: Collector,
  facts: FileFacts,
  target: string,
  property: PropertyFacts,
  decorator: DecoratorFacts,
  span: SourceSpan,
  locals: Map<string, unknown> | undefined,
  resolveClass: (value: unknown) => ClassRef | undefined,
): void {
  const storage = collector.storage;
  const propertyName = property.name;
  const args = decorator.args;
  const designType = (): unknown => designTypeValue(collector, facts, property.designType, locals);
  switch (decorator.name) {
    case 'Column':
    case 'PrimaryColumn': {
      const first = args[0];
      if (decorator.name === 'Column' && first?.k === 'fn') {
        // @Column(() => Embedded, { prefix })
        const embedded = resolveClass(collector.evaluator.call({ kind: 'fn', value: first, facts, locals }, []));
        const options = evaluateArg(collector, facts, args[1], span, locals);
        if (!embedded) {
          collector.problems.push({ severity: 'warning', message: `The embedded class of ${propertyName} cannot be resolved statically; its columns are missing.`, span });
          return;
        }
        const prefix = isPlainObject(options) ? options.prefix : undefined;
        storage.embeddeds.push({ target, propertyName, type: embedded.key, prefix: typeof prefix === 'string' || typeof prefix === 'boolean' ? prefix : undefined, span });
        return;
      }
      const firstValue = evaluateArg(collector, facts, first, span, locals);
      let type: unknown;
      let options: Options = {};
      if (typeof firstValue === 'string' || (isSpecial(firstValue) && firstValue.kind === 'builtin')) {
        type = firstValue;
        const second = evaluateArg(collector, facts, args[1], span, locals);
        if (isPlainObject(second)) options = { ...second };
      } else if (isPlainObject(firstValue)) {
        options = { ...firstValue };
        type = options.type;
      }
      if (!type) {
        type = designType();
        const inferable = isSpecial(type) && type.kind === 'builtin' && ['String', 'Number', 'Boolean', 'Date'].includes(type.name);
        if (!inferable) {
          collector.problems.push({
            severity: 'warning',
            message: `TypeORM cannot infer a column type for ${propertyName} from its TypeScript type (design:type is not String, Number, Boolean or Date): give the type in the decorator, e.g. @${decorator.name}('jsonb').`,
            span,
          });
        } else if (property.unionWithNull && collector.strictNullChecks) {
          collector.problems.push({
            severity: 'warning',
            message: `With strictNullChecks, TypeScript records \`${propertyName}\`'s type (a union with null/undefined) as Object and TypeORM rejects it: give the type in the decorator, e.g. @${decorator.name}('varchar', { nullable: true }). Read as ${(type as { name: string }).name}.`,
            span,
          });
        }
      }
      if (!options.type && type) options.type = type;
      if (decorator.name === 'PrimaryColumn') options.primary = true;
      if (options.unique === true) storage.uniques.push({ target, columns: [propertyName], span });
      storage.columns.push({ target, propertyName, mode: 'regular', options, span });
      if (options.generated) storage.generations.push({ target, propertyName, strategy: typeof options.generated === 'string' ? options.generated : 'increment' });
      return;
    }
    case 'PrimaryGeneratedColumn': {
      const first = evaluateArg(collector, facts, args[0], span, locals);
      const second = evaluateArg(collector, facts, args[1], span, locals);
      let strategy = 'increment';
      const options: Options = {};
      if (typeof first === 'string') strategy = first;
      if (isPlainObject(first)) Object.assign(options, first);
      if (isPlainObject(second)) Object.assign(options, second);
      if (!options.type) {
        if (strategy === 'increment' || strategy === 'identity') options.type = builtin('Number');
        else if (strategy === 'uuid') options.type = 'uuid';
        else if (strategy === 'rowid') options.type = 'int';
      }
      options.primary = true;
      storage.columns.push({ target, propertyName, mode: 'regular', options, span });
      storage.generations.push({ target, propertyName, strategy });
      return;
    }
    case 'CreateDateColumn':
    case 'UpdateDateColumn':
    case 'DeleteDateColumn':
    case 'VersionColumn':
    case 'TreeLevelColumn': {
      const options = evaluateArg(collector, facts, args[0], span, locals);
      storage.columns.push({ target, propertyName, mode: COLUMN_MODES[decorator.name], options: isPlainObject(options) ? { ...options } : {}, span });
      return;
    }
    case 'Generated': {
      const strategy = evaluateArg(collector, facts, args[0], span, locals);
      storage.generations.push({ target, propertyName, strategy: typeof strategy === 'string' ? strategy : 'increment' });
      return;
    }
    case 'ManyToOne':
    case 'OneToOne':
    case 'OneToMany':
    case 'ManyToMany':
    case 'TreeParent':
    case 'TreeChildren': {
      let relationType = RELATIONS[decorator.name];
      let type: unknown;
      let inverseSide: string | undefined;
      let options: Options = {};
      if (decorator.name === 'TreeParent' || decorator.name === 'TreeChildren') {
        relationType = decorator.name === 'TreeParent' ? 'many-to-one' : 'one-to-many';
        type = { selfTree: true };
        const value = evaluateArg(collector, facts, args[0], span, locals);
        if (isPlainObject(value)) options = value;
      } else {
        const first = args[0];
        type = first?.k === 'fn' ? clean(collector, collector.evaluator.call({ kind: 'fn', value: first, facts, locals }, []), span, facts) : evaluateArg(collector, facts, first, span, locals);
        const second = args[1];
        if (second && (second.k === 'fn' || (second.k === 'lit' && typeof second.v === 'string'))) {
          inverseSide = propertyNameOf(second);
          const third = evaluateArg(collector, facts, args[2], span, locals);
          if (isPlainObject(third)) options = third;
        } else {
          const value = evaluateArg(collector, facts, second, span, locals);
          if (isPlainObject(value)) options = value;
        }
      }
      storage.relations.push({ target, propertyName, relationType, type, inverseSide, options, span });
      return;
    }
    case 'JoinColumn': {
      const value = evaluateArg(collector, facts, args[0], span, locals);
      storage.joinColumns.push(...joinColumnsOf(value, target, propertyName));
      return;
    }
    case 'JoinTable': {
      const value = evaluateArg(collector, facts, args[0], span, locals);
      const options = isPlainObject(value) ? value : {};
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
      });
      return;
    }
    case 'Index':
      storage.indices.push(indexArgs(collector, facts, target, decorator, span, propertyName));
      return;
    case 'ForeignKey':
      storage.foreignKeys.push(foreignKeyArgs(collector, facts, target, decorator, span, propertyName, locals));
      return;
    case 'Unique': {
      const first = evaluateArg(collector, facts, args[0], span, locals);
      storage.uniques.push({ target, name: typeof first === 'string' ? first : undefined, columns: [propertyName], span });
      return;
    }
    case 'Check': {
      const values = args.map((arg) => evaluateArg(collector, facts, arg, span, locals)).filter((v): v is string => typeof v === 'string');
      const expression = values.length >= 2 ? values[1] : values[0];
      if (expression !== undefined) storage.checks.push({ target, name: values.length >= 2 ? values[0] : undefined, expression, span });
      return;
    }
  }
}

/** @Entity, @ViewEntity, @ChildEntity on a class -> its table registration (EntityDecorator etc.). */
export function collectEntityDecorator(collector: Collector, ref: ClassRef, decorator: string, withArgs: { args: SValue[] } | undefined): void {
  const { facts, cls } = ref;
  const span = spanOf(facts, cls.start, cls.end);
  const values = withArgs ? withArgs.args.map((arg) => collector.evaluator.evaluate(arg, facts)) : [];
  const [first, second] = values;
  const options = (isPlainObject(first) ? first : isPlainObject(second) ? second : {}) as Options;
  const name = typeof first === 'string' ? first : typeof options.name === 'string' ? options.name : undefined;
  const common = { target: ref.key, className: cls.name, file: facts.file, span, ref };
  if (decorator === 'ChildEntity') {
    collector.storage.tables.push({ ...common, type: 'entity-child' });
    if (first !== undefined) collector.storage.discriminatorValues.push({ target: ref.key, value: first });
    return;
  }
  collector.storage.tables.push({
    ...common,
    type: decorator === 'ViewEntity' ? 'view' : 'regular',
    name,
    schema: typeof options.schema === 'string' ? options.schema : undefined,
    comment: typeof options.comment === 'string' ? options.comment : undefined,
    materialized: options.materialized === true,
  });
  if (options.synchronize === false) collector.storage.tables.pop();
}

// TypeORM's MetadataArgsStorage, filled from syntax instead of by running decorators: each
// decorator (or EntitySchema option) becomes the same args record TypeORM's decorator pushes.
import type { ReadProblem, SourceSpan, UnknownFact } from '../model/schema';
import type { ClassRef } from './static-values';

/** Where an options object records the options that could not be read: option name -> why ('*': all). */
export const UNKNOWN_OPTIONS = Symbol('unknown options');

/**
 * A decorator's (or EntitySchema entry's) options as data. An option that could not be read is
 * absent from the keys and recorded under UNKNOWN_OPTIONS (spreading keeps it), so code that
 * reads an option sees nothing, and code that decides a fact asks unknownOption().
 */
export type Options = Record<string, unknown> & { [UNKNOWN_OPTIONS]?: Record<string, UnknownFact> };

/** Why one of these options could not be read, if one could not (every option, when none could). */
export function unknownOption(options: Options | undefined, ...keys: string[]): UnknownFact | undefined {
  const unknown = options?.[UNKNOWN_OPTIONS];
  if (!unknown) return undefined;
  if (unknown['*']) return unknown['*'];
  for (const key of keys) if (unknown[key]) return unknown[key];
  return undefined;
}

/** Options none of which could be read. */
export function unknownOptions(fact: UnknownFact): Options {
  return { [UNKNOWN_OPTIONS]: { '*': fact } };
}

export interface TableArgs {
  target: string;
  type: 'regular' | 'entity-child' | 'view';
  name?: string;
  schema?: string;
  comment?: string;
  materialized?: boolean;
  className: string;
  file: string;
  span: SourceSpan;
  /** The class (absent for EntitySchema). */
  ref?: ClassRef;
  /** The table name (or schema) could not be read: the entity cannot be matched with a table. */
  nameUnknown?: UnknownFact;
  /** Whether the entity is registered at all is decided at run time (a feature flag). */
  existsUnknown?: UnknownFact;
}

export type ColumnMode = 'regular' | 'createDate' | 'updateDate' | 'deleteDate' | 'version' | 'treeLevel' | 'virtual';

export interface ColumnArgs {
  target: string;
  propertyName: string;
  mode: ColumnMode;
  options: Options;
  span: SourceSpan;
  /** Read from a declared alias (`decorators` in schema-lens.json): its facts are inferred by that rule. */
  inferredBy?: string;
  /** No type given: TypeORM takes it from the property's TypeScript type (design:type). */
  typeFromDesignType?: boolean;
  /** TypeORM could not take the type from design:type: reported unless a relation gives the column its type. */
  typeProblem?: ReadProblem;
  /** The column exists only when a feature flag is on, decided at run time. */
  existsUnknown?: UnknownFact;
}

export interface RelationArgs {
  target: string;
  propertyName: string;
  relationType: 'many-to-one' | 'one-to-one' | 'one-to-many' | 'many-to-many';
  /** Evaluated target: a ClassRef, an entity/schema name, or unresolved. */
  type: unknown;
  inverseSide?: string;
  options: Options;
  span: SourceSpan;
}

export interface JoinColumnArgs {
  target: string;
  propertyName: string;
  name?: string;
  referencedColumnName?: string;
  foreignKeyConstraintName?: string;
  /** Its name or referenced column could not be read. */
  unknown?: UnknownFact;
}

export interface JoinTableArgs {
  target: string;
  propertyName: string;
  name?: string;
  schema?: string;
  joinColumns?: JoinColumnArgs[];
  inverseJoinColumns?: JoinColumnArgs[];
  synchronize: boolean;
  /** Its options could not be read: the junction table cannot be built. */
  unknown?: UnknownFact;
}

export interface IndexArgs {
  target: string;
  name?: string;
  columns?: string[];
  unique: boolean;
  spatial: boolean;
  fulltext: boolean;
  where?: string;
  type?: string;
  synchronize: boolean;
  span: SourceSpan;
}

export interface UniqueArgs {
  target: string;
  name?: string;
  columns: string[];
  deferrable?: string;
  span: SourceSpan;
}

export interface CheckArgs {
  target: string;
  name?: string;
  expression: string;
  span: SourceSpan;
}

export interface EmbeddedArgs {
  target: string;
  propertyName: string;
  /** Key of the embedded class. */
  type: string;
  prefix?: string | boolean;
  span: SourceSpan;
}

/** `@ForeignKey(() => Target, ...)`: a foreign key without a relation. */
export interface ForeignKeyArgs {
  target: string;
  propertyName?: string;
  type: unknown;
  inverseSide?: string;
  columnNames?: string[];
  referencedColumnNames?: string[];
  options: Options;
  span: SourceSpan;
}

/**
 * Something of a class the reader could not read: a decorator it cannot follow on a property, a
 * parent or embedded class it cannot resolve, a relation whose target it cannot find. `affects`
 * says what it may hide: columns of the table (and so its primary key), or constraints.
 */
export interface UnknownMemberArgs {
  target: string;
  propertyName?: string;
  affects: 'columns' | 'constraints';
  fact: UnknownFact;
}

export interface GenerationArgs {
  target: string;
  propertyName: string;
  strategy: string;
  /** The strategy could not be read: the column's default (and a uuid's type) is unknown. */
  unknown?: UnknownFact;
}

export interface InheritanceArgs {
  target: string;
  column?: Options;
}

export interface TreeArgs {
  target: string;
  type: string;
  options?: Options;
}

const PER_TARGET = ['columns', 'relations', 'joinColumns', 'joinTables', 'indices', 'uniques', 'checks', 'exclusions', 'embeddeds', 'generations', 'foreignKeys', 'unknowns'] as const;
type PerTargetKind = (typeof PER_TARGET)[number];
/** Records every read looks through (few): copied into a combined storage rather than looked up per class. */
const SHARED = ['tables', 'inheritances', 'discriminatorValues', 'trees'] as const;

export class ArgsStorage {
  tables: TableArgs[] = [];
  columns: ColumnArgs[] = [];
  relations: RelationArgs[] = [];
  joinColumns: JoinColumnArgs[] = [];
  joinTables: JoinTableArgs[] = [];
  indices: IndexArgs[] = [];
  uniques: UniqueArgs[] = [];
  checks: CheckArgs[] = [];
  exclusions: CheckArgs[] = [];
  embeddeds: EmbeddedArgs[] = [];
  generations: GenerationArgs[] = [];
  foreignKeys: ForeignKeyArgs[] = [];
  unknowns: UnknownMemberArgs[] = [];
  inheritances: InheritanceArgs[] = [];
  discriminatorValues: { target: string; value: unknown }[] = [];
  trees: TreeArgs[] = [];

  /**
   * Makes another storage's records (one class's cached args) part of this one. The small global
   * lists are copied; the per-class lists are looked up through the part, never concatenated, so
   * assembling 1,000 cached classes costs a map entry each.
   */
  append(other: ArgsStorage): void {
    for (const kind of SHARED) (this[kind] as unknown[]).push(...other[kind]);
    for (const target of other.targets()) this.parts.set(target, other);
  }

  /**
   * Puts `next` where an appended part was: the same class read again. Its shared records take the
   * old ones' places one for one, so `next` must hold as many of each kind (the reader checks).
   */
  replace(old: ArgsStorage, next: ArgsStorage): void {
    for (const kind of SHARED) {
      const list = this[kind] as unknown[];
      const before = old[kind] as unknown[];
      const after = next[kind] as unknown[];
      for (let i = 0, j = 0; i < list.length && j < before.length; i++) if (list[i] === before[j]) list[i] = after[j++];
    }
    for (const target of old.targets()) if (this.parts.get(target) === old) this.parts.delete(target);
    for (const target of next.targets()) this.parts.set(target, next);
    this.groups.clear();
  }

  private readonly parts = new Map<string, ArgsStorage>();
  private targetSet?: Set<string>;

  private targets(): Set<string> {
    if (!this.targetSet) {
      this.targetSet = new Set<string>();
      for (const kind of PER_TARGET) for (const record of this[kind] as { target: string }[]) this.targetSet.add(record.target);
    }
    return this.targetSet;
  }

  private kindOf(list: unknown[]): PerTargetKind | undefined {
    return PER_TARGET.find((kind) => this[kind] === list);
  }

  private readonly groups = new Map<unknown[], { length: number; byTarget: Map<string, unknown[]> }>();

  /** The records of one list for one target. */
  ofTarget<T extends { target: string }>(list: T[], target: string): T[] {
    const kind = this.parts.size > 0 ? this.kindOf(list) : undefined;
    if (kind) {
      const part = this.parts.get(target);
      if (!part) return [];
      const own = part[kind] as unknown as T[];
      return part.targets().size === 1 ? own : own.filter((record) => record.target === target);
    }
    let group = this.groups.get(list);
    if (!group || group.length !== list.length) {
      const byTarget = new Map<string, unknown[]>();
      for (const item of list) {
        const bucket = byTarget.get(item.target);
        if (bucket) bucket.push(item);
        else byTarget.set(item.target, [item]);
      }
      group = { length: list.length, byTarget };
      this.groups.set(list, group);
    }
    return (group.byTarget.get(target) ?? []) as T[];
  }

  /** Columns of the given classes (base first) without duplicate properties: the first one wins, as in TypeORM. */
  filterColumns(targets: string[]): ColumnArgs[] {
    return withoutDuplicates(this.filter(this.columns, targets));
  }
  filterRelations(targets: string[]): RelationArgs[] {
    return withoutDuplicates(this.filter(this.relations, targets));
  }
  filterEmbeddeds(targets: string[]): EmbeddedArgs[] {
    return withoutDuplicates(this.filter(this.embeddeds, targets));
  }
  /** Records of the given targets, in the targets' (registration) order. */
  filter<T extends { target: string }>(list: T[], targets: string[]): T[] {
    const result: T[] = [];
    for (const target of new Set(targets)) result.push(...this.ofTarget(list, target));
    return result;
  }
  findGenerated(targets: string[], propertyName: string): GenerationArgs | undefined {
    for (const target of targets) {
      const found = this.ofTarget(this.generations, target).find((g) => g.propertyName === propertyName);
      if (found) return found;
    }
    return undefined;
  }
}

function withoutDuplicates<T extends { propertyName: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  const result: T[] = [];
  for (const item of list) {
    if (seen.has(item.propertyName)) continue;
    seen.add(item.propertyName);
    result.push(item);
  }
  return result;
}

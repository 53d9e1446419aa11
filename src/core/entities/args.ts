// TypeORM's MetadataArgsStorage, filled from syntax instead of by running decorators: each
// decorator (or EntitySchema option) becomes the same args record TypeORM's decorator pushes.
import type { SourceSpan } from '../model/schema';
import type { ClassRef } from './resolve';

export type Options = Record<string, unknown>;

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
}

export type ColumnMode = 'regular' | 'createDate' | 'updateDate' | 'deleteDate' | 'version' | 'treeLevel' | 'virtual';

export interface ColumnArgs {
  target: string;
  propertyName: string;
  mode: ColumnMode;
  options: Options;
  span: SourceSpan;
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
}

export interface JoinTableArgs {
  target: string;
  propertyName: string;
  name?: string;
  schema?: string;
  joinColumns?: JoinColumnArgs[];
  inverseJoinColumns?: JoinColumnArgs[];
  synchronize: boolean;
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

export interface GenerationArgs {
  target: string;
  propertyName: string;
  strategy: string;
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
  inheritances: InheritanceArgs[] = [];
  discriminatorValues: { target: string; value: unknown }[] = [];
  trees: TreeArgs[] = [];

  /** Columns of the given classes (base first) without duplicate properties: the first one wins, as in TypeORM. */
  filterColumns(targets: string[]): ColumnArgs[] {
    return withoutDuplicates(this.columns, targets);
  }
  filterRelations(targets: string[]): RelationArgs[] {
    return withoutDuplicates(this.relations, targets);
  }
  filterEmbeddeds(targets: string[]): EmbeddedArgs[] {
    return withoutDuplicates(this.embeddeds, targets);
  }
  filter<T extends { target: string }>(list: T[], targets: string[]): T[] {
    const set = new Set(targets);
    return list.filter((item) => set.has(item.target));
  }
  findGenerated(targets: string[], propertyName: string): GenerationArgs | undefined {
    return this.generations.find((g) => targets.includes(g.target) && g.propertyName === propertyName);
  }
}

function withoutDuplicates<T extends { target: string; propertyName: string }>(list: T[], targets: string[]): T[] {
  // `targets` come in registration order (a base class's decorators run before its subclass's).
  const order = new Map(targets.map((target, index) => [target, index]));
  const matching = list.filter((item) => order.has(item.target));
  matching.sort((a, b) => (order.get(a.target) ?? 0) - (order.get(b.target) ?? 0));
  const seen = new Set<string>();
  const result: T[] = [];
  for (const item of matching) {
    if (seen.has(item.propertyName)) continue;
    seen.add(item.propertyName);
    result.push(item);
  }
  return result;
}

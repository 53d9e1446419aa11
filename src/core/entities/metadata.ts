// The entity metadata the model is built from, as TypeORM's EntityMetadataBuilder makes it (its
// ColumnMetadata, RelationMetadata, EntityMetadata), and what the build keeps between reads.
import type { Dialect, TypeormMajor } from '../dialect';
import type { Certainty, Column, ColumnFact, EnumType, ReadProblem, SourceSpan, Table, UnknownFact } from '../model/schema';
import type { ArgsStorage, CheckArgs, ForeignKeyArgs, IndexArgs, InheritanceArgs, Options, RelationArgs, TableArgs, UniqueArgs, UnknownMemberArgs } from './args';
import type { Evaluator } from './evaluate';
import type { NamingStrategy } from './naming';
import type { SparseParts } from './sparse-parts';

export type { TypeormMajor } from '../dialect';

export interface BuildContext {
  storage: ArgsStorage;
  naming: NamingStrategy;
  defaultSchema: string;
  /** The DataSource's `entityPrefix` ('' for none): EntityMetadata.build puts it before every table name. */
  entityPrefix: string;
  version: TypeormMajor;
  /** The database's spelling and TypeORM's driver for it. */
  dialect: Pick<Dialect, 'spelling' | 'typeorm'>;
  /** What TypeORM's driver.uuidGenerator gives for generated uuid columns. */
  uuidDefault: string;
  /** Why that is unknown: the DataSource's `uuidExtension` cannot be read. */
  uuidDefaultUnknown?: UnknownFact;
  evaluator: Evaluator;
  problems: ReadProblem[];
  /** Class key -> its inheritance tree (itself first, then parents). */
  inheritanceTree: (target: string) => string[];
  /** Entity lookup for relation targets: class key or entity/table name. */
  findTargetKey: (type: unknown, owner: string) => string | undefined;
  /** The given classes and their embeddeds (reader's cache keys), each with the cached args object it was read from. */
  readFrom: (targets: string[]) => Map<string, unknown>;
  /** Kept by the reader across reads: per-entity column metadata and converted columns. */
  cache: BuildCache;
}

export interface BuildCache {
  metas: Map<string, { signature: unknown[]; base: EntityMeta }>;
  tables: Map<string, BuiltTables>;
  columns: WeakMap<ColumnMeta, { column: Column; enumValues?: string[]; problems: ReadProblem[] }>;
  /** Tables of one name merged into one (see build.ts oneTablePerName), by the first of them. */
  merged: WeakMap<Table, { parts: Table[]; table: Table }>;
  /** The tables of the last assembly with no two of one name: a re-read that keeps every name has none either. */
  uniquelyNamed?: Table[];
  /** An enum column's values, or why they cannot be read. */
  enumValues: WeakMap<Column, { values: string[]; unknown?: UnknownFact }>;
  /** What the last build assembled, for rebuildModel(). */
  last?: LastBuild;
}


export interface ColumnMeta {
  propertyName: string;
  propertyPath: string;
  prefixes: string[];
  givenName?: string;
  databaseName: string;
  type: unknown;
  length?: string;
  precision?: number;
  scale?: number;
  isArray: boolean;
  enumValues?: string[];
  enumName?: string;
  nullable: boolean;
  primary: boolean;
  default?: unknown;
  generation?: string;
  generatedIdentity?: string;
  asExpression?: string;
  generatedType?: string;
  comment?: string;
  spatialFeatureType?: string;
  srid?: number;
  mode: string;
  span: SourceSpan;
  target: string;
  isDiscriminator?: boolean;
  /** Facts not read from the source: inferred ones with their rule, unknown ones with why. */
  certainty?: Partial<Record<ColumnFact, Certainty>>;
  /** The column's name could not be read: it cannot be matched with a database column. */
  nameUnknown?: UnknownFact;
  /** Whether it is part of the primary key could not be read. */
  primaryUnknown?: UnknownFact;
  /** Its enum's values could not be read. */
  enumUnknown?: UnknownFact;
  /** Why TypeORM could not take its type from design:type; dropped when a relation gives it its type. */
  typeProblem?: ReadProblem;
}

export interface RelationMeta {
  args: RelationArgs;
  propertyPath: string;
  prefixes: string[];
  entity: EntityMeta;
  inverse?: EntityMeta;
  joinColumns: ColumnMeta[];
}

export interface EntityMeta {
  table: TableArgs;
  /** With the DataSource's entityPrefix, as the table is named. */
  tableName: string;
  /** Without it: what junction and closure table names and junction column names are made from. */
  tableNameWithoutPrefix: string;
  schema: string;
  targets: string[];
  columns: ColumnMeta[];
  relations: RelationMeta[];
  indices: { args: IndexArgs; prefix?: string }[];
  uniques: { args: UniqueArgs; prefix?: string }[];
  checks: CheckArgs[];
  exclusions: CheckArgs[];
  foreignKeyArgs: ForeignKeyArgs[];
  /** What the reader could not read of the entity's classes (properties, parents, embeddeds). */
  unknowns: UnknownMemberArgs[];
  tree?: { type: string; options?: Options };
  sti: boolean;
  /**
   * One of its classes (single-table children included) has an embedded: TypeORM then keeps the
   * table's indexes apart from the classes' own and rebuilds them, and the index it adds on a
   * single-table discriminator is lost (EntityMetadataBuilder, 0.3.31 and 1.1.1).
   */
  hasEmbeddeds?: boolean;
  out: Table;
}


/**
 * One regular entity (or single-table-inheritance root) of the last build: what its metadata was
 * read from and what it produced, kept so that rebuildModel() redoes only what an edit touched.
 */
export interface EntityEntry {
  /** Its place among the entities (storage order). */
  index: number;
  table: TableArgs;
  /** Its own class first, then its parents. */
  tree: string[];
  /** Base classes first, then the class, then STI children's classes. */
  registration: string[];
  children: TableArgs[];
  inheritance?: InheritanceArgs;
  /** The classes (reader's cache keys) its columns were read from: the registration and their embeddeds. */
  readFrom: Set<string>;
  base: EntityMeta;
  built: BuiltTables;
}

/** An entity's tables, from its metadata and its relations' targets (`key`). */
export interface BuiltTables {
  key: unknown[];
  tables: Table[];
  /** With their `schema.name`: the first entity to use an enum gives the model its type. */
  enums: Array<[string, EnumType]>;
  problems: ReadProblem[];
}

/** The last build's entities, in storage order, with the lookups relations resolve through. */
export interface LastBuild {
  entries: EntityEntry[];
  entities: Map<string, EntityMeta>;
  byName: Map<string, EntityMeta>;
  /** Targets of @ChildEntity classes with no entity to belong to. */
  orphans: string[];
  /** The model's parts, kept up to date entity by entity: each entity's own table, its junction and closure tables, problems and enums. */
  tables: Table[];
  extraTables: SparseParts<Table>;
  problems: SparseParts<ReadProblem>;
  enums: SparseParts<[string, EnumType]>;
  /** Where the views are in the storage's tables (a class read again keeps its place). */
  viewPositions: number[];
  /** Class key -> the entities whose metadata was read from that class. */
  readers: Map<string, Set<EntityEntry>>;
  /** Entity metadata -> the entities whose tables were built from it: its own and those whose relations point at it. */
  users: Map<EntityMeta, Set<EntityEntry>>;
  /** The entities whose table name cannot be read (kept here so a re-read does not look at every entity). */
  unnamed: Set<EntityEntry>;
}

// EntityMetadataBuilder, reproduced over the args storage: inheritance trees, embeddeds, single-
// table inheritance, join columns, junction and closure tables, then the SchemaModel tables with
// PostgreSQL's spelling (node_modules/typeorm/metadata-builder/*, driver/postgres/PostgresDriver.js).
import { canonicalType, storedDefault } from '../model/normalise';
import type { Column, EnumType, ForeignKey, Index, ReadProblem, ReferentialAction, SchemaModel, SourceSpan, Table, View } from '../model/schema';
import { emptyTable } from '../model/schema';
import type { ArgsStorage, ColumnArgs, ForeignKeyArgs, IndexArgs, JoinColumnArgs, JoinTableArgs, InheritanceArgs, Options, RelationArgs, TableArgs, UniqueArgs, CheckArgs } from './args';
import { shorten, type NamingStrategy } from './naming';
import { SparseParts } from './sparse-parts';
import type { Evaluator } from './evaluate';
import { builtin, isSpecial } from './static-values';

export type TypeormMajor = '0.3' | '1';

export interface BuildContext {
  storage: ArgsStorage;
  naming: NamingStrategy;
  defaultSchema: string;
  /** The DataSource's `entityPrefix` ('' for none): EntityMetadata.build puts it before every table name. */
  entityPrefix: string;
  version: TypeormMajor;
  /** What TypeORM's driver.uuidGenerator gives for generated uuid columns. */
  uuidDefault: string;
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
  enumValues: WeakMap<Column, string[]>;
  /** What the last build assembled, for rebuildModel(). */
  last?: LastBuild;
}

export function newBuildCache(): BuildCache {
  return { metas: new Map(), tables: new Map(), columns: new WeakMap(), enumValues: new WeakMap() };
}

function sameList(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
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
}

interface RelationMeta {
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
  tree?: { type: string; options?: Options };
  sti: boolean;
  out: Table;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** PostgresDriver.normalizeType. */
export function normalizeType(type: unknown): string | undefined {
  if (isSpecial(type) && type.kind === 'builtin') {
    switch (type.name) {
      case 'Number':
        return 'integer';
      case 'String':
        return 'character varying';
      case 'Date':
        return 'timestamp without time zone';
      case 'Boolean':
        return 'boolean';
      default:
        return undefined;
    }
  }
  if (typeof type !== 'string') return undefined;
  const map: Record<string, string> = {
    int: 'integer',
    int4: 'integer',
    varchar: 'character varying',
    timestamp: 'timestamp without time zone',
    timestamptz: 'timestamp with time zone',
    time: 'time without time zone',
    timetz: 'time with time zone',
    bool: 'boolean',
    'simple-array': 'text',
    'simple-json': 'text',
    'simple-enum': 'enum',
    int2: 'smallint',
    int8: 'bigint',
    decimal: 'numeric',
    float8: 'double precision',
    float: 'double precision',
    float4: 'real',
    char: 'character',
    varbit: 'bit varying',
  };
  return map[type] ?? type;
}

/** normalizeDatetimeFunction: 1.x matches the whole text, 0.3 any occurrence. */
function datetimeFunction(value: string, version: TypeormMajor): string {
  if (version === '0.3') {
    const upper = value.toUpperCase();
    const precision = /\(\d+\)/.exec(value)?.[0];
    if (upper.includes('CURRENT_TIMESTAMP')) return precision ? `('now'::text)::timestamp${precision} with time zone` : 'now()';
    if (upper === 'CURRENT_DATE') return "('now'::text)::date";
    if (upper.includes('CURRENT_TIME')) return `('now'::text)::time${precision ?? ''} with time zone`;
    if (upper.includes('LOCALTIMESTAMP')) return `('now'::text)::timestamp${precision ?? ''} without time zone`;
    if (upper.includes('LOCALTIME')) return `('now'::text)::time${precision ?? ''} without time zone`;
    return value;
  }
  const match = value.trim().toUpperCase().match(/^(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|LOCALTIMESTAMP|LOCALTIME)(\(\d+\))?$/);
  if (!match) return value;
  const [, fn, precision = ''] = match;
  const prefix = "('now'::text)";
  switch (fn) {
    case 'CURRENT_TIMESTAMP':
      return precision ? `${prefix}::timestamp${precision} with time zone` : 'now()';
    case 'CURRENT_DATE':
      return `${prefix}::date`;
    case 'CURRENT_TIME':
      return `${prefix}::time${precision} with time zone`;
    case 'LOCALTIMESTAMP':
      return `${prefix}::timestamp${precision} without time zone`;
    case 'LOCALTIME':
      return `${prefix}::time${precision} without time zone`;
  }
  return value;
}

function enumValuesOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (value && typeof value === 'object' && !isSpecial(value)) {
    const record = value as Record<string, unknown>;
    return Object.keys(record)
      .filter((key) => isNaN(+key) && typeof record[key] !== 'function')
      .map((key) => String(record[key]));
  }
  return undefined;
}

function columnFromArgs(context: BuildContext, args: ColumnArgs, prefixes: string[], pathPrefix: string): ColumnMeta {
  const o = args.options;
  const mode = args.mode;
  let type: unknown = o.type;
  let nullable = o.default === null;
  if (typeof o.nullable === 'boolean') nullable = o.nullable;
  let defaultValue: unknown = o.default;
  if (mode === 'treeLevel' || mode === 'version') type = 'int4';
  if (mode === 'createDate' || mode === 'updateDate') {
    if (!type) type = 'timestamp';
    if (defaultValue === undefined || (context.version === '0.3' && !defaultValue)) defaultValue = { sql: 'now()' };
  }
  if (mode === 'deleteDate') {
    if (!type) type = 'timestamp';
    if (!nullable) nullable = true;
  }
  const givenName = str(o.name);
  const column: ColumnMeta = {
    propertyName: args.propertyName,
    propertyPath: pathPrefix + args.propertyName,
    prefixes,
    givenName,
    databaseName: context.naming.columnName(args.propertyName, givenName, prefixes),
    type,
    length: o.length !== undefined && o.length !== '' && o.length !== null ? String(o.length) : undefined,
    precision: num(o.precision),
    scale: num(o.scale),
    isArray: o.array === true,
    enumValues: enumValuesOf(o.enum),
    enumName: str(o.enumName),
    nullable,
    primary: o.primary === true,
    default: defaultValue,
    generatedIdentity: str(o.generatedIdentity),
    asExpression: str(o.asExpression),
    generatedType: str(o.generatedType) ?? (o.asExpression ? 'VIRTUAL' : undefined),
    comment: str(o.comment),
    spatialFeatureType: str(o.spatialFeatureType),
    srid: num(o.srid),
    mode,
    span: args.span,
    target: args.target,
  };
  return column;
}

function ownerOf(context: BuildContext, table: TableArgs): EntityMeta {
  const treeArgs = context.storage.trees.find((tree) => tree.target === table.target);
  const tableNameWithoutPrefix = context.naming.tableName(table.className, table.name);
  const tableName = context.entityPrefix + tableNameWithoutPrefix;
  return {
    table,
    tableName,
    tableNameWithoutPrefix,
    schema: table.schema ?? context.defaultSchema,
    targets: [],
    columns: [],
    relations: [],
    indices: [],
    uniques: [],
    checks: [],
    exclusions: [],
    foreignKeyArgs: [],
    tree: treeArgs ? { type: treeArgs.type, options: treeArgs.options } : undefined,
    sti: false,
    out: {
      ...emptyTable(table.schema ?? context.defaultSchema, tableName),
      comment: table.comment,
      entity: { className: table.className, file: table.file },
      span: table.span,
    },
  };
}

/**
 * One regular entity (or single-table-inheritance root) of the last build: what its metadata was
 * read from and what it produced, kept so that rebuildModel() redoes only what an edit touched.
 */
interface EntityEntry {
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
interface BuiltTables {
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
}

/** Files `value` under each of `keys` in one of the reverse indexes below. */
function addToIndex<K, V>(map: Map<K, Set<V>>, keys: Iterable<K>, value: V): void {
  for (const key of keys) {
    let values = map.get(key);
    if (!values) map.set(key, (values = new Set()));
    values.add(value);
  }
}

function removeFromIndex<K, V>(map: Map<K, Set<V>>, keys: Iterable<K>, value: V): void {
  for (const key of keys) map.get(key)?.delete(value);
}

/** The entity metadata a table build used: its own and its relations' targets (missing ones are undefined). */
function metasOf(built: BuiltTables): EntityMeta[] {
  return built.key.filter((meta): meta is EntityMeta => meta !== undefined) as EntityMeta[];
}

/** An entity's metadata is read from its classes and from its and its children's table registrations. */
function readersKeys(entry: EntityEntry): string[] {
  return [...entry.readFrom, entry.table.target, ...entry.children.map((child) => child.target)];
}

function setMeta(context: BuildContext, last: LastBuild, entry: EntityEntry): void {
  if (entry.readFrom) removeFromIndex(last.readers, readersKeys(entry), entry);
  entry.base = entityMeta(context, entry);
  addToIndex(last.readers, readersKeys(entry), entry);
}

function setTables(context: BuildContext, last: LastBuild, entry: EntityEntry): void {
  if (entry.built) removeFromIndex(last.users, metasOf(entry.built), entry);
  entry.built = entityTables(context, last, entry.base);
  last.tables[entry.index] = entry.built.tables[0]!;
  last.extraTables.set(entry.index, entry.built.tables.slice(1));
  last.problems.set(entry.index, entry.built.problems);
  last.enums.set(entry.index, entry.built.enums);
  addToIndex(last.users, metasOf(entry.built), entry);
}

/** Builds the model from the args storage. */
export function buildModel(context: BuildContext): SchemaModel {
  const { storage } = context;
  context.cache.last = undefined;
  const last: LastBuild = {
    entries: [],
    entities: new Map(),
    byName: new Map(),
    orphans: [],
    tables: [],
    extraTables: new SparseParts(),
    problems: new SparseParts(),
    enums: new SparseParts(),
    viewPositions: [],
    readers: new Map(),
    users: new Map(),
  };
  storage.tables.forEach((table, position) => table.type === 'view' && last.viewPositions.push(position));
  const childTables = storage.tables.filter((t) => t.type === 'entity-child');
  for (const table of storage.tables) {
    if (table.type !== 'regular') continue;
    const tree = context.inheritanceTree(table.target);
    const inheritance = storage.inheritances.find((i) => tree.includes(i.target));
    let registration = [...tree].reverse();
    const children: TableArgs[] = [];
    if (inheritance) {
      for (const child of childTables) {
        const childTree = context.inheritanceTree(child.target);
        if (!childTree.includes(table.target)) continue;
        for (const key of [...childTree].reverse()) if (!registration.includes(key)) registration = [...registration, key];
        children.push(child);
      }
    }
    const entry = { index: last.entries.length, table, tree, registration, children, inheritance } as EntityEntry;
    setMeta(context, last, entry);
    for (const child of children) {
      last.entities.set(child.target, entry.base);
      last.byName.set(child.className, entry.base);
    }
    last.entities.set(table.target, entry.base);
    last.byName.set(table.className, entry.base);
    if (!last.byName.has(entry.base.tableName)) last.byName.set(entry.base.tableName, entry.base);
    last.entries.push(entry);
  }
  for (const child of childTables) {
    if (!last.entities.has(child.target)) {
      last.orphans.push(child.target);
    }
  }
  for (const entry of last.entries) setTables(context, last, entry);
  // Forget entities that are gone (renamed or deleted classes).
  for (const cache of [context.cache.metas, context.cache.tables]) {
    for (const target of cache.keys()) if (!last.entities.has(target)) cache.delete(target);
  }
  context.cache.last = last;
  return assemble(context, last);
}

/**
 * The model again after some classes were read anew (`changed`: the reader's cache keys of the
 * classes and the targets of the tables they register) while every
 * entity, table name and inheritance stayed where it was (the reader checks that): rebuilds the
 * metadata of the entities read from those classes, the tables of those entities and of the
 * entities whose relations point at them, and reuses everything else as it is.
 */
export function rebuildModel(context: BuildContext, changed: Set<string>): SchemaModel {
  const last = context.cache.last;
  if (!last) return buildModel(context);
  const affected = new Set<EntityEntry>();
  for (const key of changed) for (const entry of last.readers.get(key) ?? []) affected.add(entry);
  const replaced: EntityMeta[] = [];
  // The classes were read anew: their args are new objects.
  const tableArgs = (target: string): TableArgs | undefined => context.storage.tables.find((table) => table.target === target);
  for (const entry of affected) {
    entry.table = tableArgs(entry.table.target) ?? entry.table;
    entry.children = entry.children.map((child) => tableArgs(child.target) ?? child);
    entry.inheritance = entry.inheritance && context.storage.inheritances.find((i) => entry.tree.includes(i.target));
    const previous = entry.base;
    setMeta(context, last, entry);
    if (entry.base === previous) continue;
    replaced.push(previous);
    const names = [entry.table.target, entry.table.className, previous.tableName, ...entry.children.flatMap((child) => [child.target, child.className])];
    for (const map of [last.entities, last.byName]) for (const name of names) if (map.get(name) === previous) map.set(name, entry.base);
  }
  const rebuild = new Set<EntityEntry>();
  for (const meta of replaced) for (const entry of last.users.get(meta) ?? []) rebuild.add(entry);
  for (const meta of replaced) last.users.delete(meta);
  for (const entry of rebuild) setTables(context, last, entry);
  return assemble(context, last);
}

/** An entity's column metadata, cached while the classes it is read from are the same. */
function entityMeta(context: BuildContext, entry: EntityEntry): EntityMeta {
  const readFrom = context.readFrom(entry.registration);
  entry.readFrom = new Set(readFrom.keys());
  const signature = [entry.table, ...readFrom.values()];
  const cached = context.cache.metas.get(entry.table.target);
  if (cached && sameList(cached.signature, signature)) return cached.base;
  const base = ownerOf(context, entry.table);
  base.sti = !!entry.inheritance;
  base.targets = entry.registration;
  buildOwnColumns(context, base, entry.registration, new Set(entry.registration.filter((key) => !entry.tree.includes(key))), entry.inheritance?.column);
  context.cache.metas.set(entry.table.target, { signature, base });
  return base;
}

/** An entity's tables, cached while its metadata and its relations' target entities are the same. */
function entityTables(context: BuildContext, last: LastBuild, base: EntityMeta): BuiltTables {
  const problems: ReadProblem[] = [];
  const lookup = (key: string | undefined): EntityMeta | undefined => (key ? (last.entities.get(key) ?? last.byName.get(key)) : undefined);
  // Relations' target entities (their cached metadata: primary keys, names, inverse relations).
  const inverses = base.relations.map((relation) => {
    const type = relation.args.type;
    const inverse = lookup(type && typeof type === 'object' && 'selfTree' in (type as object) ? relation.args.target : context.findTargetKey(type, relation.args.target));
    if (!inverse && relation.args.relationType !== 'one-to-many') {
      problems.push({
        severity: 'warning',
        message: `The target entity of ${base.table.className}.${relation.args.propertyName} is not among the entity files (or cannot be resolved statically); its foreign key is not modelled.`,
        span: relation.args.span,
      });
    }
    return inverse;
  });
  const foreignKeyTargets = base.foreignKeyArgs.map((args) => {
    const target = lookup(context.findTargetKey(args.type, args.target));
    if (!target) problems.push({ severity: 'warning', message: `The target entity of this @ForeignKey is not among the entity files (or cannot be resolved statically).`, span: args.span });
    return target;
  });
  const key = [base, ...inverses, ...foreignKeyTargets];
  const cached = context.cache.tables.get(base.table.target);
  if (cached && sameList(cached.key, key)) return cached;
  const local: BuildContext = { ...context, problems };
  const meta = workingCopy(base);
  meta.relations.forEach((relation, index) => (relation.inverse = inverses[index]));
  const tables = [meta.out, ...buildRelations(local, meta)];
  base.foreignKeyArgs.forEach((args, index) => buildForeignKey(local, meta, args, foreignKeyTargets[index]));
  finishTable(local, meta);
  if (meta.tree?.type === 'closure-table') tables.push(buildClosure(local, meta));
  const enums: BuiltTables['enums'] = [];
  for (const table of tables) {
    for (const column of table.columns) {
      const values = context.cache.enumValues.get(column);
      if (column.enumType && values) enums.push([`${column.enumType.schema}.${column.enumType.name}`, { ...column.enumType, values, span: column.span }]);
    }
  }
  const built = { key, tables, enums, problems };
  context.cache.tables.set(base.table.target, built);
  return built;
}

/** The model from the built entities, in storage order: entity tables, then junction and closure tables. */
function assemble(context: BuildContext, last: LastBuild): SchemaModel {
  const views = last.viewPositions.map((position): View => {
    const table = context.storage.tables[position]!;
    return {
      schema: table.schema ?? context.defaultSchema,
      name: context.entityPrefix + context.naming.tableName(table.className, table.name),
      materialized: table.materialized === true,
      entity: { className: table.className, file: table.file },
      span: table.span,
    };
  });
  for (const target of last.orphans) {
    const child = context.storage.tables.find((table) => table.target === target)!;
    context.problems.push({ severity: 'warning', message: `@ChildEntity ${child.className} has no parent entity with @TableInheritance among the entity files.`, span: child.span });
  }
  for (const problem of last.problems.flatten()) context.problems.push(problem);
  const enums = new Map<string, EnumType>();
  for (const [key, enumType] of last.enums.flatten()) if (!enums.has(key)) enums.set(key, enumType);
  return { tables: [...last.tables, ...last.extraTables.flatten()], enums: [...enums.values()], views };
}

/** EntityMetadataBuilder.createForeignKeys: `@ForeignKey` on a property or a class. */
function buildForeignKey(context: BuildContext, meta: EntityMeta, args: ForeignKeyArgs, referenced: EntityMeta | undefined): void {
  if (!referenced) return;
  const columnNames = [...(args.columnNames ?? [])];
  const referencedNames = [...(args.referencedColumnNames ?? [])];
  if (args.propertyName) {
    columnNames.push(args.propertyName);
    if (args.inverseSide) referencedNames.push(args.inverseSide);
  }
  const find = (entity: EntityMeta, name: string): ColumnMeta | undefined => entity.columns.find((c) => c.propertyName === name || c.databaseName === name);
  const columns = columnNames.map((name) => find(meta, name));
  const referencedColumns = referencedNames.length ? referencedNames.map((name) => find(referenced, name)) : primaryColumns(referenced);
  if (columns.some((c) => !c) || referencedColumns.some((c) => !c)) {
    context.problems.push({ severity: 'warning', message: `A column of this @ForeignKey is missing in ${meta.table.className} or ${referenced.table.className}.`, span: args.span });
    return;
  }
  const foreignKey: ForeignKey = {
    columns: columns.map((c) => c!.databaseName),
    referencedTable: { schema: referenced.schema, name: referenced.tableName },
    referencedColumns: referencedColumns.map((c) => c!.databaseName),
    onDelete: action(args.options.onDelete),
    onUpdate: action(args.options.onUpdate),
    span: args.span,
  };
  if (typeof args.options.name === 'string') foreignKey.name = args.options.name;
  const deferrable = str(args.options.deferrable);
  if (deferrable === 'INITIALLY DEFERRED' || deferrable === 'INITIALLY IMMEDIATE') foreignKey.deferrable = deferrable;
  meta.out.foreignKeys.push(foreignKey);
}

/** Join columns and foreign keys of owning relations; the junction tables of many-to-many owners. */
function buildRelations(context: BuildContext, meta: EntityMeta): Table[] {
  const { storage } = context;
  for (const relation of meta.relations) {
    const kind = relation.args.relationType;
    if (kind !== 'many-to-one' && kind !== 'one-to-one') continue;
    const joinColumns = storage.ofTarget(storage.joinColumns, relation.args.target).filter((j) => j.propertyName === relation.args.propertyName);
    if (kind === 'one-to-one' && joinColumns.length === 0) continue;
    buildJoinColumns(context, meta, relation, joinColumns);
  }
  const junctions: Table[] = [];
  for (const relation of meta.relations) {
    if (relation.args.relationType !== 'many-to-many' || !relation.inverse) continue;
    const joinTable = storage.ofTarget(storage.joinTables, relation.args.target).find((j) => j.propertyName === relation.args.propertyName);
    if (!joinTable || !joinTable.synchronize) continue;
    junctions.push(buildJunction(context, meta, relation, joinTable));
  }
  return junctions;
}

/** A per-read copy of cached entity metadata: relations get their join columns, the table its output. */
function workingCopy(base: EntityMeta): EntityMeta {
  const meta: EntityMeta = { ...base, columns: [...base.columns], relations: [], out: { ...base.out, ...emptyTable(base.out.schema, base.out.name) } };
  meta.relations = base.relations.map((relation) => ({ ...relation, entity: meta, inverse: undefined, joinColumns: [] }));
  return meta;
}

function buildOwnColumns(context: BuildContext, meta: EntityMeta, registration: string[], stiChildTargets: Set<string>, discriminator?: Options): void {
  const { storage } = context;
  for (const args of storage.filterColumns(registration)) {
    // Multiple-table inheritance: a subclass may override a column's default.
    let columnArgs = args;
    if (args.target !== meta.table.target) {
      const own = storage.ofTarget(storage.columns, meta.table.target).find((c) => c.propertyName === args.propertyName);
      if (own?.options.default) columnArgs = { ...args, options: { ...args.options, default: own.options.default } };
    }
    const column = columnFromArgs(context, columnArgs, [], '');
    if (stiChildTargets.has(args.target)) column.nullable = true;
    meta.columns.push(column);
  }
  if (meta.sti) {
    const propertyName = str(discriminator?.name) ?? 'type';
    const existing = meta.columns.find((c) => c.propertyName === propertyName);
    if (existing) existing.isDiscriminator = true;
    else {
      const options = discriminator ?? { name: propertyName, type: 'varchar', nullable: false };
      const column = columnFromArgs(context, { target: meta.table.target, propertyName, mode: 'virtual', options: { type: 'varchar', ...options }, span: meta.table.span }, [], '');
      column.isDiscriminator = true;
      meta.columns.push(column);
    }
  }
  if (meta.tree?.type === 'materialized-path') {
    meta.columns.push(
      columnFromArgs(context, { target: meta.table.target, propertyName: 'mpath', mode: 'virtual', options: { name: 'mpath', type: builtin('String'), nullable: true, default: '' }, span: meta.table.span }, [], ''),
    );
  } else if (meta.tree?.type === 'nested-set') {
    for (const [name, value] of [['nsleft', 1], ['nsright', 2]] as const) {
      meta.columns.push(columnFromArgs(context, { target: meta.table.target, propertyName: name, mode: 'virtual', options: { name, type: builtin('Number'), nullable: false, default: value }, span: meta.table.span }, [], ''));
    }
  }
  for (const args of storage.filterRelations(registration)) {
    meta.relations.push({ args, propertyPath: args.propertyName, prefixes: [], entity: meta, joinColumns: [] });
  }
  meta.indices.push(...storage.filter(storage.indices, registration).map((args) => ({ args })));
  meta.uniques.push(...storage.filter(storage.uniques, registration).map((args) => ({ args })));
  meta.checks.push(...storage.filter(storage.checks, registration));
  meta.foreignKeyArgs = storage.filter(storage.foreignKeys, registration);
  meta.exclusions.push(...storage.filter(storage.exclusions, registration));
  buildEmbeddeds(context, meta, registration, [], '', 0);
  // Generation strategies (@Generated, PrimaryGeneratedColumn), applied last as TypeORM does.
  for (const column of meta.columns) {
    if (column.prefixes.length > 0) continue;
    const generated = storage.findGenerated(registration, column.propertyName);
    if (!generated) continue;
    column.generation = generated.strategy;
    if (generated.strategy === 'uuid') column.type = 'uuid';
    else if (generated.strategy === 'rowid') column.type = 'int';
    else column.type = column.type || builtin('Number');
  }
}

function buildEmbeddeds(context: BuildContext, meta: EntityMeta, targets: string[], parentPrefixes: string[], pathPrefix: string, depth: number): void {
  if (depth > 8) return;
  const { storage } = context;
  for (const embedded of storage.filterEmbeddeds(targets)) {
    const partial = embedded.prefix === undefined || embedded.prefix === true ? [embedded.propertyName] : embedded.prefix === '' || embedded.prefix === false ? [] : [String(embedded.prefix)];
    const prefixes = [...parentPrefixes, ...partial];
    const path = `${pathPrefix}${embedded.propertyName}.`;
    const embeddedTargets = [...context.inheritanceTree(embedded.type)].reverse();
    for (const args of storage.filterColumns(embeddedTargets)) {
      const column = columnFromArgs(context, args, prefixes, path);
      if (meta.sti) column.nullable = true;
      meta.columns.push(column);
    }
    for (const args of storage.filterRelations(embeddedTargets)) {
      meta.relations.push({ args, propertyPath: path + args.propertyName, prefixes, entity: meta, joinColumns: [] });
    }
    meta.indices.push(...storage.filter(storage.indices, embeddedTargets).map((args) => ({ args, prefix: path })));
    meta.uniques.push(...storage.filter(storage.uniques, embeddedTargets).map((args) => ({ args, prefix: path })));
    buildEmbeddeds(context, meta, embeddedTargets, prefixes, path, depth + 1);
  }
}

function primaryColumns(meta: EntityMeta): ColumnMeta[] {
  return meta.columns.filter((c) => c.primary);
}

function relationNullable(args: RelationArgs): boolean {
  return args.options.nullable !== false;
}

function buildJoinColumns(context: BuildContext, meta: EntityMeta, relation: RelationMeta, joinColumns: JoinColumnArgs[]): void {
  const inverse = relation.inverse;
  if (!inverse) return;
  const hasReferenced = joinColumns.some((j) => j.referencedColumnName);
  let referenced: ColumnMeta[];
  if ((joinColumns.length === 0 && relation.args.relationType === 'many-to-one') || (joinColumns.length > 0 && !hasReferenced)) {
    referenced = primaryColumns(inverse);
  } else {
    referenced = [];
    for (const joinColumn of joinColumns) {
      const column = inverse.columns.find((c) => c.propertyName === joinColumn.referencedColumnName && c.prefixes.length === 0);
      if (!column) {
        context.problems.push({ severity: 'warning', message: `Referenced column ${joinColumn.referencedColumnName} was not found in entity ${inverse.table.className}.`, span: relation.args.span });
        return;
      }
      referenced.push(column);
    }
    if (context.version === '1' && referenced.length > 1) {
      const pk = primaryColumns(inverse);
      referenced.sort((a, b) => (pk.indexOf(a) === -1 ? Infinity : pk.indexOf(a)) - (pk.indexOf(b) === -1 ? Infinity : pk.indexOf(b)));
    }
  }
  const columns = referenced.map((referencedColumn) => {
    const joinColumn = joinColumns.find((j) => (!j.referencedColumnName || j.referencedColumnName === referencedColumn.propertyName) && !!j.name);
    const name = joinColumn?.name ?? context.naming.joinColumnName(relation.args.propertyName, referencedColumn.propertyName);
    let column = meta.columns.find((c) => c.prefixes.length === relation.prefixes.length && context.naming.columnName(c.propertyName, c.givenName, []) === name);
    if (!column) {
      column = {
        propertyName: relation.args.propertyName,
        propertyPath: relation.propertyPath,
        prefixes: relation.prefixes,
        givenName: name,
        databaseName: context.naming.columnName(relation.args.propertyName, name, relation.prefixes),
        type: referencedColumn.type,
        length: referencedColumn.length,
        precision: referencedColumn.precision,
        scale: referencedColumn.scale,
        isArray: false,
        enumValues: referencedColumn.enumValues,
        enumName: referencedColumn.enumName,
        nullable: relationNullable(relation.args),
        primary: false,
        mode: 'virtual',
        span: relation.args.span,
        target: relation.args.target,
        comment: referencedColumn.comment,
      };
      meta.columns.push(column);
    } else {
      column = { ...column };
      const index = meta.columns.findIndex((c) => c.databaseName === column!.databaseName);
      meta.columns[index] = column;
    }
    column.type = referencedColumn.type;
    // A serial/uuid key is referenced by a plain column of its type.
    if (referencedColumn.generation === 'uuid') column.type = 'uuid';
    return column;
  });
  relation.joinColumns = columns;
  if (relation.args.options.createForeignKeyConstraints === false || columns.length === 0) return;
  const foreignKey: ForeignKey = {
    columns: columns.map((c) => c.databaseName),
    referencedTable: { schema: inverse.schema, name: inverse.tableName },
    referencedColumns: referenced.map((c) => c.databaseName),
    onDelete: action(relation.args.options.onDelete),
    onUpdate: action(relation.args.options.onUpdate),
    relation: relation.propertyPath,
    span: relation.args.span,
  };
  const name = joinColumns[0]?.foreignKeyConstraintName;
  if (name) foreignKey.name = name;
  const deferrable = str(relation.args.options.deferrable);
  if (deferrable === 'INITIALLY DEFERRED' || deferrable === 'INITIALLY IMMEDIATE') foreignKey.deferrable = deferrable;
  meta.out.foreignKeys.push(foreignKey);
  if (relation.args.relationType === 'one-to-one' && !columns.every((c) => c.primary)) {
    meta.out.uniques.push({ columns: columns.map((c) => c.databaseName), span: relation.args.span });
  }
}

function action(value: unknown): ReferentialAction {
  const text = typeof value === 'string' ? value.toUpperCase() : '';
  return (['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'] as const).find((a) => a === text) ?? 'NO ACTION';
}

/** createFullType + format_type: the column's type as PostgreSQL prints it. */
function columnType(column: ColumnMeta, tableName: string, schema: string): { type: string; enumType?: { schema: string; name: string } } {
  const normalized = normalizeType(column.type) ?? 'character varying';
  if (normalized === 'enum') {
    const name = column.enumName ?? `${tableName}_${column.databaseName.toLowerCase()}_enum`;
    return { type: name + (column.isArray ? '[]' : ''), enumType: { schema, name } };
  }
  let full = normalized;
  if ((normalized === 'geometry' || normalized === 'geography') && column.spatialFeatureType) {
    // createFullType: `geometry(Point,4326)`; format_type prints the feature type capitalised.
    const feature = column.spatialFeatureType.charAt(0).toUpperCase() + column.spatialFeatureType.slice(1);
    return { type: `${normalized}(${feature}${column.srid !== undefined ? `,${column.srid}` : ''})${column.isArray ? '[]' : ''}` };
  }
  if (column.length) full += `(${column.length})`;
  else if (column.precision !== undefined && column.scale !== undefined) full += `(${column.precision},${column.scale})`;
  else if (column.precision !== undefined) full += `(${column.precision})`;
  return { type: canonicalType(full) + (column.isArray ? '[]' : '') };
}

function defaultSql(context: BuildContext, column: ColumnMeta): string | undefined {
  const value = column.default;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && 'sql' in value) return String((value as { sql: unknown }).sql);
  if (column.isArray && Array.isArray(value)) return `'{${value.map((v) => String(v)).join(',')}}'`;
  if (isSpecial(value) && value.kind === 'fn') {
    const result = context.evaluator.call(value, []);
    if (typeof result !== 'string') {
      context.problems.push({ severity: 'warning', message: `The default of ${column.propertyPath} cannot be read statically.`, span: column.span });
      return undefined;
    }
    return datetimeFunction(result, context.version);
  }
  const normalized = normalizeType(column.type);
  if (normalized === 'enum' || typeof value === 'number' || typeof value === 'string') return `'${String(value)}'`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') {
    const json = JSON.stringify(value);
    return `'${context.version === '1' ? json.replace(/'/g, "''") : json}'`;
  }
  return String(value);
}

/** The model column for a column's metadata, converted once per metadata object. */
function toColumn(context: BuildContext, column: ColumnMeta, tableName: string, schema: string): Column {
  const cached = context.cache.columns.get(column);
  if (cached) {
    context.problems.push(...cached.problems);
    return cached.column;
  }
  const problems: ReadProblem[] = [];
  const result = convertColumn({ ...context, problems }, column, tableName, schema);
  context.problems.push(...problems);
  context.cache.columns.set(column, { column: result, problems });
  return result;
}

function convertColumn(context: BuildContext, column: ColumnMeta, tableName: string, schema: string): Column {
  const { type, enumType } = columnType(column, tableName, schema);
  const result: Column = { name: column.databaseName, type, nullable: column.primary ? false : column.nullable };
  if (column.generation === 'increment') result.generated = { kind: 'increment' };
  else if (column.generation === 'identity') result.generated = { kind: 'identity', always: column.generatedIdentity === 'ALWAYS' };
  else if (column.generatedType === 'STORED' && column.asExpression) result.generated = { kind: 'stored', expression: column.asExpression };
  if (!result.generated || result.generated.kind === 'stored') {
    let sql = defaultSql(context, column);
    if (sql === undefined && column.generation === 'uuid') sql = context.uuidDefault;
    if (sql !== undefined && !(result.generated?.kind === 'stored')) result.default = storedDefault(sql, { type, enumType });
  }
  if (enumType) {
    result.enumType = enumType;
    context.cache.enumValues.set(result, column.enumValues ?? []);
  }
  if (column.comment) result.comment = column.comment;
  result.property = column.propertyPath;
  result.span = column.span;
  return result;
}

/** Given property paths (or relation names) -> database column names. */
function resolveColumns(context: BuildContext, meta: EntityMeta, names: string[], prefix: string | undefined, span: SourceSpan): string[] | undefined {
  const result: string[] = [];
  for (const given of names) {
    const path = (prefix ?? '') + given.trim();
    const column = meta.columns.find((c) => c.propertyPath === path && c.mode !== 'virtual') ?? meta.columns.find((c) => c.propertyPath === path);
    if (column && !meta.relations.some((r) => r.propertyPath === path && r.joinColumns.length > 0 && r.joinColumns.includes(column))) {
      result.push(column.databaseName);
      continue;
    }
    const relation = meta.relations.find((r) => r.propertyPath === path && r.joinColumns.length > 0);
    if (relation) {
      result.push(...relation.joinColumns.map((c) => c.databaseName));
      continue;
    }
    const byDatabaseName = meta.columns.find((c) => c.databaseName === given);
    if (byDatabaseName) {
      result.push(byDatabaseName.databaseName);
      continue;
    }
    context.problems.push({ severity: 'warning', message: `${meta.table.className} has no column or relation '${given}'.`, span });
    return undefined;
  }
  return result;
}

function finishTable(context: BuildContext, meta: EntityMeta): void {
  const out = meta.out;
  const seen = new Set<string>();
  for (const column of meta.columns) {
    if (seen.has(column.databaseName)) continue;
    seen.add(column.databaseName);
    out.columns.push(toColumn(context, column, meta.tableName, meta.schema));
  }
  const primary = meta.columns.filter((c, i, all) => c.primary && all.findIndex((o) => o.databaseName === c.databaseName) === i);
  if (primary.length > 0) {
    out.primaryKey = { columns: primary.map((c) => c.databaseName), span: primary[0].span };
  }
  for (const { args, prefix } of meta.uniques) {
    const columns = resolveColumns(context, meta, args.columns, prefix, args.span);
    if (!columns) continue;
    const unique: Table['uniques'][number] = { columns, span: args.span };
    if (args.name) unique.name = args.name;
    out.uniques.push(unique);
  }
  for (const { args, prefix } of meta.indices) {
    if (!args.synchronize || !args.columns) continue;
    const columns = resolveColumns(context, meta, args.columns, prefix, args.span);
    if (!columns) continue;
    const method = args.spatial ? 'gist' : context.version === '1' && args.type ? args.type.toLowerCase() : 'btree';
    const index: Index = { keys: columns.map((name) => ({ kind: 'column', name })), unique: args.unique, method, span: args.span };
    if (args.name) index.name = args.name;
    if (args.where) index.where = args.where;
    out.indexes.push(index);
  }
  if (meta.sti) {
    const discriminator = meta.columns.find((c) => c.isDiscriminator);
    const alreadyIndexed = meta.indices.some(({ args }) => args.columns?.length === 1 && args.columns[0] === discriminator?.databaseName);
    if (discriminator && !alreadyIndexed) out.indexes.push({ keys: [{ kind: 'column', name: discriminator.databaseName }], unique: false, method: 'btree', span: meta.table.span });
  }
  for (const check of meta.checks) out.checks.push(check.name ? { name: check.name, expression: check.expression, span: check.span } : { expression: check.expression, span: check.span });
  for (const exclusion of meta.exclusions) {
    out.exclusions.push(exclusion.name ? { name: exclusion.name, expression: exclusion.expression, span: exclusion.span } : { expression: exclusion.expression, span: exclusion.span });
  }
}

function copyColumn(referenced: ColumnMeta, name: string, span: SourceSpan, withEnum: boolean): ColumnMeta {
  return {
    propertyName: name,
    propertyPath: name,
    prefixes: [],
    givenName: name,
    databaseName: name,
    type: referenced.generation === 'uuid' ? 'uuid' : referenced.type,
    length: referenced.length,
    precision: referenced.precision,
    scale: referenced.scale,
    isArray: false,
    enumValues: withEnum ? referenced.enumValues : undefined,
    enumName: withEnum ? referenced.enumName : undefined,
    nullable: false,
    primary: true,
    mode: 'virtual',
    span,
    target: '',
  };
}

function buildJunction(context: BuildContext, meta: EntityMeta, relation: RelationMeta, joinTable: JoinTableArgs): Table {
  const inverse = relation.inverse!;
  const pick = (entity: EntityMeta, joinColumns: JoinColumnArgs[] | undefined): ColumnMeta[] => {
    if (!joinColumns || !joinColumns.some((j) => j.referencedColumnName)) return primaryColumns(entity);
    const list = joinColumns.map((j) => entity.columns.find((c) => c.propertyName === j.referencedColumnName)).filter((c): c is ColumnMeta => !!c);
    if (context.version === '1' && list.length > 1) {
      const pk = primaryColumns(entity);
      list.sort((a, b) => (pk.indexOf(a) === -1 ? Infinity : pk.indexOf(a)) - (pk.indexOf(b) === -1 ? Infinity : pk.indexOf(b)));
    }
    return list;
  };
  const referenced = pick(meta, joinTable.joinColumns);
  const inverseReferenced = pick(inverse, joinTable.inverseJoinColumns);
  const inverseRelation = relation.args.inverseSide ? inverse.relations.find((r) => r.args.propertyName === relation.args.inverseSide) : undefined;
  let name = joinTable.name ?? context.naming.joinTableName(meta.tableNameWithoutPrefix, inverse.tableNameWithoutPrefix, relation.propertyPath);
  // EntityMetadata.build shortens any junction name past PostgreSQL's 63-character limit, then
  // prefixes it (the prefix does not count towards the limit).
  if (name.length > 63) name = shorten(name, { separator: '_', segmentLength: 3 });
  name = context.entityPrefix + name;
  const schema = joinTable.schema ?? meta.schema;
  const span = relation.args.span;
  const nameFor = (joinColumns: JoinColumnArgs[] | undefined, column: ColumnMeta, tableName: string): string =>
    joinColumns?.find((j) => (!j.referencedColumnName || j.referencedColumnName === column.propertyName) && !!j.name)?.name ??
    context.naming.joinTableColumnName(tableName, column.propertyName, column.databaseName);
  const ownerColumns = referenced.map((c) => copyColumn(c, nameFor(joinTable.joinColumns, c, meta.tableNameWithoutPrefix), span, true));
  const inverseColumns = inverseReferenced.map((c) => copyColumn(c, nameFor(joinTable.inverseJoinColumns, c, inverse.tableNameWithoutPrefix), span, true));
  for (const owner of ownerColumns) {
    for (const other of inverseColumns) {
      if (owner.databaseName === other.databaseName) {
        owner.databaseName = owner.propertyName = `${owner.databaseName}_1`;
        other.databaseName = other.propertyName = `${other.databaseName}_2`;
      }
    }
  }
  const all = [...ownerColumns, ...inverseColumns];
  const table: Table = {
    ...emptyTable(schema, name),
    columns: all.map((c) => toColumn(context, c, name, schema)),
    primaryKey: { columns: all.map((c) => c.databaseName), span },
    indexes: [
      { keys: ownerColumns.map((c) => ({ kind: 'column', name: c.databaseName })), unique: false, method: 'btree', span },
      { keys: inverseColumns.map((c) => ({ kind: 'column', name: c.databaseName })), unique: false, method: 'btree', span },
    ],
    span,
  };
  if (relation.args.options.createForeignKeyConstraints !== false) {
    const v1 = context.version === '1';
    const ownerDelete = v1 ? (relation.args.options.onDelete ?? 'CASCADE') : relation.args.options.onDelete || 'CASCADE';
    const ownerUpdate = v1 ? (relation.args.options.onUpdate ?? 'CASCADE') : relation.args.options.onUpdate || 'CASCADE';
    const inverseDelete = v1 ? (inverseRelation?.args.options.onDelete ?? 'CASCADE') : inverseRelation ? inverseRelation.args.options.onDelete : 'CASCADE';
    const inverseUpdate = v1 ? (inverseRelation?.args.options.onUpdate ?? 'CASCADE') : inverseRelation ? inverseRelation.args.options.onUpdate : 'CASCADE';
    table.foreignKeys.push(
      {
        columns: ownerColumns.map((c) => c.databaseName),
        referencedTable: { schema: meta.schema, name: meta.tableName },
        referencedColumns: referenced.map((c) => c.databaseName),
        onDelete: action(ownerDelete),
        onUpdate: action(ownerUpdate),
        relation: relation.propertyPath,
        span,
      },
      {
        columns: inverseColumns.map((c) => c.databaseName),
        referencedTable: { schema: inverse.schema, name: inverse.tableName },
        referencedColumns: inverseReferenced.map((c) => c.databaseName),
        onDelete: action(inverseDelete),
        onUpdate: action(inverseUpdate),
        relation: relation.propertyPath,
        span,
      },
    );
  }
  return table;
}

function buildClosure(context: BuildContext, meta: EntityMeta): Table {
  const options = meta.tree?.options ?? {};
  const given = str(options.closureTableName) ?? meta.tableNameWithoutPrefix;
  const name = context.entityPrefix + context.naming.closureJunctionTableName(given);
  const schema = str(options.closureTableSchema) ?? meta.schema;
  const span = meta.table.span;
  const columns: ColumnMeta[] = [];
  const nameOf = (fn: unknown, column: ColumnMeta, suffix: string): string => {
    if (isSpecial(fn) && fn.kind === 'fn') {
      const result = context.evaluator.call(fn, [{ propertyName: column.propertyName, databaseName: column.databaseName }]);
      if (typeof result === 'string') return result;
    }
    return `${column.propertyName}_${suffix}`;
  };
  for (const primary of primaryColumns(meta)) {
    for (const [fn, suffix] of [[options.ancestorColumnName, 'ancestor'], [options.descendantColumnName, 'descendant']] as const) {
      const property = nameOf(fn, primary, suffix);
      const column = copyColumn(primary, context.naming.columnName(property, undefined, []), span, false);
      column.generation = undefined;
      columns.push(column);
    }
  }
  const level = meta.columns.find((c) => c.mode === 'treeLevel');
  const all = [...columns];
  if (level) all.push({ ...copyColumn(level, 'level', span, false), primary: false, type: 'int4' });
  const primaryPk = primaryColumns(meta).map((c) => c.databaseName);
  const table: Table = {
    ...emptyTable(schema, name),
    columns: all.map((c) => toColumn(context, c, name, schema)),
    primaryKey: { columns: columns.map((c) => c.databaseName), span },
    indexes: columns.slice(0, 2).map((c) => ({ keys: [{ kind: 'column' as const, name: c.databaseName }], unique: false, method: 'btree', span })),
    span,
  };
  for (const column of columns.slice(0, 2)) {
    table.foreignKeys.push({ columns: [column.databaseName], referencedTable: { schema: meta.schema, name: meta.tableName }, referencedColumns: primaryPk, onDelete: 'CASCADE', onUpdate: 'NO ACTION', span });
  }
  return table;
}

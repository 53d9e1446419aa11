// EntityMetadataBuilder, reproduced over the args storage: inheritance trees, embeddeds, single-
// table inheritance, join columns, junction and closure tables, then the SchemaModel tables with
// PostgreSQL's spelling (node_modules/typeorm/metadata-builder/*, driver/postgres/PostgresDriver.js).
import { emptyTable, type EnumType, type ReadProblem, type SchemaModel, type SourceSpan, type Table, type UnknownFact, type View } from '../model/schema';
import type { TableArgs } from './args';
import { buildOwnColumns } from './entity-columns';
import { finishTable } from './constraints';
import type { BuildCache, BuildContext, BuiltTables, EntityEntry, EntityMeta, LastBuild, RelationMeta } from './metadata';
import { buildClosure, buildForeignKey, buildRelations, closureTable, contentsUnknown, unknownRelationTarget, unreadPrimaryKey } from './relations';
import { isUnknownArgument } from './collect';
import { isSpecial } from './static-values';
import { addToIndex, removeFromIndex } from './reverse-index';
import { SparseParts } from './sparse-parts';

export type { BuildCache, BuildContext, TypeormMajor } from './metadata';
export function newBuildCache(): BuildCache {
  return { metas: new Map(), tables: new Map(), columns: new WeakMap(), enumValues: new WeakMap(), merged: new WeakMap() };
}

function sameList(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
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

function noteUnnamed(last: LastBuild, entry: EntityEntry): void {
  if (entry.table.nameUnknown) last.unnamed.add(entry);
  else last.unnamed.delete(entry);
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
    unnamed: new Set(),
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
    noteUnnamed(last, entry);
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
    noteUnnamed(last, entry);
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
  const missing: Array<[RelationMeta, UnknownFact]> = [];
  const inverses = base.relations.map((relation) => {
    const type = relation.args.type;
    const inverse = lookup(type && typeof type === 'object' && 'selfTree' in (type as object) ? relation.args.target : context.findTargetKey(type, relation.args.target));
    if (!inverse && relation.args.relationType !== 'one-to-many') missing.push([relation, relationTargetUnknown(base, relation)]);
    return inverse;
  });
  const foreignKeyTargets = base.foreignKeyArgs.map((args) => lookup(context.findTargetKey(args.type, args.target)));
  const key = [base, ...inverses, ...foreignKeyTargets];
  const cached = context.cache.tables.get(base.table.target);
  if (cached && sameList(cached.key, key)) return cached;
  const local: BuildContext = { ...context, problems };
  const meta = workingCopy(base);
  meta.relations.forEach((relation, index) => (relation.inverse = inverses[index]));
  const { storage } = context;
  for (const [relation, fact] of missing) {
    const joinColumns = storage.ofTarget(storage.joinColumns, relation.args.target).filter((j) => j.propertyName === relation.args.propertyName);
    const joinTable = storage.ofTarget(storage.joinTables, relation.args.target).some((j) => j.propertyName === relation.args.propertyName);
    unknownRelationTarget(meta, relation, fact, joinColumns, joinTable);
  }
  base.foreignKeyArgs.forEach((args, index) => {
    if (!foreignKeyTargets[index]) meta.unknowns.push({ target: args.target, propertyName: args.propertyName, affects: 'constraints', fact: relationTargetUnknown(base, { args, propertyPath: args.propertyName ?? '@ForeignKey' }) });
  });
  const tables = [meta.out, ...buildRelations(local, meta)];
  base.foreignKeyArgs.forEach((args, index) => buildForeignKey(local, meta, args, foreignKeyTargets[index]));
  finishTable(local, meta);
  if (meta.tree?.type === 'closure-table') {
    // Its columns are the entity's primary key: unknown with it (the table exists all the same).
    const keyUnknown = unreadPrimaryKey(meta);
    if (keyUnknown) {
      meta.out.unknown = { ...meta.out.unknown, constraints: [...(meta.out.unknown?.constraints ?? []), keyUnknown] };
      const { schema, name } = closureTable(local, meta);
      tables.push(contentsUnknown(schema, name, meta.table.span, keyUnknown));
    } else tables.push(buildClosure(local, meta));
  }
  const enums: BuiltTables['enums'] = [];
  for (const table of tables) {
    for (const column of table.columns) {
      const values = context.cache.enumValues.get(column);
      if (column.enumType && values) {
        enums.push([`${column.enumType.schema}.${column.enumType.name}`, { ...column.enumType, values: values.values, span: column.span, ...(values.unknown ? { valuesUnknown: values.unknown } : {}) }]);
      }
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
  const model: SchemaModel = { tables: oneTablePerName(context.cache, [...last.tables, ...last.extraTables.flatten()]), enums: [...enums.values()], views };
  // An entity whose table name cannot be read cannot be matched with a table: unknown, not compared.
  const unnamed = [...last.unnamed].sort((a, b) => a.index - b.index);
  if (unnamed.length > 0) {
    const tables = new Set(unnamed.map((entry) => last.tables[entry.index]));
    model.tables = model.tables.filter((table) => !tables.has(table));
    model.unknowns = unnamed.map((entry) => ({ ...entry.table.nameUnknown!, reason: `the table name of ${entry.table.className}: ${entry.table.nameUnknown!.reason}` }));
  }
  return model;
}

/**
 * Two metadatas on one table (an explicit junction entity and a @JoinTable naming its table, both
 * sides of a many-to-many declaring the same @JoinTable): TypeORM's synchronize builds one table,
 * the first metadata's (entities come before junctions), adding what the others have beyond it.
 * The merged table is kept while its parts are the same objects, so it keeps its identity.
 */
function oneTablePerName(cache: BuildCache, tables: Table[]): Table[] {
  if (!sharesNames(cache, tables)) return tables;
  const byName = new Map<string, Table[]>();
  for (const table of tables) {
    const key = `${table.schema}.${table.name}`;
    const list = byName.get(key);
    if (list) list.push(table);
    else byName.set(key, [table]);
  }
  const result: Table[] = [];
  for (const parts of byName.values()) {
    if (parts.length === 1) {
      result.push(parts[0]!);
      continue;
    }
    const cached = cache.merged.get(parts[0]!);
    if (cached && cached.parts.length === parts.length && cached.parts.every((part, i) => part === parts[i])) {
      result.push(cached.table);
      continue;
    }
    const table = mergeTables(parts);
    cache.merged.set(parts[0]!, { parts, table });
    result.push(table);
  }
  return result;
}

/** Whether two tables have one name (in any schema); on a re-read, only the tables read anew are looked at. */
function sharesNames(cache: BuildCache, tables: Table[]): boolean {
  const before = cache.uniquelyNamed;
  if (before?.length === tables.length && tables.every((table, i) => table === before[i] || table.name === before[i]!.name)) {
    cache.uniquelyNamed = tables;
    return false;
  }
  const names = new Set<string>();
  let shared = false;
  for (const table of tables) {
    if (names.has(table.name)) {
      shared = true;
      break;
    }
    names.add(table.name);
  }
  cache.uniquelyNamed = shared ? undefined : tables;
  return shared;
}

function mergeTables([first, ...others]: Table[]): Table {
  const merged: Table = { ...first!, columns: [...first!.columns], uniques: [...first!.uniques], foreignKeys: [...first!.foreignKeys], indexes: [...first!.indexes], checks: [...first!.checks] };
  const key = (value: unknown): string => JSON.stringify(value);
  const indexKey = (index: Table['indexes'][number]): string => key([index.keys, index.unique, index.method, index.where ?? null]);
  const foreignKeyKey = (fk: Table['foreignKeys'][number]): string => key([fk.columns, fk.referencedTable, fk.referencedColumns]);
  for (const other of others) {
    for (const column of other.columns) if (!merged.columns.some((c) => c.name === column.name)) merged.columns.push(column);
    for (const index of other.indexes) if (!merged.indexes.some((i) => indexKey(i) === indexKey(index))) merged.indexes.push(index);
    for (const fk of other.foreignKeys) if (!merged.foreignKeys.some((f) => foreignKeyKey(f) === foreignKeyKey(fk))) merged.foreignKeys.push(fk);
    for (const unique of other.uniques) if (!merged.uniques.some((u) => key(u.columns) === key(unique.columns))) merged.uniques.push(unique);
    if (!merged.primaryKey && other.primaryKey) merged.primaryKey = other.primaryKey;
  }
  const unknown = mergedUnknowns([first!, ...others]);
  if (unknown) merged.unknown = unknown;
  else delete merged.unknown;
  return merged;
}

/**
 * What is not known of one table made of several (an explicit junction entity and a @JoinTable):
 * what any part does not know, except its existence, which one part that surely exists settles.
 */
function mergedUnknowns(parts: Table[]): Table['unknown'] {
  const unknown: NonNullable<Table['unknown']> = {};
  if (parts.every((part) => part.unknown?.exists)) unknown.exists = parts[0]!.unknown!.exists;
  const primaryKey = parts.find((part) => part.unknown?.primaryKey)?.unknown?.primaryKey;
  if (primaryKey) unknown.primaryKey = primaryKey;
  const columns = parts.flatMap((part) => part.unknown?.columns ?? []);
  if (columns.length) unknown.columns = columns;
  const constraints = parts.flatMap((part) => part.unknown?.constraints ?? []);
  if (constraints.length) unknown.constraints = constraints;
  return Object.keys(unknown).length > 0 ? unknown : undefined;
}

/** Why a relation's (or @ForeignKey's) target entity is not known. */
function relationTargetUnknown(base: EntityMeta, relation: { args: { type: unknown; span: SourceSpan }; propertyPath: string }): UnknownFact {
  const { type, span } = relation.args;
  if (isUnknownArgument(type)) return type.unknown;
  const where = `${base.table.className}.${relation.propertyPath}`;
  if (isSpecial(type) && type.kind === 'class') {
    return {
      reason: `${type.cls.name}, the target of ${where}, is not among the entity files`,
      cause: `not-an-entity:${type.key}`,
      hint: 'Add its file to the entity globs (--entities, or schemaLens.entities).',
      span,
    };
  }
  return { reason: `the target entity of ${where} cannot be resolved statically`, cause: `target:${span.file}:${span.startOffset}`, span };
}

/** The metadata of the entity a table registration makes, before its columns are read. */
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
    unknowns: [],
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

/** A per-read copy of cached entity metadata: relations get their join columns, the table its output. */
function workingCopy(base: EntityMeta): EntityMeta {
  const meta: EntityMeta = { ...base, columns: [...base.columns], unknowns: [...base.unknowns], relations: [], out: { ...base.out, ...emptyTable(base.out.schema, base.out.name) } };
  meta.relations = base.relations.map((relation) => ({ ...relation, entity: meta, inverse: undefined, joinColumns: [] }));
  return meta;
}

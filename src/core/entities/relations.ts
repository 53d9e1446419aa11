// Relations: join columns and their foreign keys, one-to-one uniques, @ForeignKey constraints, and
// the derived tables — many-to-many junction tables and closure tables (RelationJoinColumnBuilder,
// JunctionEntityMetadataBuilder, ClosureJunctionEntityMetadataBuilder).
import { emptyTable } from '../model/schema';
import type { Certainty, ColumnFact, ForeignKey, ReferentialAction, SourceSpan, Table, UnknownFact } from '../model/schema';
import { unknownOption, type ForeignKeyArgs, type JoinColumnArgs, type JoinTableArgs, type Options, type RelationArgs } from './args';
import { copyColumn, str, toColumn } from './columns';
import { primaryColumns } from './entity-columns';
import type { BuildContext, ColumnMeta, EntityMeta, RelationMeta } from './metadata';
import { shorten } from './naming';
import { isSpecial } from './static-values';

/** EntityMetadataBuilder.createForeignKeys: `@ForeignKey` on a property or a class. */
export function buildForeignKey(context: BuildContext, meta: EntityMeta, args: ForeignKeyArgs, referenced: EntityMeta | undefined): void {
  if (!referenced) return;
  const unknown = unknownOption(args.options, 'name');
  if (unknown) {
    meta.unknowns.push({ target: args.target, propertyName: args.propertyName, affects: 'constraints', fact: unknown });
    return;
  }
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
  setActionsUnknown(foreignKey, args.options);
  if (typeof args.options.name === 'string') foreignKey.name = args.options.name;
  const deferrable = str(args.options.deferrable);
  if (deferrable === 'INITIALLY DEFERRED' || deferrable === 'INITIALLY IMMEDIATE') foreignKey.deferrable = deferrable;
  meta.out.foreignKeys.push(foreignKey);
}

/** Join columns and foreign keys of owning relations; the junction tables of many-to-many owners. */
export function buildRelations(context: BuildContext, meta: EntityMeta): Table[] {
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
    if (!joinTable) continue;
    const unknown = joinTable.unknown ?? [...(joinTable.joinColumns ?? []), ...(joinTable.inverseJoinColumns ?? [])].find((j) => j.unknown)?.unknown;
    if (unknown) {
      meta.unknowns.push({ target: relation.args.target, propertyName: relation.args.propertyName, affects: 'constraints', fact: unknown });
      continue;
    }
    if (!joinTable.synchronize) continue;
    // A junction's columns are both sides' primary keys: unknown when either key is. Its name is
    // the tables' and the property's: the table is known to exist, with nothing known inside.
    const keyUnknown = unreadPrimaryKey(meta) ?? unreadPrimaryKey(relation.inverse);
    if (keyUnknown) {
      meta.unknowns.push({ target: relation.args.target, propertyName: relation.args.propertyName, affects: 'constraints', fact: keyUnknown });
      junctions.push(contentsUnknown(joinTable.schema ?? meta.schema, junctionName(context, meta, relation, joinTable), relation.args.span, keyUnknown));
      continue;
    }
    junctions.push(buildJunction(context, meta, relation, joinTable));
  }
  return junctions;
}

/**
 * Why an entity's primary key is not known: a column's `primary` could not be read, or none of its
 * primary columns was read and some column was not (as constraints.ts decides for its table).
 */
export function unreadPrimaryKey(entity: EntityMeta): UnknownFact | undefined {
  const primaryUnknown = entity.columns.find((c) => c.primaryUnknown)?.primaryUnknown;
  if (primaryUnknown) return primaryUnknown;
  if (entity.columns.some((c) => c.primary && !c.nameUnknown)) return undefined;
  return entity.unknowns.find((member) => member.affects === 'columns')?.fact;
}

/**
 * A relation whose target entity is not known: its join columns and foreign key (or junction
 * table) cannot be built, and are unknown rather than absent. Inverse sides build nothing.
 */
export function unknownRelationTarget(meta: EntityMeta, relation: RelationMeta, fact: UnknownFact, joinColumns: JoinColumnArgs[], hasJoinTable: boolean): void {
  const { relationType, target, propertyName } = relation.args;
  if (relationType === 'many-to-one' || (relationType === 'one-to-one' && joinColumns.length > 0)) {
    meta.unknowns.push({ target, propertyName, affects: 'columns', fact });
    // A column declared under a join column's name takes its type from the target's referenced
    // column, which is not known: the declared type is not the one TypeORM gives it.
    for (const joinColumn of joinColumns) {
      const index = meta.columns.findIndex((c) => c.prefixes.length === relation.prefixes.length && c.databaseName === joinColumn.name);
      if (index >= 0) meta.columns[index] = { ...meta.columns[index]!, certainty: { ...meta.columns[index]!.certainty, type: { kind: 'unknown', ...fact } } };
    }
  } else if (relationType === 'many-to-many' && hasJoinTable) meta.unknowns.push({ target, propertyName, affects: 'constraints', fact });
}

/**
 * The referenced columns of a relation are not known (the target's primary key could not be read):
 * its foreign key is unknown, and so is its join column, whose type TypeORM takes from the
 * referenced column — a column declared under the join column's name keeps only what its own
 * decorator says beyond the type.
 */
function referencedUnknown(context: BuildContext, meta: EntityMeta, relation: RelationMeta, joinColumns: JoinColumnArgs[], fact: UnknownFact): void {
  const { target, propertyName } = relation.args;
  meta.unknowns.push({ target, propertyName, affects: 'constraints', fact });
  const typeUnknown = (index: number): void => {
    meta.columns[index] = { ...meta.columns[index]!, certainty: { ...meta.columns[index]!.certainty, type: { kind: 'unknown', ...fact } } };
  };
  const sameLevel = (column: ColumnMeta): boolean => column.prefixes.length === relation.prefixes.length;
  const named = joinColumns.filter((j) => j.name);
  if (named.length === 0) {
    meta.unknowns.push({ target, propertyName, affects: 'columns', fact });
    // The join column is named after the referenced column, which is not known: a column declared
    // under any name it may take (`assetId` beside `asset: Asset`) gets its type from it.
    const inverse = relation.inverse!;
    const referencedProperties = [...inverse.columns.map((c) => c.propertyName), ...inverse.unknowns.flatMap((u) => (u.propertyName ? [u.propertyName] : []))];
    const names = new Set(referencedProperties.map((property) => context.naming.joinColumnName(propertyName, property)));
    meta.columns.forEach((column, index) => {
      if (sameLevel(column) && names.has(column.databaseName)) typeUnknown(index);
    });
    return;
  }
  for (const joinColumn of named) {
    const index = meta.columns.findIndex((c) => sameLevel(c) && c.databaseName === joinColumn.name);
    if (index < 0) meta.unknowns.push({ target, propertyName, affects: 'columns', fact });
    else typeUnknown(index);
  }
}

function relationNullable(args: RelationArgs): boolean {
  return args.options.nullable !== false;
}

/** The actions of a foreign key (onDelete, onUpdate, deferrable) cannot be read: they are not compared. */
function setActionsUnknown(foreignKey: ForeignKey, options: Options): void {
  const unknown = unknownOption(options, 'onDelete', 'onUpdate', 'deferrable');
  if (unknown) foreignKey.actionsUnknown = unknown;
}

/**
 * A join column's certainty: its type is the referenced column's (and as certain); its nullability
 * the relation's when the relation made the column, else the declared column's.
 */
function joinColumnCertainty(column: ColumnMeta, referenced: ColumnMeta, options: Options | undefined): Partial<Record<ColumnFact, Certainty>> | undefined {
  const certainty: Partial<Record<ColumnFact, Certainty>> = { ...column.certainty };
  delete certainty.type;
  if (referenced.certainty?.type) certainty.type = referenced.certainty.type;
  const nullable = options && unknownOption(options, 'nullable');
  if (nullable) certainty.nullable = { kind: 'unknown', ...nullable };
  return Object.keys(certainty).length > 0 ? certainty : undefined;
}

function buildJoinColumns(context: BuildContext, meta: EntityMeta, relation: RelationMeta, joinColumns: JoinColumnArgs[]): void {
  const inverse = relation.inverse;
  if (!inverse) return;
  const options = relation.args.options;
  const unknown = joinColumns.find((j) => j.unknown)?.unknown ?? unknownOption(options, 'primary', 'createForeignKeyConstraints');
  if (unknown) {
    meta.unknowns.push({ target: relation.args.target, propertyName: relation.args.propertyName, affects: 'columns', fact: unknown });
    return;
  }
  const hasReferenced = joinColumns.some((j) => j.referencedColumnName);
  const unread = unreadPrimaryKey(inverse);
  let referenced: ColumnMeta[];
  if ((joinColumns.length === 0 && relation.args.relationType === 'many-to-one') || (joinColumns.length > 0 && !hasReferenced)) {
    if (unread) return referencedUnknown(context, meta, relation, joinColumns, unread);
    referenced = primaryColumns(inverse);
  } else {
    referenced = [];
    for (const joinColumn of joinColumns) {
      const column = inverse.columns.find((c) => c.propertyName === joinColumn.referencedColumnName && c.prefixes.length === 0);
      if (column?.nameUnknown || (!column && unread)) return referencedUnknown(context, meta, relation, joinColumns, column?.nameUnknown ?? unread!);
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
    const created = !column;
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
      // A declared column under the join column's name: the relation gives it its type.
      column = { ...column, typeProblem: undefined };
      const index = meta.columns.findIndex((c) => c.databaseName === column!.databaseName);
      meta.columns[index] = column;
    }
    column.type = referencedColumn.type;
    // A serial/uuid key is referenced by a plain column of its type.
    if (referencedColumn.generation === 'uuid') column.type = 'uuid';
    column.certainty = joinColumnCertainty(column, referencedColumn, created ? options : undefined);
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
  setActionsUnknown(foreignKey, options);
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


/** A table TypeORM makes whose columns, key and constraints are not known (they are a primary key that could not be read). */
export function contentsUnknown(schema: string, name: string, span: SourceSpan, fact: UnknownFact): Table {
  return { ...emptyTable(schema, name), span, unknown: { columns: [fact], primaryKey: fact, constraints: [fact] } };
}

function junctionName(context: BuildContext, meta: EntityMeta, relation: RelationMeta, joinTable: JoinTableArgs): string {
  let name = joinTable.name ?? context.naming.joinTableName(meta.tableNameWithoutPrefix, relation.inverse!.tableNameWithoutPrefix, relation.propertyPath);
  // EntityMetadata.build shortens any junction name past PostgreSQL's 63-character limit, then
  // prefixes it (the prefix does not count towards the limit).
  if (name.length > 63) name = shorten(name, { separator: '_', segmentLength: 3 });
  return context.entityPrefix + name;
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
  const name = junctionName(context, meta, relation, joinTable);
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
    // One key from each side of the junction to the table it joins.
    const key = (columns: ColumnMeta[], target: EntityMeta, targetColumns: ColumnMeta[], onDelete: unknown, onUpdate: unknown): ForeignKey => ({
      columns: columns.map((c) => c.databaseName),
      referencedTable: { schema: target.schema, name: target.tableName },
      referencedColumns: targetColumns.map((c) => c.databaseName),
      onDelete: action(onDelete),
      onUpdate: action(onUpdate),
      relation: relation.propertyPath,
      span,
    });
    const ownerKey = key(ownerColumns, meta, referenced, ownerDelete, ownerUpdate);
    const inverseKey = key(inverseColumns, inverse, inverseReferenced, inverseDelete, inverseUpdate);
    setActionsUnknown(ownerKey, relation.args.options);
    if (inverseRelation) setActionsUnknown(inverseKey, inverseRelation.args.options);
    table.foreignKeys.push(ownerKey, inverseKey);
  }
  return table;
}


/** The closure table's schema and name, which do not depend on the entity's primary key. */
export function closureTable(context: BuildContext, meta: EntityMeta): { schema: string; name: string } {
  const options = meta.tree?.options ?? {};
  const given = str(options.closureTableName) ?? meta.tableNameWithoutPrefix;
  return { schema: str(options.closureTableSchema) ?? meta.schema, name: context.entityPrefix + context.naming.closureJunctionTableName(given) };
}

export function buildClosure(context: BuildContext, meta: EntityMeta): Table {
  const options = meta.tree?.options ?? {};
  const { schema, name } = closureTable(context, meta);
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


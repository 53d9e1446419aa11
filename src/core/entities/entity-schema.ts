// `new EntitySchema({...})` -> the same args records the decorators would give, as TypeORM's
// EntitySchemaTransformer registers them.
import type { SourceSpan } from '../model/schema';
import { UNKNOWN_OPTIONS, unknownOption, type ColumnMode, type ForeignKeyArgs, type JoinColumnArgs, type Options } from './args';
import { knownValue, UnknownArgument, type Collector } from './collect';
import type { FileFacts } from './parse';
import { isPlainObject, isSpecial } from './static-values';
import type { SValue } from './values';

/** `new EntitySchema({...})` -> the same args the decorators would give (EntitySchemaTransformer). */
export function collectEntitySchema(collector: Collector, facts: FileFacts, value: SValue, span: SourceSpan): void {
  const options = knownValue(collector.evaluator.evaluate(value, facts), span, facts) as Options;
  if (!isPlainObject(options) || typeof options.name !== 'string') {
    collector.problems.push({ severity: 'warning', message: 'This EntitySchema has no static name; it is skipped.', span });
    return;
  }
  const storage = collector.storage;
  const target = `schema:${options.name}`;
  const type = options.type === 'view' ? 'view' : options.type === 'entity-child' ? 'entity-child' : 'regular';
  storage.tables.push({
    target,
    type,
    name: typeof options.tableName === 'string' ? options.tableName : undefined,
    schema: typeof options.schema === 'string' ? options.schema : undefined,
    comment: typeof options.comment === 'string' ? options.comment : undefined,
    materialized: options.materialized === true,
    className: options.name,
    file: facts.file,
    span,
    ...(unknownOption(options, 'tableName', 'schema') ? { nameUnknown: unknownOption(options, 'tableName', 'schema') } : {}),
    ...(unknownOption(options, 'synchronize') ? { existsUnknown: unknownOption(options, 'synchronize') } : {}),
  });
  // As for @Entity({ synchronize: false }): TypeORM leaves the table alone.
  if (options.synchronize === false) storage.tables.pop();
  registerSchemaMembers(collector, facts, options, target, span, 0);
  if (isPlainObject(options.inheritance)) {
    const column = options.inheritance.column;
    storage.inheritances.push({ target, column: typeof column === 'string' ? { name: column } : isPlainObject(column) ? column : undefined });
  }
}

/**
 * EntitySchemaTransformer.transformColumnsRecursive: the columns, relations, indices, uniques,
 * checks, exclusions, trees and embeddeds of one schema. An embedded schema's members are registered
 * under a target of their own (`<owner>><property>`) that the owner's embedded points at, as
 * `@Column(() => Class)` does; as in TypeORM, its checks and exclusions are never used.
 */
function registerSchemaMembers(collector: Collector, facts: FileFacts, options: Options, target: string, span: SourceSpan, depth: number): void {
  const storage = collector.storage;
  const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  // A relation's or foreign key's target: `() => Target`, a class or an entity name.
  const targetOf = (raw: Options): unknown => {
    const unknown = unknownOption(raw, 'target');
    if (unknown) return new UnknownArgument(unknown);
    return knownValue(isSpecial(raw.target) && raw.target.kind === 'fn' ? collector.evaluator.call(raw.target, []) : raw.target, span, facts);
  };
  // A column's `foreignKey` and the schema's `foreignKeys`, as @ForeignKey on a property or a class.
  const foreignKey = (raw: Options, on: Pick<ForeignKeyArgs, 'propertyName' | 'inverseSide' | 'columnNames' | 'referencedColumnNames'>): ForeignKeyArgs => {
    return { target, type: targetOf(raw), ...on, options: raw, span };
  };
  // Whole members (a column, a relation, the list of indices...) that could not be read.
  const unknownMembers = (of: Options, affects: 'columns' | 'constraints'): void => {
    for (const [propertyName, fact] of Object.entries(of[UNKNOWN_OPTIONS] ?? {})) storage.unknowns.push({ target, propertyName: propertyName === '*' ? undefined : propertyName, affects, fact });
  };
  const membersUnknown = unknownOption(options, 'columns', 'relations', 'embeddeds', 'inheritance');
  if (membersUnknown) storage.unknowns.push({ target, affects: 'columns', fact: membersUnknown });
  const columns = (isPlainObject(options.columns) ? options.columns : {}) as Options;
  unknownMembers(columns, 'columns');
  for (const [propertyName, raw] of Object.entries(columns)) {
    if (!isPlainObject(raw)) continue;
    const column = { ...raw };
    const mode: ColumnMode = column.createDate ? 'createDate' : column.updateDate ? 'updateDate' : column.deleteDate ? 'deleteDate' : column.version ? 'version' : column.treeLevel ? 'treeLevel' : 'regular';
    storage.columns.push({ target, propertyName, mode, options: column, span });
    if (column.generated) storage.generations.push({ target, propertyName, strategy: typeof column.generated === 'string' ? column.generated : 'increment' });
    if (column.unique === true) storage.uniques.push({ target, columns: [propertyName], span });
    if (isPlainObject(column.foreignKey)) {
      const inverseSide = column.foreignKey.inverseSide;
      storage.foreignKeys.push(foreignKey(column.foreignKey, { propertyName, inverseSide: typeof inverseSide === 'string' ? inverseSide : undefined }));
    }
  }
  for (const raw of Array.isArray(options.foreignKeys) ? options.foreignKeys : []) {
    if (isPlainObject(raw)) storage.foreignKeys.push(foreignKey(raw, { columnNames: strings(raw.columnNames), referencedColumnNames: strings(raw.referencedColumnNames) }));
  }
  const relations = (isPlainObject(options.relations) ? options.relations : {}) as Options;
  unknownMembers(relations, 'columns');
  for (const [propertyName, raw] of Object.entries(relations)) {
    if (!isPlainObject(raw)) continue;
    const relationType = raw.type;
    const typeUnknown = unknownOption(raw as Options, 'type');
    if (typeUnknown) storage.unknowns.push({ target, propertyName, affects: 'columns', fact: typeUnknown });
    if (relationType !== 'many-to-one' && relationType !== 'one-to-one' && relationType !== 'one-to-many' && relationType !== 'many-to-many') continue;
    storage.relations.push({
      target,
      propertyName,
      relationType,
      type: targetOf(raw as Options),
      inverseSide: typeof raw.inverseSide === 'string' ? raw.inverseSide : undefined,
      options: raw,
      span,
    });
    const toJoinColumns = (list: unknown): JoinColumnArgs[] =>
      (Array.isArray(list) ? list : [list]).filter(isPlainObject).map((j) => ({
        target,
        propertyName,
        name: typeof j.name === 'string' ? j.name : undefined,
        referencedColumnName: typeof j.referencedColumnName === 'string' ? j.referencedColumnName : undefined,
        foreignKeyConstraintName: typeof j.foreignKeyConstraintName === 'string' ? j.foreignKeyConstraintName : undefined,
        unknown: unknownOption(j as Options, 'name', 'referencedColumnName'),
      }));
    const joinUnknown = unknownOption(raw as Options, 'joinColumn', 'joinTable');
    if (joinUnknown) storage.joinColumns.push({ target, propertyName, unknown: joinUnknown });
    if (raw.joinColumn === true) storage.joinColumns.push({ target, propertyName });
    else if (raw.joinColumn) storage.joinColumns.push(...toJoinColumns(raw.joinColumn));
    if (raw.joinTable) {
      const joinTable = isPlainObject(raw.joinTable) ? raw.joinTable : {};
      storage.joinTables.push({
        target,
        propertyName,
        name: typeof joinTable.name === 'string' ? joinTable.name : undefined,
        schema: typeof joinTable.schema === 'string' ? joinTable.schema : undefined,
        joinColumns: joinTable.joinColumn ? toJoinColumns(joinTable.joinColumn) : joinTable.joinColumns ? toJoinColumns(joinTable.joinColumns) : undefined,
        inverseJoinColumns: joinTable.inverseJoinColumn ? toJoinColumns(joinTable.inverseJoinColumn) : joinTable.inverseJoinColumns ? toJoinColumns(joinTable.inverseJoinColumns) : undefined,
        synchronize: joinTable.synchronize !== false,
        unknown: unknownOption(joinTable as Options, 'name', 'schema', 'synchronize'),
      });
    }
  }
  const listsUnknown = unknownOption(options, 'indices', 'uniques', 'checks', 'exclusions', 'foreignKeys');
  if (listsUnknown) storage.unknowns.push({ target, affects: 'constraints', fact: listsUnknown });
  for (const raw of Array.isArray(options.indices) ? options.indices : []) {
    if (!isPlainObject(raw)) continue;
    storage.indices.push({
      target,
      name: typeof raw.name === 'string' ? raw.name : undefined,
      columns: strings(raw.columns),
      unique: raw.unique === true,
      spatial: raw.spatial === true,
      fulltext: raw.fulltext === true,
      where: typeof raw.where === 'string' ? raw.where : undefined,
      type: typeof raw.type === 'string' ? raw.type : undefined,
      synchronize: raw.synchronize !== false,
      span,
    });
  }
  for (const raw of Array.isArray(options.uniques) ? options.uniques : []) {
    if (!isPlainObject(raw) || !Array.isArray(raw.columns)) continue;
    storage.uniques.push({ target, name: typeof raw.name === 'string' ? raw.name : undefined, columns: strings(raw.columns)!, span });
  }
  for (const [key, list] of [['checks', storage.checks], ['exclusions', storage.exclusions]] as const) {
    for (const raw of Array.isArray(options[key]) ? (options[key] as unknown[]) : []) {
      if (!isPlainObject(raw) || typeof raw.expression !== 'string') continue;
      list.push({ target, name: typeof raw.name === 'string' ? raw.name : undefined, expression: raw.expression, span });
    }
  }
  for (const tree of Array.isArray(options.trees) ? options.trees : []) {
    if (isPlainObject(tree) && typeof tree.type === 'string') storage.trees.push({ target, type: tree.type, options: isPlainObject(tree.options) ? tree.options : undefined });
  }
  const embeddeds = (isPlainObject(options.embeddeds) ? options.embeddeds : {}) as Options;
  unknownMembers(embeddeds, 'columns');
  for (const [propertyName, raw] of Object.entries(embeddeds)) {
    const schema = isPlainObject(raw) ? raw.schema : undefined;
    const embeddedOptions = isSpecial(schema) && schema.kind === 'schema' ? knownValue(schema.options, span, facts) : undefined;
    if (!isPlainObject(embeddedOptions) || depth >= 8) {
      const fact = (isPlainObject(raw) && unknownOption(raw as Options, 'schema')) || {
        reason: `the embedded schema of ${propertyName} cannot be resolved statically`,
        cause: `embedded:${span.file}:${span.startOffset}:${propertyName}`,
        span,
      };
      storage.unknowns.push({ target, propertyName, affects: 'columns', fact });
      continue;
    }
    const embeddedTarget = `${target}>${propertyName}`;
    const prefix = (raw as Options).prefix;
    storage.embeddeds.push({ target, propertyName, type: embeddedTarget, prefix: typeof prefix === 'string' || typeof prefix === 'boolean' ? prefix : undefined, span });
    registerSchemaMembers(collector, facts, embeddedOptions as Options, embeddedTarget, span, depth + 1);
  }
}

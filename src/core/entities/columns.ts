// Column metadata from a column's args (ColumnMetadata's constructor and the builder's defaults per
// column kind), and its SchemaModel column.
import type { TypeormType } from '../dialect';
import type { Certainty, Column, ColumnFact, QualifiedName, ReadProblem, SourceSpan, UnknownFact } from '../model/schema';
import { UNKNOWN_OPTIONS, unknownOption, type ColumnArgs, type Options } from './args';
import type { BuildContext, ColumnMeta } from './metadata';
import { isSpecial } from './static-values';

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The options each fact of a column is made from. */
const FACT_OPTIONS: Record<Exclude<ColumnFact, 'exists'>, string[]> = {
  type: ['type', 'length', 'precision', 'scale', 'array', 'enumName', 'spatialFeatureType', 'srid', 'hstoreType'],
  nullable: ['nullable'],
  default: ['default', 'generated', 'generatedType', 'asExpression', 'generatedIdentity'],
};

/**
 * Which facts of a column were not simply read: unknown where an option they are made from could not
 * be read; inferred where TypeORM's default made them (the type from design:type) or a declared
 * alias did. A type the mode fixes (version, tree level) is read whatever the options say.
 */
function certaintyOf(args: ColumnArgs, o: Options, fixedType: boolean): Partial<Record<ColumnFact, Certainty>> | undefined {
  const certainty: Partial<Record<ColumnFact, Certainty>> = {};
  for (const fact of ['type', 'nullable', 'default'] as const) {
    if (fact === 'type' && fixedType) continue;
    // `default: null` makes a column nullable unless `nullable` says otherwise.
    const unknown = unknownOption(o, ...FACT_OPTIONS[fact]) ?? (fact === 'nullable' && typeof o.nullable !== 'boolean' ? unknownOption(o, 'default') : undefined);
    if (unknown) certainty[fact] = { kind: 'unknown', ...listedOnlyIfAlone(o, fact, unknown) };
    else if (args.inferredBy) certainty[fact] = { kind: 'inferred', rule: args.inferredBy };
    else if (fact === 'type' && args.typeFromDesignType) certainty[fact] = { kind: 'inferred', rule: 'design:type' };
  }
  if (args.existsUnknown) certainty.exists = { kind: 'unknown', ...args.existsUnknown };
  return Object.keys(certainty).length > 0 ? certainty : undefined;
}

/**
 * An unknown fact keeps the values it may be only when they are those of the one option it is made
 * of that could not be read: a listed `type` beside an unread `length` says nothing of the type.
 */
function listedOnlyIfAlone(o: Options, fact: Exclude<ColumnFact, 'exists'>, unknown: UnknownFact): UnknownFact {
  if (!unknown.oneOf) return unknown;
  const unread = o[UNKNOWN_OPTIONS];
  if (fact === 'type' && unread?.type === unknown && FACT_OPTIONS.type.every((key) => key === 'type' || !unread[key])) return unknown;
  const { oneOf: _dropped, ...rest } = unknown;
  return rest;
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

export function columnFromArgs(context: BuildContext, args: ColumnArgs, prefixes: string[], pathPrefix: string): ColumnMeta {
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
  const certainty = certaintyOf(args, o, mode === 'treeLevel' || mode === 'version');
  if (certainty) column.certainty = certainty;
  const nameUnknown = unknownOption(o, 'name');
  if (nameUnknown) column.nameUnknown = nameUnknown;
  const primaryUnknown = unknownOption(o, 'primary');
  if (primaryUnknown) column.primaryUnknown = primaryUnknown;
  const enumUnknown = unknownOption(o, 'enum');
  if (enumUnknown) column.enumUnknown = enumUnknown;
  if (args.typeProblem) column.typeProblem = args.typeProblem;
  return column;
}

/** The model column for a column's metadata, converted once per metadata object. */
export function toColumn(context: BuildContext, column: ColumnMeta, tableName: string, schema: string): Column {
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

/** The column's TypeORM type as the dialect's driver takes it: a name, a design type, or none. */
export function typeormType(type: unknown): TypeormType {
  if (typeof type === 'string') return type;
  return isSpecial(type) && type.kind === 'builtin' ? { designType: type.name } : undefined;
}

/**
 * The SQL of a column's default as TypeORM writes it: a value, `{ sql }`, or a function returning
 * SQL; unknown (never absent) when that function cannot be run statically.
 */
function defaultSql(context: BuildContext, column: ColumnMeta): string | UnknownFact | undefined {
  const value = column.default;
  const { typeorm } = context.dialect;
  if (typeof value === 'object' && value !== null && 'sql' in value) return String((value as { sql: unknown }).sql);
  if (isSpecial(value) && value.kind === 'fn') {
    const result = context.evaluator.call(value, []);
    if (typeof result === 'string') return typeorm.defaultFunction(result, context.version);
    return {
      reason: `the default of ${column.propertyPath} is a function whose SQL cannot be read statically`,
      cause: `default:${column.span.file}:${column.span.startOffset}`,
      hint: 'Write the SQL the function returns as a literal, e.g. default: () => \'now()\'.',
      span: column.span,
    };
  }
  if (isSpecial(value)) {
    // Never print an evaluator value (a class, an import from outside the workspace): unknown.
    return { reason: `the default of ${column.propertyPath} cannot be read statically`, cause: `default:${column.span.file}:${column.span.startOffset}`, span: column.span };
  }
  return typeorm.defaultLiteral(value, { type: typeormType(column.type), isArray: column.isArray }, context.version);
}

const PER_ROW: Record<string, string> = { now: 'now()', today: 'CURRENT_DATE', tomorrow: 'CURRENT_DATE + 1', yesterday: 'CURRENT_DATE - 1' };

/**
 * A string default the database turns into the time the table was made (`default: 'now()'`): the
 * database's default is that fixed time, unknown here. Most likely meant as SQL, per row.
 */
function fixedDefault(column: ColumnMeta, text: string): UnknownFact {
  return {
    reason: `a string default '${text}' is turned by PostgreSQL into the time the column was created (a fixed value, not the time of each insert)`,
    cause: `default-fixed:${text.toLowerCase().replace(/\s/g, '')}`,
    hint: `For the time of each insert write the SQL as a function, default: () => '${PER_ROW[text.toLowerCase().replace(/[\s()]/g, '')] ?? 'now()'}' (and a migration that sets it in the database).`,
    span: column.span,
  };
}

/** The column's type in the model's spelling, had its TypeORM type been `type`. */
function spelledType(context: BuildContext, column: ColumnMeta, type: TypeormType, tableName: string, schema: string): { type: string; enumType?: QualifiedName } {
  return context.dialect.typeorm.columnType(
    {
      type,
      databaseName: column.databaseName,
      length: column.length,
      precision: column.precision,
      scale: column.scale,
      isArray: column.isArray,
      enumName: column.enumName,
      spatialFeatureType: column.spatialFeatureType,
      srid: column.srid,
    },
    tableName,
    schema,
  );
}

/**
 * A type that is one of a few TypeORM types: the same in the model's spelling, so the diff can say
 * when the database has none of them. Enum types are named per column and table: not listed.
 */
function spelledAlternatives(context: BuildContext, column: ColumnMeta, tableName: string, schema: string): ColumnMeta['certainty'] {
  const certainty = column.certainty;
  const fact = certainty?.type;
  if (fact?.kind !== 'unknown' || !fact.oneOf) return certainty;
  const { oneOf, ...unlisted } = fact;
  const spelled = oneOf.map((type) => (typeof type === 'string' ? spelledType(context, column, type, tableName, schema) : undefined));
  const listed = spelled.every((s) => s !== undefined && !s.enumType) ? { oneOf: [...new Set(spelled.map((s) => s!.type))] } : {};
  return { ...certainty, type: { ...unlisted, ...listed } };
}

function convertColumn(context: BuildContext, column: ColumnMeta, tableName: string, schema: string): Column {
  const { type, enumType } = spelledType(context, column, typeormType(column.type), tableName, schema);
  const result: Column = { name: column.databaseName, type, nullable: column.primary ? false : column.nullable };
  if (column.generation === 'increment') result.generated = { kind: 'increment' };
  else if (column.generation === 'identity') result.generated = { kind: 'identity', always: column.generatedIdentity === 'ALWAYS' };
  else if (column.generatedType === 'STORED' && column.asExpression) result.generated = { kind: 'stored', expression: column.asExpression };
  if (!result.generated || result.generated.kind === 'stored') {
    let sql = defaultSql(context, column);
    // uuid_generate_v4() or gen_random_uuid(): the DataSource's uuidExtension decides; unknown when it could not be read.
    if (sql === undefined && column.generation === 'uuid') sql = context.uuidDefaultUnknown ?? context.uuidDefault;
    if (typeof sql === 'object') column = { ...column, certainty: { ...column.certainty, default: { kind: 'unknown', ...sql } } };
    else if (sql !== undefined && !(result.generated?.kind === 'stored')) {
      const fixed = context.dialect.spelling.fixedAtCreation(sql, { type, enumType });
      if (fixed === undefined) result.default = context.dialect.spelling.storedDefault(sql, { type, enumType });
      else column = { ...column, certainty: { ...column.certainty, default: { kind: 'unknown', ...fixedDefault(column, fixed) } } };
    }
  }
  if (enumType) {
    result.enumType = enumType;
    context.cache.enumValues.set(result, { values: column.enumValues ?? [], ...(column.enumUnknown ? { unknown: column.enumUnknown } : {}) });
  }
  if (column.comment) result.comment = column.comment;
  if (column.certainty) result.certainty = spelledAlternatives(context, column, tableName, schema);
  result.property = column.propertyPath;
  result.span = column.span;
  return result;
}


export function copyColumn(referenced: ColumnMeta, name: string, span: SourceSpan, withEnum: boolean): ColumnMeta {
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
    ...(referenced.certainty?.type ? { certainty: { type: referenced.certainty.type } } : {}),
  };
}


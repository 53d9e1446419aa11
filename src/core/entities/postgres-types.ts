// TypeORM's PostgresDriver, reproduced: how a column's TypeORM type, length and default become the
// type and default PostgreSQL stores (normalizeType, createFullType, normalizeDefault), spelt as
// format_type() and pg_get_expr() print them.
import { canonicalType } from '../model/normalise';
import type { BuildContext, ColumnMeta, TypeormMajor } from './metadata';
import { isSpecial } from './static-values';
import { notInWorkspace } from '../workspace';

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


/** createFullType + format_type: the column's type as PostgreSQL prints it. */
export function columnType(column: ColumnMeta, tableName: string, schema: string): { type: string; enumType?: { schema: string; name: string } } {
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

export function defaultSql(context: BuildContext, column: ColumnMeta): string | undefined {
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
  if (isSpecial(value)) {
    // Never print an evaluator value: an import from outside the workspace, a class, a call...
    context.problems.push({ severity: 'warning', message: `The default of ${column.propertyPath} cannot be read statically${value.kind === 'external' ? `: ${notInWorkspace(value.name, value.module)}` : value.kind === 'unresolved' ? `: ${value.reason}` : ''}.`, span: column.span });
    return undefined;
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


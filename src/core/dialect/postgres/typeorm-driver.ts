// TypeORM's PostgresDriver, reproduced: how a column's TypeORM type, length and default become the
// type and default PostgreSQL stores (normalizeType, createFullType, normalizeDefault), spelt as
// format_type() and pg_get_expr() print them. The entity reader asks this through the dialect.
import type { QualifiedName } from '../../model/schema';
import type { TypeormColumn, TypeormMajor, TypeormType } from '../dialect';
import { canonicalType } from './spelling/types';

/** PostgresDriver.normalizeType. */
export function normalizeType(type: TypeormType): string | undefined {
  if (typeof type === 'object') {
    switch (type.designType) {
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
  if (type === undefined) return undefined;
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
export function defaultFunction(value: string, version: TypeormMajor): string {
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
export function columnType(column: TypeormColumn, tableName: string, schema: string): { type: string; enumType?: QualifiedName } {
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

/** A default given as a value (not as a function returning SQL): the SQL TypeORM writes for it. */
export function defaultLiteral(value: unknown, column: Pick<TypeormColumn, 'type' | 'isArray'>, version: TypeormMajor): string | undefined {
  if (value === null || value === undefined) return undefined;
  // TypeORM pastes the value between quotes as it is: a quote in it breaks the statement (or ends the
  // literal early and runs what follows). The database stores it doubled, as written here.
  const quoted = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  if (column.isArray && Array.isArray(value)) return quoted(`{${value.map((v) => String(v)).join(',')}}`);
  if (normalizeType(column.type) === 'enum' || typeof value === 'number' || typeof value === 'string') return quoted(String(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') {
    const json = JSON.stringify(value);
    return `'${version === '1' ? json.replace(/'/g, "''") : json}'`;
  }
  return String(value);
}

/** The default of a generated uuid column: what the DataSource's uuidExtension provides. */
export function uuidDefault(uuidExtension: string | undefined): string {
  return uuidExtension === 'pgcrypto' ? 'gen_random_uuid()' : 'uuid_generate_v4()';
}

// The SQL TypeORM's PostgresQueryRunner issues for its schema API (createTable, addColumn,
// createIndex, createForeignKey, ...), reproduced from its source (typeorm 1.1.x and 0.3.x:
// createTableSql, buildCreateColumnSql, createIndexSql, dropIndexSql, createForeignKeySql, ...) so the
// migration lint can judge a migration written with the API like one written in SQL. Only what the
// arguments decide: a call whose SQL depends on the table as the database has it (dropPrimaryKey,
// changeColumn given a column name) is not readable statically, and says so.
import type { QueryRunnerCall } from '../dialect';
import { uuidDefault } from './typeorm-driver';

type Options = Record<string, unknown>;

/** `new TableColumn({...})` (or a plain object where TypeORM accepts one): its options. */
function optionsOf(value: unknown): Options | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Options;
    if (typeof record.$new === 'string') {
      const [first] = (record.args as unknown[] | undefined) ?? [];
      return first && typeof first === 'object' && !Array.isArray(first) ? (first as Options) : {};
    }
    return record;
  }
  return undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** TypeORM's escapePath: `"schema"."table"` when the name has a schema, else `"table"`. */
function escapePath(name: string): string {
  const dot = name.indexOf('.');
  return dot > 0 ? `${quote(name.slice(0, dot))}.${quote(name.slice(dot + 1))}` : quote(name);
}

function tableName(value: unknown): string | undefined {
  return str(value) ?? str(optionsOf(value)?.name);
}

/** PostgresDriver.createFullType, for the options a migration writes. */
function fullType(column: Options): string {
  let type = str(column.type) ?? 'character varying';
  if (column.length !== undefined && column.length !== '') type += `(${String(column.length)})`;
  else if (typeof column.precision === 'number') type += column.scale !== undefined ? `(${column.precision},${String(column.scale)})` : `(${column.precision})`;
  if (column.isArray === true) type += ' array';
  return type;
}

/** buildCreateColumnSql. */
function columnSql(table: string, column: Options): string {
  const name = str(column.name) ?? '';
  let sql = quote(name);
  const type = str(column.type) ?? '';
  const generated = column.isGenerated === true && column.generationStrategy !== 'uuid';
  if (generated) {
    if (column.generationStrategy === 'identity') sql += ` ${type} GENERATED ${str(column.generatedIdentity) ?? 'BY DEFAULT'} AS IDENTITY`;
    else if (['integer', 'int', 'int4'].includes(type)) sql += ' SERIAL';
    else if (['smallint', 'int2'].includes(type)) sql += ' SMALLSERIAL';
    else if (['bigint', 'int8'].includes(type)) sql += ' BIGSERIAL';
  }
  if (type === 'enum' || type === 'simple-enum') {
    sql += ` ${quote(str(column.enumName) ?? `${table.split('.').pop()}_${name}_enum`)}${column.isArray === true ? ' array' : ''}`;
  } else if (!generated || type === 'uuid') sql += ` ${fullType(column)}`;
  if (column.generatedType === 'STORED' && typeof column.asExpression === 'string') sql += ` GENERATED ALWAYS AS (${column.asExpression}) STORED`;
  if (typeof column.collation === 'string') sql += ` COLLATE ${quote(column.collation)}`;
  if (column.isNullable !== true) sql += ' NOT NULL';
  if (column.default !== undefined && column.default !== null) sql += ` DEFAULT ${String(column.default)}`;
  if (column.isGenerated === true && column.generationStrategy === 'uuid' && !column.default) sql += ` DEFAULT ${uuidDefault(undefined)}`;
  return sql;
}

const columnList = (names: string[], separator = ', '): string => names.map(quote).join(separator);

function indexName(table: string, index: Options): string {
  return str(index.name) ?? `IDX_${table.replace(/\W/g, '_')}_${strings(index.columnNames).join('_')}`;
}

/** createIndexSql. */
function createIndexSql(table: string, index: Options): string {
  const using = typeof index.isSpatial === 'boolean' && index.isSpatial ? 'USING GiST ' : '';
  const where = typeof index.where === 'string' && index.where ? ` WHERE ${index.where}` : '';
  return `CREATE ${index.isUnique === true ? 'UNIQUE ' : ''}INDEX${index.isConcurrent === true ? ' CONCURRENTLY' : ''} ${quote(indexName(table, index))} ON ${escapePath(table)} ${using}(${columnList(strings(index.columnNames))})${where}`;
}

/** dropIndexSql. */
function dropIndexSql(table: string, index: unknown, ifExists: boolean): string | undefined {
  const options = typeof index === 'string' ? { name: index } : optionsOf(index);
  const name = str(options?.name);
  if (!name) return undefined;
  const schema = table.includes('.') ? `${quote(table.slice(0, table.indexOf('.')))}.` : '';
  return `DROP INDEX ${options?.isConcurrent === true ? 'CONCURRENTLY ' : ''}${ifExists ? 'IF EXISTS ' : ''}${schema}${quote(name)}`;
}

/** createForeignKeySql. */
function foreignKeySql(table: string, key: Options): string | undefined {
  const referenced = str(key.referencedTableName);
  if (!referenced) return undefined;
  let sql = `ALTER TABLE ${escapePath(table)} ADD CONSTRAINT ${quote(str(key.name) ?? `FK_${table}_${strings(key.columnNames).join('_')}`)} FOREIGN KEY (${columnList(strings(key.columnNames))}) REFERENCES ${escapePath(referenced)}(${columnList(strings(key.referencedColumnNames), ',')})`;
  if (typeof key.onDelete === 'string') sql += ` ON DELETE ${key.onDelete}`;
  if (typeof key.onUpdate === 'string') sql += ` ON UPDATE ${key.onUpdate}`;
  if (typeof key.deferrable === 'string') sql += ` DEFERRABLE ${key.deferrable}`;
  return sql;
}

function uniqueSql(table: string, unique: Options): string {
  return `ALTER TABLE ${escapePath(table)} ADD CONSTRAINT ${quote(str(unique.name) ?? `UQ_${table}_${strings(unique.columnNames).join('_')}`)} UNIQUE (${columnList(strings(unique.columnNames))})`;
}

/** createTableSql, then its indices (createTable's defaults: foreign keys inline, indices after). */
function createTableSql(table: Options, ifNotExists: boolean, createForeignKeys: boolean, createIndices: boolean): string[] {
  const name = str(table.name) ?? '';
  const columns = (Array.isArray(table.columns) ? table.columns : []).map(optionsOf).filter((column): column is Options => column !== undefined);
  const parts = columns.map((column) => columnSql(name, column));
  const uniques = (Array.isArray(table.uniques) ? table.uniques : []).map(optionsOf).filter((unique): unique is Options => unique !== undefined);
  for (const column of columns.filter((column) => column.isUnique === true)) {
    if (!uniques.some((unique) => strings(unique.columnNames).length === 1 && strings(unique.columnNames)[0] === column.name)) uniques.push({ columnNames: [column.name] });
  }
  for (const unique of uniques) parts.push(`CONSTRAINT ${quote(str(unique.name) ?? `UQ_${name}_${strings(unique.columnNames).join('_')}`)} UNIQUE (${columnList(strings(unique.columnNames))})`);
  for (const check of (Array.isArray(table.checks) ? table.checks : []).map(optionsOf)) {
    if (check && typeof check.expression === 'string') parts.push(`CONSTRAINT ${quote(str(check.name) ?? `CHK_${name}`)} CHECK (${check.expression})`);
  }
  if (createForeignKeys) {
    for (const key of (Array.isArray(table.foreignKeys) ? table.foreignKeys : []).map(optionsOf)) {
      const referenced = key && str(key.referencedTableName);
      if (!key || !referenced) continue;
      let constraint = `CONSTRAINT ${quote(str(key.name) ?? `FK_${name}_${strings(key.columnNames).join('_')}`)} FOREIGN KEY (${columnList(strings(key.columnNames))}) REFERENCES ${escapePath(referenced)} (${columnList(strings(key.referencedColumnNames))})`;
      if (typeof key.onDelete === 'string') constraint += ` ON DELETE ${key.onDelete}`;
      if (typeof key.onUpdate === 'string') constraint += ` ON UPDATE ${key.onUpdate}`;
      parts.push(constraint);
    }
  }
  const primary = columns.filter((column) => column.isPrimary === true);
  if (primary.length) parts.push(`CONSTRAINT ${quote(str(primary[0]!.primaryKeyConstraintName) ?? `PK_${name}`)} PRIMARY KEY (${columnList(primary.map((column) => str(column.name) ?? ''))})`);
  // TypeORM checks hasTable() instead of writing IF NOT EXISTS: the same effect on a re-run.
  const statements = [`CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${escapePath(name)} (${parts.join(', ')})`];
  if (createIndices) {
    for (const index of (Array.isArray(table.indices) ? table.indices : []).map(optionsOf)) if (index) statements.push(createIndexSql(name, index));
  }
  return statements;
}

/** changeColumn with both columns given: what it emits for the differences the lint judges. */
function changeColumnSql(table: string, from: Options, to: Options): string[] {
  const path = escapePath(table);
  const oldName = str(from.name) ?? '';
  const newName = str(to.name) ?? oldName;
  if (fullType(from) !== fullType(to) || from.isArray !== to.isArray || from.isGenerated !== to.isGenerated) {
    // TypeORM drops the column and adds it again: every value is lost.
    return [`ALTER TABLE ${path} DROP COLUMN ${quote(oldName)}`, `ALTER TABLE ${path} ADD ${columnSql(table, to)}`];
  }
  const sql: string[] = [];
  if (newName !== oldName) sql.push(`ALTER TABLE ${path} RENAME COLUMN ${quote(oldName)} TO ${quote(newName)}`);
  const column = `ALTER TABLE ${path} ALTER COLUMN ${quote(newName)}`;
  if (from.default !== to.default) sql.push(to.default === undefined || to.default === null ? `${column} DROP DEFAULT` : `${column} SET DEFAULT ${String(to.default)}`);
  if ((from.isNullable === true) !== (to.isNullable === true)) sql.push(`${column} ${to.isNullable === true ? 'DROP' : 'SET'} NOT NULL`);
  if (to.isUnique === true && from.isUnique !== true) sql.push(uniqueSql(table, { columnNames: [newName] }));
  return sql;
}

const NEEDS_DATABASE = 'its SQL depends on the table as the database has it (TypeORM reads it first)';

/** Calls that send nothing to the database the lint judges (reads, transaction bookkeeping). */
const NO_SQL = new Set([
  'hasTable', 'hasColumn', 'hasSchema', 'hasDatabase', 'getTable', 'getTables', 'getView', 'getViews', 'getCurrentSchema', 'getCurrentDatabase',
  'getDatabases', 'getSchemas', 'release', 'clearSqlMemory', 'enableSqlMemory', 'disableSqlMemory', 'getMemorySql', 'loadedTables',
  // Inside the migration's transaction TypeORM turns these into savepoints.
  'startTransaction', 'commitTransaction', 'rollbackTransaction',
]);

/**
 * The SQL a QueryRunner call issues on PostgreSQL, from its (folded) arguments: `{ sql }`, or
 * `{ reason }` when the arguments alone do not decide it.
 */
export function queryRunnerSql(call: QueryRunnerCall): { sql: string[] } | { reason: string } {
  const { method, args } = call;
  if (NO_SQL.has(method)) return { sql: [] };
  const table = tableName(args[0]);
  const flag = (index: number, fallback: boolean): boolean => (typeof args[index] === 'boolean' ? (args[index] as boolean) : fallback);
  const each = (list: unknown, map: (options: Options) => string | undefined): { sql: string[] } | { reason: string } => {
    const sql: string[] = [];
    for (const item of Array.isArray(list) ? list : [list]) {
      const options = optionsOf(item);
      const one = options ? map(options) : undefined;
      if (one === undefined) return { reason: `an argument of ${method}() is not a literal TypeORM object` };
      sql.push(one);
    }
    return { sql };
  };
  switch (method) {
    case 'createTable': {
      const options = optionsOf(args[0]);
      return options && str(options.name) ? { sql: createTableSql(options, flag(1, false), flag(2, true), flag(3, true)) } : { reason: 'the table is not a literal new Table({...})' };
    }
    case 'dropTable':
      return table ? { sql: [`DROP TABLE ${flag(1, false) ? 'IF EXISTS ' : ''}${escapePath(table)}`] } : { reason: 'the table name is not static' };
    case 'renameTable':
      return table && typeof args[1] === 'string' ? { sql: [`ALTER TABLE ${escapePath(table)} RENAME TO ${quote(args[1])}`] } : { reason: 'the table names are not static' };
    case 'createSchema':
      return typeof args[0] === 'string' ? { sql: [`CREATE SCHEMA ${flag(1, false) ? 'IF NOT EXISTS ' : ''}${quote(args[0])}`] } : { reason: 'the schema name is not static' };
    case 'dropSchema':
      return typeof args[0] === 'string' ? { sql: [`DROP SCHEMA ${flag(1, false) ? 'IF EXISTS ' : ''}${quote(args[0])}${flag(2, false) ? ' CASCADE' : ''}`] } : { reason: 'the schema name is not static' };
    case 'clearTable':
      return table ? { sql: [`TRUNCATE TABLE ${escapePath(table)}`] } : { reason: 'the table name is not static' };
  }
  if (!table) return { reason: `the table of ${method}() is not static` };
  const path = escapePath(table);
  switch (method) {
    case 'addColumn':
    case 'addColumns':
      return each(args[1], (column) => {
        const sql = `ALTER TABLE ${path} ADD ${columnSql(table, column)}`;
        return column.isUnique === true ? `${sql}; ${uniqueSql(table, { columnNames: [str(column.name) ?? ''] })}` : sql;
      });
    case 'dropColumn':
    case 'dropColumns':
      // With ifExists TypeORM skips a missing column: the same effect as IF EXISTS.
      return each((Array.isArray(args[1]) ? args[1] : [args[1]]).map((column) => (typeof column === 'string' ? { name: column } : column)), (column) => (str(column.name) ? `ALTER TABLE ${path} DROP COLUMN ${flag(2, false) ? 'IF EXISTS ' : ''}${quote(str(column.name)!)}` : undefined));
    case 'renameColumn': {
      const from = typeof args[1] === 'string' ? args[1] : str(optionsOf(args[1])?.name);
      const to = typeof args[2] === 'string' ? args[2] : str(optionsOf(args[2])?.name);
      return from && to ? { sql: [`ALTER TABLE ${path} RENAME COLUMN ${quote(from)} TO ${quote(to)}`] } : { reason: 'the column names are not static' };
    }
    case 'changeColumn': {
      const from = optionsOf(args[1]);
      const to = optionsOf(args[2]);
      return from && to && typeof args[1] !== 'string' ? { sql: changeColumnSql(table, from, to) } : { reason: `the old column is given by name: ${NEEDS_DATABASE}` };
    }
    case 'createIndex':
    case 'createIndices':
      return each(args[1], (index) => createIndexSql(table, index));
    case 'dropIndex':
    case 'dropIndices': {
      const sql = (Array.isArray(args[1]) ? args[1] : [args[1]]).map((index) => dropIndexSql(table, index, flag(2, false)));
      return sql.every((one): one is string => one !== undefined) ? { sql } : { reason: 'the index is not static' };
    }
    case 'createForeignKey':
    case 'createForeignKeys':
      return each(args[1], (key) => foreignKeySql(table, key));
    case 'createUniqueConstraint':
    case 'createUniqueConstraints':
      return each(args[1], (unique) => uniqueSql(table, unique));
    case 'createCheckConstraint':
    case 'createCheckConstraints':
      return each(args[1], (check) => (typeof check.expression === 'string' ? `ALTER TABLE ${path} ADD CONSTRAINT ${quote(str(check.name) ?? `CHK_${table}`)} CHECK (${check.expression})` : undefined));
    case 'createExclusionConstraint':
    case 'createExclusionConstraints':
      return each(args[1], (exclusion) => (typeof exclusion.expression === 'string' ? `ALTER TABLE ${path} ADD CONSTRAINT ${quote(str(exclusion.name) ?? `XCL_${table}`)} EXCLUDE ${exclusion.expression}` : undefined));
    case 'createPrimaryKey':
      return strings(args[1]).length ? { sql: [`ALTER TABLE ${path} ADD CONSTRAINT ${quote(str(args[2]) ?? `PK_${table}`)} PRIMARY KEY (${columnList(strings(args[1]))})`] } : { reason: 'the columns are not static' };
    case 'dropForeignKey':
    case 'dropUniqueConstraint':
    case 'dropCheckConstraint':
    case 'dropExclusionConstraint': {
      const name = typeof args[1] === 'string' ? args[1] : str(optionsOf(args[1])?.name);
      return name ? { sql: [`ALTER TABLE ${path} DROP CONSTRAINT ${flag(2, false) ? 'IF EXISTS ' : ''}${quote(name)}`] } : { reason: `the constraint has no static name: ${NEEDS_DATABASE}` };
    }
    default:
      return { reason: `queryRunner.${method}() is not one the lint reproduces (${NEEDS_DATABASE}, or it is not schema API)` };
  }
}

// The dialect seam: everything that depends on which database the project uses, behind one
// interface. PostgreSQL is the one implementation (./postgres); a second (MySQL, MariaDB) is a
// second object of this shape, and the diff and the rules, which only ever see this interface
// (passed to them, never imported), stay as they are.
import type { ConnectionSettings } from '../config/types';
import type { HealthReadOptions, HealthReadResult } from './health';
import type { CheckConstraint, Column, ForeignKey, Index, PrimaryKey, QualifiedName, ReadProblem, SchemaModel, Table, UniqueConstraint } from '../model/schema';

/** The column a default is for: what storedDefault() needs to re-print it as the database stores it. */
export interface DefaultContext {
  /** Canonical column type (format_type), e.g. `character varying(20)`, `text[]`, `post_status`. */
  type: string;
  /** Set for enum columns: the qualified enum type. */
  enumType?: { schema: string; name: string };
}

/**
 * How the database spells types, defaults and expressions. Both readers normalise with it on the
 * way in; the diff compares with it (two texts that this database stores alike are the same).
 */
export interface Spelling {
  /** A type as the catalog prints it (`varchar(255)` -> `character varying(255)` in PostgreSQL). */
  canonicalType(type: string): string;
  /** The type without its length, precision or scale. */
  typeWithoutModifier(type: string): string;
  /** Canonical text for comparing expressions loosely (checks, predicates, defaults, generated columns). */
  normaliseExpression(expression: string): string;
  /** A default as TypeORM writes it, re-printed the way the database stores it for that column type. */
  storedDefault(sql: string, context: DefaultContext): string;
  /**
   * A default the database evaluates once, when the DDL runs, into a constant the source cannot
   * know (PostgreSQL's `'now'` as a timestamp literal): the input text, else undefined.
   */
  fixedAtCreation(sql: string, context: DefaultContext): string | undefined;
  /** An identifier as the database prints it: bare when it can be, quoted otherwise. */
  quoteIdentifier(name: string): string;
  /** An identifier as the database stores it (PostgreSQL cuts names to 63 bytes). */
  storedIdentifier(name: string): string;
  /** A string literal. */
  quoteLiteral(text: string): string;
}

/**
 * The SQL statements of fixes (migration up and down). Each returns complete statements, in the
 * order they run; names are given by the caller (TypeORM's names, src/core/model/names.ts).
 */
export interface Ddl {
  /** CREATE TABLE with its columns, primary key, uniques and checks; its foreign keys and indexes follow. */
  createTableSql(table: Table): string[];
  dropTableSql(table: QualifiedName): string;
  addColumnSql(table: QualifiedName, column: Column): string;
  dropColumnSql(table: QualifiedName, column: string): string;
  renameColumnSql(table: QualifiedName, from: string, to: string): string;
  setNullableSql(table: QualifiedName, column: string, nullable: boolean): string;
  /** `undefined` drops the default. */
  setDefaultSql(table: QualifiedName, column: string, expression: string | undefined): string;
  /** Converts the column from one type to the other in place, keeping its values (never drop and add). */
  changeTypeSql(table: QualifiedName, from: Column, to: Column): string[];
  addPrimaryKeySql(table: QualifiedName, key: PrimaryKey, name: string): string;
  addUniqueSql(table: QualifiedName, unique: UniqueConstraint, name: string): string;
  addCheckSql(table: QualifiedName, check: CheckConstraint, name: string): string;
  addForeignKeySql(table: QualifiedName, key: ForeignKey, name: string): string;
  dropConstraintSql(table: QualifiedName, name: string): string;
  /** Checks the existing rows against a constraint added NOT VALID. */
  validateConstraintSql(table: QualifiedName, name: string): string;
  /** `concurrently`: built without blocking writes (outside a transaction only). */
  createIndexSql(table: QualifiedName, index: Index, name: string, options?: { concurrently?: boolean }): string;
  dropIndexSql(schema: string, name: string, options?: { concurrently?: boolean }): string;
  /** Rebuilds an index (e.g. one left invalid). */
  rebuildIndexSql(schema: string, name: string): string;
  /** Rebuilds an index without blocking writes; runs outside any transaction. */
  rebuildIndexConcurrentlySql(schema: string, name: string): string;
  /** Clears a table's dead rows and refreshes its statistics; runs outside any transaction. */
  vacuumAnalyzeSql(table: QualifiedName): string;
  /** Refreshes a table's statistics. */
  analyzeSql(table: QualifiedName): string;
  createEnumSql(type: QualifiedName, values: readonly string[]): string;
  dropEnumSql(type: QualifiedName): string;
  addEnumValueSql(type: QualifiedName, value: string): string;
  /** Replaces an enum type by one with `values`, converting every column of `model` that uses it. */
  recreateEnumSql(type: QualifiedName, values: readonly string[], model: SchemaModel | undefined): string[];
}

export type RiskKind =
  | 'drop-table'
  | 'drop-column'
  | 'type-change'
  | 'set-not-null'
  | 'add-unique'
  | 'truncate'
  | 'delete'
  | 'update'
  | 'drop-type'
  | 'cascade';

export interface RiskItem {
  kind: RiskKind;
  statement: string;
  table?: QualifiedName;
  column?: string;
  /** Columns of a unique constraint or index being added. */
  columns?: string[];
  /** Type changes: the type as written in the statement, and the column's type now (from the database). */
  toType?: string;
  fromType?: string;
  /** Rows whose data is lost (drop, truncate, type change) or that make the statement fail (not null, unique). */
  rowsAtStake?: number;
  /** One line a person understands. */
  detail: string;
}

export interface StatementsRisk {
  items: RiskItem[];
  /** Statements nothing here recognised as harmless or risky (DO blocks, functions, ...). */
  unrecognised: string[];
}

/**
 * What a column definition says, for the migration lint: its type's family (so a rule can say
 * "int where bigint belongs" without knowing how this database spells types) and its clauses.
 */
export type TypeFamily = 'int16' | 'int32' | 'int64' | 'bounded-text' | 'char' | 'text' | 'timestamp' | 'timestamptz' | 'other';

export interface ColumnDefinition {
  name: string;
  /** The type as written, e.g. `character varying(255)`, `serial`. */
  type: string;
  family: TypeFamily;
  /** A serial type (an integer column filled from a sequence it owns). */
  serial: boolean;
  identity: boolean;
  notNull: boolean;
  primaryKey: boolean;
  unique: boolean;
  /** A stored generated column (computed for every row when added). */
  generated: boolean;
  references?: QualifiedName;
  /** The DEFAULT: its text, and whether it is volatile (a value per row: the table is rewritten when the column is added). */
  default?: { text: string; volatile: boolean };
}

/**
 * One thing a statement does, in the database's terms but not its syntax: what the lint rules
 * judge. `lock` is the table lock the statement takes on `table` (PostgreSQL's names: ACCESS
 * EXCLUSIVE, SHARE, ...); `rewrites` says it rewrites or scans every row while holding it.
 */
export type SqlOperation = { lock?: string; scans?: boolean; rewrites?: boolean } & (
  /** `temporary`: a TEMP table, private to the session and gone with it. */
  | { kind: 'create-table'; table: QualifiedName; ifNotExists: boolean; temporary: boolean; columns: ColumnDefinition[] }
  | { kind: 'add-column'; table: QualifiedName; ifNotExists: boolean; column: ColumnDefinition }
  | { kind: 'drop-column'; table: QualifiedName; column: string; ifExists: boolean }
  | { kind: 'alter-column-type'; table: QualifiedName; column: string; type: string; family: TypeFamily; /** A USING expression converts the values (a rewrite). */ using: boolean }
  | { kind: 'set-not-null'; table: QualifiedName; column: string }
  | {
      kind: 'add-constraint';
      table: QualifiedName;
      constraint: 'foreign-key' | 'check' | 'unique' | 'primary-key' | 'exclusion' | 'other';
      name?: string;
      /** NOT VALID: existing rows are not checked now (VALIDATE CONSTRAINT later, with a weaker lock). */
      notValid: boolean;
      /** USING INDEX: the constraint takes over an index built beforehand. */
      usingIndex: boolean;
      references?: QualifiedName;
      /** CHECK (column IS NOT NULL): the column it proves not null. */
      notNullColumn?: string;
    }
  | { kind: 'validate-constraint'; table: QualifiedName; name: string }
  | { kind: 'drop-constraint'; table: QualifiedName; name: string; ifExists: boolean }
  | { kind: 'rename-column'; table: QualifiedName; column: string; to: string }
  | { kind: 'rename-table'; table: QualifiedName; to: string }
  | { kind: 'create-index'; table: QualifiedName; name?: string; unique: boolean; concurrently: boolean; ifNotExists: boolean }
  | { kind: 'drop-index'; names: QualifiedName[]; concurrently: boolean; ifExists: boolean }
  | { kind: 'drop-table'; tables: QualifiedName[]; ifExists: boolean }
  | { kind: 'drop-database'; name: string }
  /** DROP of anything else (TYPE, VIEW, SEQUENCE, ...): `object` names the kind. */
  | { kind: 'drop-other'; object: string; ifExists: boolean }
  | { kind: 'transaction'; action: 'begin' | 'commit' | 'rollback' | 'savepoint' | 'other' }
  | { kind: 'set-timeout'; setting: 'lock_timeout' | 'statement_timeout'; value: string }
  /** Anything else: `statement` names it (e.g. `InsertStmt`); `table` when it acts on one. */
  | { kind: 'other'; statement: string; table?: QualifiedName }
);

/** One statement of a SQL text: where it is in the text (offsets), and what it does. */
export interface DescribedStatement {
  text: string;
  start: number;
  end: number;
  operations: SqlOperation[];
}

export type SqlDescription =
  | { ok: true; statements: DescribedStatement[] }
  /** The text does not parse: the database's message and where (an offset into the text). */
  | { ok: false; message: string; offset?: number };

/** A table's size as the database estimates it (rows from the planner's statistics; -1 unknown). */
export interface TableSize {
  rows: number;
  bytes: number;
}

/**
 * Migration SQL as people and generators write it: what its statements put at risk, and the
 * column-losing DROP + ADD pairs (how TypeORM's migration:generate writes a type change).
 */
export interface MigrationSql<Client = unknown> {
  /** Loads the database's own SQL parser (WebAssembly, once); describe() needs it. */
  ready(): Promise<void>;
  /** Parses SQL with the database's own grammar and describes each statement; only after ready(). */
  describe(sql: string, defaultSchema: string): SqlDescription;
  /** The size of each of these tables that exists, keyed `schema.name`; read-only. */
  tableSizes(client: Client, tables: readonly QualifiedName[]): Promise<Map<string, TableSize>>;
  /** The risks of these statements, read from their text alone. */
  analyseStatements(statements: string[], defaultSchema: string): StatementsRisk;
  /** Fills each item's rowsAtStake from the database; an item whose table or column does not exist keeps none. */
  countRowsAtStake(client: Client, items: RiskItem[]): Promise<void>;
  /** `DROP COLUMN c` followed by `ADD c ...` on the same table: the column's values are lost. */
  findDropAndAdd(statements: string[]): Array<{ table: string; column: string }>;
  /** Rewrites such pairs into an in-place conversion that keeps the values. */
  avoidDropAndAdd(statements: string[]): string[];
  /** Whether changing a column's type `from` -> `to` (as describe() spells types) leaves every row as it is: no rewrite, no scan. */
  typeChangeKeepsRows(from: string, to: string): boolean;
}

export interface ConnectOptions {
  /** Bound on connecting and on each statement (milliseconds). */
  timeoutMs?: number;
}

export interface IntrospectOptions {
  /** Schemas to read; empty = every schema except pg_* and information_schema. */
  schemas: string[];
  /** Also list TypeORM's own tables (the migrations table and typeorm_metadata). */
  includeBookkeeping?: boolean;
  /** The DataSource's migrationsTableName; default 'migrations'. */
  migrationsTableName?: string;
  /** Read pg_stat_all_indexes.idx_scan into Index.scans. */
  statistics?: boolean;
}

export interface IntrospectResult {
  model: SchemaModel;
  problems: ReadProblem[];
  /** Round trips to the server, transaction control included. */
  queryCount: number;
}

/** Two spellings of one expression over the columns of a table. */
export interface ExpressionQuestion {
  schema: string;
  table: string;
  expressions: readonly [string, string];
}

/** A live database: read-only connections, and its catalog read into a SchemaModel. */
export interface Catalog<Client = unknown> {
  /**
   * Connects with every statement read-only and bounded in time. Throws DatabaseError (one line,
   * never the password) when the database refuses, does not exist, or does not answer in time.
   */
  connectReadOnly(connection: ConnectionSettings, options?: ConnectOptions): Promise<Client>;
  /** The schemas asked for, in one consistent snapshot. Throws DatabaseError when the connection fails. */
  introspect(client: Client, options: IntrospectOptions): Promise<IntrospectResult>;
  /**
   * For each question, whether the database parses both spellings to one expression (false when it
   * cannot parse one). Read-only; nothing is run. Throws DatabaseError when the connection fails.
   */
  sameExpressions(client: Client, questions: readonly ExpressionQuestion[]): Promise<boolean[]>;
  /**
   * The database's health facts (statistics, sizes, activity), one read-only query per part. A part
   * the server refuses is a problem, the rest is still read. Throws DatabaseError when the connection is lost.
   */
  readHealth(client: Client, options: HealthReadOptions): Promise<HealthReadResult>;
}

/** `Client` is the implementation's connection type (pg.Client for PostgreSQL). */
/** The TypeORM line whose mapping is reproduced: 0.2.x and 0.3.x map alike; 1.x differs in places. */
export type TypeormMajor = '0.3' | '1';

/** A column's TypeORM type: a type name (`'varchar'`), a TypeScript design type, or none. */
export type TypeormType = string | { designType: string } | undefined;

/**
 * A QueryRunner API call of a migration (`queryRunner.createIndex('post', new TableIndex({...}))`),
 * its arguments folded to plain values: literals, arrays, objects, and `new X(...)` as
 * `{ $new: 'X', args: [...] }`.
 */
export interface QueryRunnerCall {
  method: string;
  args: readonly unknown[];
}

/** What TypeORM's metadata says of a column's type, for the driver to spell. */
export interface TypeormColumn {
  type: TypeormType;
  databaseName: string;
  length?: string;
  precision?: number;
  scale?: number;
  isArray: boolean;
  enumName?: string;
  spatialFeatureType?: string;
  srid?: number;
}

/**
 * TypeORM's driver for this database, reproduced: how a column's metadata becomes the type and
 * default the database stores. The entity reader builds the model with it.
 */
export interface TypeormDriver {
  /** The driver's name for a TypeORM type or design type ('enum' for enums); undefined when none. */
  normalizeType(type: TypeormType): string | undefined;
  /** The column's type as the catalog prints it, and the enum type it names, if any. */
  columnType(column: TypeormColumn, tableName: string, schema: string): { type: string; enumType?: QualifiedName };
  /** A default given as a value: the SQL TypeORM writes for it. */
  defaultLiteral(value: unknown, column: Pick<TypeormColumn, 'type' | 'isArray'>, version: TypeormMajor): string | undefined;
  /** A default given as a function returning SQL: TypeORM's normalisation of date/time functions. */
  defaultFunction(sql: string, version: TypeormMajor): string;
  /** The default of a generated uuid column, by the DataSource's uuidExtension. */
  uuidDefault(uuidExtension: string | undefined): string;
  /** The SQL TypeORM's query runner issues for a schema API call, or why its arguments do not decide it. */
  queryRunnerSql(call: QueryRunnerCall): { sql: string[] } | { reason: string };
  /** The DataSource `type` values whose migrations run this database's SQL ('postgres', ...). */
  readonly dataSourceTypes: readonly string[];
}

export interface Dialect<Client = unknown> {
  /** e.g. 'postgres' */
  readonly name: string;
  readonly spelling: Spelling;
  readonly typeorm: TypeormDriver;
  readonly ddl: Ddl;
  readonly migrationSql: MigrationSql<Client>;
  readonly catalog: Catalog<Client>;
}

// The dialect seam: everything that depends on which database the project uses, behind one
// interface. PostgreSQL is the one implementation (./postgres); a second (MySQL, MariaDB) is a
// second object of this shape, and the diff and the rules, which only ever see this interface
// (passed to them, never imported), stay as they are.
import type { ConnectionSettings } from '../config/types';
import type { ReadProblem, SchemaModel } from '../model/schema';

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
  /** An identifier as the database prints it: bare when it can be, quoted otherwise. */
  quoteIdentifier(name: string): string;
  /** A string literal. */
  quoteLiteral(text: string): string;
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

/** A live database: read-only connections, and its catalog read into a SchemaModel. */
export interface Catalog<Client = unknown> {
  /**
   * Connects with every statement read-only and bounded in time. Throws DatabaseError (one line,
   * never the password) when the database refuses, does not exist, or does not answer in time.
   */
  connectReadOnly(connection: ConnectionSettings, options?: ConnectOptions): Promise<Client>;
  /** The schemas asked for, in one consistent snapshot. Throws DatabaseError when the connection fails. */
  introspect(client: Client, options: IntrospectOptions): Promise<IntrospectResult>;
}

/** `Client` is the implementation's connection type (pg.Client for PostgreSQL). */
export interface Dialect<Client = unknown> {
  /** e.g. 'postgres' */
  readonly name: string;
  readonly spelling: Spelling;
  readonly catalog: Catalog<Client>;
}

// The dialect seam: everything that depends on which database the project uses, behind one
// interface. PostgreSQL is the one implementation (./postgres); a second (MySQL, MariaDB) is a
// second object of this shape, and the diff and the rules, which only ever see this interface
// (passed to them, never imported), stay as they are.

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

export interface Dialect {
  /** e.g. 'postgres' */
  readonly name: string;
  readonly spelling: Spelling;
}

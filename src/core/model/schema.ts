// The SchemaModel: the one contract between the two readers (entities, database) and everything
// downstream (diff, rules, front ends). Both readers normalise into this shape on the way in, so
// the diff never needs to know where a model came from. See ../../../../shared/DESIGN.md.
//
// Spelling rules (the readers' job, once):
// - identifiers exactly as stored in PostgreSQL (case preserved, never quoted here);
// - `Column.type` as PostgreSQL's format_type() spells it, e.g. `character varying(255)`,
//   `integer`, `numeric(10,2)`, `timestamp without time zone`, `text[]`; for an enum column the
//   enum type's bare name (plus `[]` for an enum array) with `Column.enumType` saying which;
// - `Column.default` as pg_get_expr() prints the stored default, e.g. `false`, `0`,
//   `'active'::user_status_enum`, `now()`, `'{}'::text[]`; serial/identity columns carry no
//   default here but `generated` instead;
// - expressions (checks, index predicates, generated columns) as PostgreSQL prints them, with
//   `normaliseExpression()` applied before any comparison.

/** A position in a source file: zero-based line and character (as LSP and VS Code count). */
export interface SourcePosition {
  line: number;
  character: number;
}

/** Where a model object was declared: the decorator or property (or class) in an entity file. */
export interface SourceSpan {
  /** Absolute path of the file. */
  file: string;
  start: SourcePosition;
  end: SourcePosition;
  /** Character offsets into the file text, for source edits. */
  startOffset: number;
  endOffset: number;
}

/**
 * A fact of the entity model the reader could not read statically: a decorator whose definition
 * cannot be followed, an option computed at run time, an import that does not resolve. Unknown is
 * never absent: the diff leaves the fact out of every comparison, no rule raises an error or a
 * warning on it, and each cause is reported once (SL001) with how to declare it.
 */
export interface UnknownFact {
  /** What could not be read, and why, for a person: "`@EntityId()` picks its column type at run time". */
  reason: string;
  /** The unknowns of one cause (one decorator, one helper, one import) share this key: reported once. */
  cause: string;
  /** What the user can do, e.g. declare the decorator under `decorators` in schema-lens.json. */
  hint?: string;
  /** The construct that could not be read (a decorator, an argument, an import). */
  span?: SourceSpan;
  /**
   * What the fact may be, when the source says it is one of a few values and what picks one could
   * not be read (`type: isPostgres ? 'jsonb' : 'simple-json'`). Still unknown: a rule may only say
   * that the database has none of them. On a model column's type: the types in this model's spelling.
   */
  oneOf?: readonly (string | number | boolean)[];
}

/**
 * How an entity-side fact came about when it was not simply read from the source: inferred (from a
 * TypeORM default or a declared alias, naming the rule that inferred it), or unknown.
 */
export type Certainty = { kind: 'inferred'; rule: string } | ({ kind: 'unknown' } & UnknownFact);

/** The facts of an entity column that are known, or not, each on its own. */
export type ColumnFact = 'exists' | 'type' | 'nullable' | 'default';

/** Entity side only: what the reader could not read about a table as a whole. */
export interface TableUnknowns {
  /** Whether the table exists at all (a feature flag decides at run time). */
  exists?: UnknownFact;
  /** Its primary key (a column that may be part of it could not be read). */
  primaryKey?: UnknownFact;
  /** Properties, parents or embeddeds that may map columns the reader could not read: one per place. */
  columns?: UnknownFact[];
  /** Indexes, unique and check constraints and foreign keys that could not be read: one per place. */
  constraints?: UnknownFact[];
}

export interface QualifiedName {
  schema: string;
  name: string;
}

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

/** How a column gets its value without the application supplying one. */
export type ColumnGeneration =
  /** `serial`-style: a sequence owned by the column, default nextval(...). */
  | { kind: 'increment' }
  | { kind: 'identity'; always: boolean }
  /** GENERATED ALWAYS AS (expr) STORED. */
  | {
      kind: 'stored';
      expression: string;
      /**
       * Database side only: other spellings known to be this expression, which the catalog prints
       * rewritten: the one TypeORM wrote into its typeorm_metadata table when it made the column (what
       * TypeORM itself compares the entity with), and an entity's that the database parsed alike.
       */
      sameAs?: string[];
    };

export interface Column {
  name: string;
  type: string;
  nullable: boolean;
  default?: string;
  generated?: ColumnGeneration;
  /** Set when `type` names an enum type (also for enum arrays). */
  enumType?: QualifiedName;
  comment?: string;
  /** Entity side only: the property path (`address.city` for embedded columns). */
  property?: string;
  /** Entity side only: facts inferred or not known; a fact absent here was read from the source. */
  certainty?: Partial<Record<ColumnFact, Certainty>>;
  span?: SourceSpan;
}

export interface PrimaryKey {
  name?: string;
  columns: string[];
  span?: SourceSpan;
}

export interface UniqueConstraint {
  name?: string;
  columns: string[];
  span?: SourceSpan;
}

export interface ForeignKey {
  name?: string;
  columns: string[];
  referencedTable: QualifiedName;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  deferrable?: 'INITIALLY IMMEDIATE' | 'INITIALLY DEFERRED';
  /** Entity side only: the relation property that owns this key (`author`). */
  relation?: string;
  /** Entity side only: set when the actions (onDelete, onUpdate, deferrable) could not be read. */
  actionsUnknown?: UnknownFact;
  span?: SourceSpan;
}

export interface CheckConstraint {
  name?: string;
  /** The boolean expression, without the surrounding CHECK ( ). */
  expression: string;
  span?: SourceSpan;
}

export interface ExclusionConstraint {
  name?: string;
  /** Everything after EXCLUDE, e.g. `USING gist (room WITH =, during WITH &&)`. */
  expression: string;
  span?: SourceSpan;
}

/** One key of an index: a plain column, or an expression such as `lower(email)`. */
export type IndexKey = { kind: 'column'; name: string } | { kind: 'expression'; expression: string };

/**
 * A plain index. Indexes that back a primary key, unique or exclusion constraint are not listed
 * here: they belong to their constraint.
 */
export interface Index {
  name?: string;
  keys: IndexKey[];
  unique: boolean;
  /** Access method: `btree`, `gist`, `gin`, `hash`, `brin`, `spgist`. */
  method: string;
  /** Partial index predicate, without WHERE. */
  where?: string;
  /** Database side only: false when the index is INVALID (e.g. a failed CREATE INDEX CONCURRENTLY). */
  valid?: boolean;
  /** Database side only: pg_stat_user_indexes.idx_scan, when statistics were read. */
  scans?: number;
  span?: SourceSpan;
}

export interface Table extends QualifiedName {
  columns: Column[];
  primaryKey?: PrimaryKey;
  uniques: UniqueConstraint[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  exclusions: ExclusionConstraint[];
  indexes: Index[];
  comment?: string;
  /** Entity side only: the class this table comes from (the first, for single-table inheritance). */
  entity?: { className: string; file: string };
  /** Database side only: pg_class.reltuples, an estimate (-1 when never analysed). */
  estimatedRows?: number;
  /** Entity side only: what could not be read about the table as a whole. */
  unknown?: TableUnknowns;
  /**
   * Entity side only: names of indexes declared with `synchronize: false` (an index TypeORM cannot
   * declare, such as a GIN one, that migrations own): never compared, but known to be the entity's.
   */
  unsynchronizedIndexes?: string[];
  span?: SourceSpan;
}

export interface EnumType extends QualifiedName {
  values: string[];
  /** Entity side only: set when the values could not be read. */
  valuesUnknown?: UnknownFact;
  span?: SourceSpan;
}

export interface View extends QualifiedName {
  materialized: boolean;
  entity?: { className: string; file: string };
  span?: SourceSpan;
}

export interface SchemaModel {
  tables: Table[];
  enums: EnumType[];
  /** Recorded so nothing reports them as missing tables; never compared column by column. */
  views: View[];
  /** Entity side only: entities the reader could not place at all (their table name is not known). */
  unknowns?: UnknownFact[];
}

/** Something a reader could not read or understand; the rest of the model is still usable. */
export interface ReadProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  span?: SourceSpan;
  /** The file concerned, when there is no span (a file that could not be read at all). */
  file?: string;
}

/** The unknown fact behind a column's fact, if that fact could not be read. */
export function unknownFact(column: Column, fact: ColumnFact): UnknownFact | undefined {
  const certainty = column.certainty?.[fact];
  return certainty?.kind === 'unknown' ? certainty : undefined;
}

/** A table with no columns or constraints yet: both readers fill one in. */
export function emptyTable(schema: string, name: string): Table {
  return { schema, name, columns: [], uniques: [], foreignKeys: [], checks: [], exclusions: [], indexes: [] };
}

export function emptyModel(): SchemaModel {
  return { tables: [], enums: [], views: [] };
}

export function qualifiedKey(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}

// The shape of a migration lint rule (SL6xx): it judges one operation of a migration statement
// (what the dialect's parser made of the SQL: src/core/dialect/dialect.ts, SqlOperation) knowing
// what ran before it in the same up() or down(). Rules are pure: the lint runner
// (src/core/migrations/lint.ts) walks the statements, keeps the state and turns issues into findings.
import type { SqlOperation } from '../../dialect';
import type { QualifiedName } from '../../model/schema';
import type { Severity } from '../finding';
import type { RuleInfo } from '../rule';

/** What is known at an operation: the migration's transaction and what ran before in the same method. */
export interface LintState {
  method: 'up' | 'down';
  /** The statement runs inside a transaction (TypeORM's, or an explicit BEGIN). */
  inTransaction: boolean;
  /**
   * Why TypeORM runs this method in a transaction, for messages; undefined when it does not
   * (`transaction = false` with migrationsTransactionMode 'each', or mode 'none').
   */
  typeormTransaction?: string;
  /** The DataSource's migrationsTransactionMode: under 'all' no migration may set transaction = false. */
  transactionMode: 'all' | 'each' | 'none';
  /** Tables (`schema.name`) created earlier in this method: empty, and invisible to others until commit. */
  createdTables: ReadonlySet<string>;
  /**
   * What this migration's up() creates (`table:schema.name`, `column:schema.table.column`): in
   * down(), dropping one of them is the undo of up(), not a drop that breaks running code.
   */
  createdByUp: ReadonlySet<string>;
  /** `SET lock_timeout` ran earlier in this method. */
  lockTimeout: boolean;
  /** Constraints added NOT VALID earlier in the current transaction, by name. */
  notValidInTransaction: ReadonlySet<string>;
  /** Columns (`schema.table.column`) a validated CHECK (col IS NOT NULL) proves not null; `schema.table.*` when a constraint added in an earlier migration was validated (it may be such a check). */
  provenNotNull: ReadonlySet<string>;
  /** Constraints dropped earlier in this method, by name (re-adding one is a retry-safe pattern). */
  droppedConstraints: ReadonlySet<string>;
  /** The column's type before this statement, when the migrations before it (by timestamp) and this method say. */
  columnType(table: QualifiedName, column: string): string | undefined;
  /** The dialect's judgement: changing a column's type `from` -> `to` leaves every row as it is. */
  typeChangeKeepsRows(from: string, to: string): boolean;
}

export interface LintIssue {
  message: string;
  /** The table the issue is about: its size decides the severity of size-sensitive rules. */
  table?: QualifiedName;
  column?: string;
  /** Overrides the rule's default severity for this issue (before table sizes are considered). */
  severity?: Severity;
}

export interface LintRule {
  info: RuleInfo;
  /**
   * The harm grows with the table (a lock held while every row is read or rewritten): error on a
   * big table, information on an empty one or one created earlier in the same migration.
   */
  sizeSensitive: boolean;
  /** Fails outright (rather than locking) when the table has rows: error on any non-empty table. */
  failsWithRows?: boolean;
  /** Reported at most once per up() or down() (at the first statement it applies to). */
  oncePerMethod?: boolean;
  check(operation: SqlOperation, state: LintState): LintIssue[];
}

/** Where CONCURRENTLY can run, for messages: a class with transaction = false, which mode 'all' refuses. */
export function concurrentlyNeeds(state: LintState): string {
  return state.transactionMode === 'all'
    ? "a migration class with transaction = false, which TypeORM refuses under migrationsTransactionMode 'all' (its default): set migrationsTransactionMode 'each' in the DataSource"
    : 'a migration class with transaction = false';
}

export const tableKey = (table: QualifiedName): string => `${table.schema}.${table.name}`;

/** `"schema"."name"` for messages (the schema only when it is not public). */
export function tableLabel(table: QualifiedName): string {
  return table.schema === 'public' ? `"${table.name}"` : `"${table.schema}"."${table.name}"`;
}

export function defineLintRule(
  code: string,
  defaultSeverity: Severity,
  title: string,
  help: string,
  sizeSensitive: boolean,
  check: (operation: SqlOperation, state: LintState) => LintIssue | LintIssue[] | undefined,
): LintRule {
  return {
    info: { code, category: 'lint', defaultSeverity, title, help, docs: `docs/rules/${code}.md` },
    sizeSensitive,
    check(operation, state) {
      const issues = check(operation, state);
      return issues === undefined ? [] : Array.isArray(issues) ? issues : [issues];
    },
  };
}

// The migration safety lint: every statement of every migration's up() and down() (read by
// discover.ts, with its place), parsed with the database's own grammar (the dialect's
// migrationSql.describe) and judged by the SL6xx rules (src/core/rules/lint) in order, knowing what
// ran before it in the same method and whether TypeORM runs it in a transaction. With table sizes
// from a database, size-sensitive findings become errors on big tables and information on empty
// ones; a table created earlier in the same migration is empty.
import type { Dialect, SqlDescription, SqlOperation, TableSize } from '../dialect';
import { postgres } from '../dialect';
import type { QualifiedName, SourceSpan } from '../model/schema';
import type { Finding, Severity } from '../rules/finding';
import { LINT_CODES, type LintRule, type LintState, lintRules, tableKey } from '../rules/lint';
import { ruleInfo } from '../rules';
import { readFileOrUndefined } from '../config';
import type { MigrationFile, MigrationStatement } from './discover';
import { type FixSite, lintFixes } from './lint-fixes';
import { ColumnTypeHistory, ColumnTypes } from './column-types';

export type TransactionMode = 'all' | 'each' | 'none';

/** When a size-sensitive finding is an error: a table with at least this many rows, or this many bytes. */
export interface LintThresholds {
  errorRows: number;
  errorBytes: number;
}

export const DEFAULT_LINT_THRESHOLDS: LintThresholds = { errorRows: 1_000_000, errorBytes: 1024 ** 3 };

export interface LintOptions {
  /** The schema of unqualified table names (the DataSource's schema). */
  schema: string;
  /** The DataSource's migrationsTransactionMode (TypeORM's default: 'all'). */
  transactionMode?: TransactionMode;
  /** Reads the sizes of the tables the migrations touch (from a connected database), keyed `schema.name`. */
  tableSizes?: (tables: QualifiedName[]) => Promise<ReadonlyMap<string, TableSize>>;
  thresholds?: Partial<LintThresholds>;
  /** Names of migrations that already ran on the database: findings on their up() are information only. */
  executed?: ReadonlySet<string>;
  /** Default: PostgreSQL. */
  dialect?: Dialect;
  /** A migration file's current text (the editor's unsaved buffer), for quick fixes; else it is read from disk. */
  readSource?: (file: string) => string | undefined;
  /**
   * The project's other migrations, not linted but read for what they say about the schema before
   * each linted one (the column types SL609 judges a change against). A linted file wins over the
   * history's entry for the same path.
   */
  history?: readonly MigrationFile[];
}

/** Why TypeORM runs this method in a transaction (for messages), or undefined when it does not. */
export function typeormTransaction(method: 'up' | 'down', flag: boolean | undefined, mode: TransactionMode): string | undefined {
  if (method === 'down') {
    return mode === 'none' ? undefined : `TypeORM's revert runs down() in a transaction whatever the class's transaction flag (unless migrationsTransactionMode is 'none')`;
  }
  if (mode === 'all') {
    return flag === false
      ? `migrationsTransactionMode is 'all': TypeORM runs every pending migration in one transaction, and refuses a class that sets transaction = false (use migrationsTransactionMode 'each')`
      : `TypeORM runs migrations in a transaction (migrationsTransactionMode 'all', its default): set transaction = false on the class, with migrationsTransactionMode 'each'`;
  }
  if (mode === 'each') return flag === false ? undefined : `TypeORM runs each migration in a transaction unless the class sets transaction = false`;
  return flag === true ? `the class sets transaction = true` : undefined;
}

/**
 * Descriptions by SQL text: a re-lint (every file change in the editor, a second CI step) parses only
 * what changed. Bounded so it cannot grow without limit.
 */
const described = new Map<string, Map<string, SqlDescription>>();
const DESCRIBED_LIMIT = 50_000;
let describedCount = 0;

function describeCached(dialect: Dialect, sql: string, schema: string): SqlDescription {
  // Keyed by the SQL string itself (no concatenated key: hashing a copy of every statement cost more than the lookup).
  const scope = `${dialect.name}\0${schema}`;
  let texts = described.get(scope);
  if (!texts) described.set(scope, (texts = new Map()));
  let description = texts.get(sql);
  if (!description) {
    description = dialect.migrationSql.describe(sql, schema);
    if (describedCount >= DESCRIBED_LIMIT) {
      for (const other of described.values()) other.clear();
      describedCount = 0;
    }
    texts.set(sql, description);
    describedCount++;
  }
  return description;
}

/** One parsed operation of a migration, with everything a finding about it (and its fix) needs. */
interface Located {
  operation: SqlOperation;
  span: SourceSpan;
  /** Where in a query() string: for quick fixes (none for QueryRunner's transaction calls). */
  site?: Omit<FixSite, 'code' | 'operation' | 'file' | 'text' | 'dialect' | 'transactionMode'>;
}

/** The span of `sql[from..to)` when the SQL is a literal in the file, else the call's span. */
function spanIn(statement: MigrationStatement, index: number, from: number, to: number): SourceSpan {
  const start = statement.sqlStart;
  if (!start || index !== 0) return statement.span;
  const sql = statement.sql![0]!;
  const at = (offset: number): { line: number; character: number } => {
    const before = sql.slice(0, offset);
    const lines = before.split('\n');
    return lines.length === 1 ? { line: start.line, character: start.character + offset } : { line: start.line + lines.length - 1, character: lines[lines.length - 1]!.length };
  };
  return { file: statement.span.file, start: at(from), end: at(to), startOffset: start.offset + from, endOffset: start.offset + to };
}

function tablesOf(operation: SqlOperation): QualifiedName[] {
  if (operation.kind === 'drop-table') return operation.tables;
  const tables = 'table' in operation && operation.table ? [operation.table] : [];
  if (operation.kind === 'add-constraint' && operation.references) tables.push(operation.references);
  return tables;
}

function formatSize(size: TableSize): string {
  const rows = size.rows >= 0 ? `about ${size.rows.toLocaleString('en-US')} rows` : 'rows not yet counted by ANALYZE';
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let bytes = size.bytes;
  let unit = 0;
  while (bytes >= 1024 && unit < units.length - 1) {
    bytes /= 1024;
    unit++;
  }
  return `${rows}, ${unit === 0 ? bytes : bytes.toFixed(1)} ${units[unit]}`;
}

/** An empty table: the planner counted no rows, or the table has no data pages at all. */
function isEmpty(size: TableSize): boolean {
  return size.rows === 0 || (size.rows < 0 && size.bytes <= 8192 * 3);
}

interface Context {
  file: MigrationFile;
  options: LintOptions;
  sizes?: ReadonlyMap<string, TableSize>;
  thresholds: LintThresholds;
  findings: Finding[];
  /** The file's text, read once and only when a fix needs it. */
  text: () => string | undefined;
}

function finding(context: Context, code: string, severity: Severity, message: string, span: SourceSpan, table?: QualifiedName, column?: string): Finding {
  const info = ruleInfo(code);
  return {
    code,
    category: info?.category ?? 'lint',
    severity,
    message,
    schema: table?.schema ?? context.options.schema,
    table: table?.name ?? '',
    ...(column ? { column } : {}),
    span,
    file: context.file.file,
    fixes: [],
  };
}

/** The severity and the size sentence of a size-sensitive issue on `table`. */
function sized(rule: LintRule, severity: Severity, table: QualifiedName, state: LintState, context: Context): { severity: Severity; note: string } {
  const label = `"${table.name}"`;
  if (state.createdTables.has(tableKey(table))) return { severity: 'info', note: ` Harmless here: ${label} is created earlier in this migration, so it is empty.` };
  const size = context.sizes?.get(tableKey(table));
  if (!size) return { severity, note: '' };
  if (isEmpty(size)) return { severity: 'info', note: ` ${label} is empty in the connected database (${formatSize(size)}).` };
  const big = size.rows >= context.thresholds.errorRows || size.bytes >= context.thresholds.errorBytes;
  return { severity: big || rule.failsWithRows ? 'error' : severity, note: ` ${label} has ${formatSize(size)} in the connected database.` };
}

/** QueryRunner's own transaction calls: what they send depends on how deep the transactions are. */
const TRANSACTION_CALLS: Record<string, 'start' | 'commit' | 'rollback'> = { startTransaction: 'start', commitTransaction: 'commit', rollbackTransaction: 'rollback' };

/**
 * Lints one method; returns what it creates (`table:schema.name`, `column:schema.table.column`), so
 * that down() dropping what its up() created is read as the undo it is.
 */
function lintMethod(context: Context, method: 'up' | 'down', statements: MigrationStatement[], dialect: Dialect, createdByUp: ReadonlySet<string>, columnTypes: ColumnTypes): Set<string> {
  const { file, options } = context;
  const mode = options.transactionMode ?? 'all';
  const wrapped = typeormTransaction(method, file.transaction, mode);
  const executed = method === 'up' && file.name !== undefined && options.executed?.has(file.name) === true;
  const state = {
    method,
    inTransaction: wrapped !== undefined,
    typeormTransaction: wrapped,
    transactionMode: mode,
    createdTables: new Set<string>(),
    createdByUp,
    lockTimeout: false,
    notValidInTransaction: new Set<string>(),
    provenNotNull: new Set<string>(),
    droppedConstraints: new Set<string>(),
    columnType: (table: QualifiedName, column: string) => columnTypes.typeOf(table, column),
    typeChangeKeepsRows: (from: string, to: string) => dialect.migrationSql.typeChangeKeepsRows(from, to),
  };
  const created = new Set<string>();
  const notNullChecks = new Map<string, string>();
  const reportedOnce = new Set<string>();
  // TypeORM's transaction depth: startTransaction() at depth 0 sends START TRANSACTION, deeper a
  // SAVEPOINT; commitTransaction() at depth 1 sends COMMIT, deeper RELEASE SAVEPOINT.
  let depth = state.inTransaction ? 1 : 0;
  const emit = (entry: Finding): void => {
    if (executed && entry.severity !== 'info') entry = { ...entry, severity: 'info', message: `${entry.message} (This migration already ran on the connected database.)` };
    context.findings.push(entry);
  };
  const judge = ({ operation, span, site }: Located): void => {
    for (const rule of lintRules) {
      if (rule.oncePerMethod && reportedOnce.has(rule.info.code)) continue;
      for (const issue of rule.check(operation, state)) {
        let severity = issue.severity ?? rule.info.defaultSeverity;
        let note = '';
        if (rule.sizeSensitive && issue.table) ({ severity, note } = sized(rule, severity, issue.table, state, context));
        const made = finding(context, rule.info.code, severity, issue.message + note, span, issue.table, issue.column);
        // No fix where the statement is harmless (its table is created earlier in this migration).
        if (site && (!issue.table || !state.createdTables.has(tableKey(issue.table)))) {
          made.fixes = lintFixes({ ...site, code: rule.info.code, operation, file, text: context.text(), dialect, transactionMode: mode });
        }
        emit(made);
        if (rule.oncePerMethod) reportedOnce.add(rule.info.code);
      }
    }
    advance(state, notNullChecks, operation);
    columnTypes.apply(operation);
    if (operation.kind === 'create-table') created.add(`table:${tableKey(operation.table)}`);
    if (operation.kind === 'add-column') created.add(`column:${tableKey(operation.table)}.${operation.column.name}`);
    if (operation.kind === 'transaction') {
      if (operation.action === 'begin') depth = Math.max(depth, 1);
      if (operation.action === 'commit' || operation.action === 'rollback') depth = 0;
    }
  };

  for (const statement of statements) {
    const control = TRANSACTION_CALLS[statement.call];
    if (control) {
      const action = control === 'start' ? (depth === 0 ? 'begin' : 'savepoint') : depth === 1 ? control : 'other';
      depth = control === 'start' ? depth + 1 : Math.max(0, depth - 1);
      judge({ operation: { kind: 'transaction', action }, span: statement.span });
      continue;
    }
    if (statement.unreadable || !statement.sql) {
      const reason = statement.unreadable?.reason ?? `the lint does not read ${statement.call}() calls`;
      emit(finding(context, LINT_CODES.unreadable, 'info', `Not checked: this ${statement.call === 'passed-on' ? 'use of the query runner' : `${statement.call}() call`} is not statically readable (${reason}).`, statement.span));
      continue;
    }
    const located: Located[] = [];
    statement.sql.forEach((sql, index) => {
      const description = describeCached(dialect, sql, options.schema);
      if (!description.ok) {
        const at = description.offset ?? 0;
        const span = statement.sqlStart && index === 0 ? spanIn(statement, 0, at, Math.min(sql.length, at + 1)) : statement.span;
        emit(finding(context, LINT_CODES.syntaxError, 'error', `PostgreSQL's parser rejects this SQL: ${description.message}${description.offset !== undefined ? ` (at "${sql.slice(at, at + 20).trim()}")` : ''}. The migration fails when it runs.`, span));
        return;
      }
      for (const one of description.statements) {
        const span = spanIn(statement, index, one.start, one.end);
        const site = { statement, sqlIndex: index, start: one.start, end: one.end, statementsInCall: description.statements.length, operationsInStatement: one.operations.length };
        for (const operation of one.operations) located.push({ operation, span, site });
      }
    });
    located.forEach(judge);
  }
  return created;
}

/** What an operation changes in what later statements of the method can rely on. */
function advance(state: LintState & { inTransaction: boolean; lockTimeout: boolean; createdTables: Set<string>; notValidInTransaction: Set<string>; provenNotNull: Set<string>; droppedConstraints: Set<string> }, notNullChecks: Map<string, string>, operation: SqlOperation): void {
  switch (operation.kind) {
    case 'create-table':
      state.createdTables.add(tableKey(operation.table));
      break;
    case 'set-timeout':
      if (operation.setting === 'lock_timeout') state.lockTimeout = true;
      break;
    case 'transaction':
      if (operation.action === 'begin') state.inTransaction = true;
      if (operation.action === 'commit' || operation.action === 'rollback') {
        state.inTransaction = false;
        state.notValidInTransaction.clear();
      }
      break;
    case 'add-constraint':
      // One DROP CONSTRAINT IF EXISTS makes one re-add re-runnable, not every later one.
      if (operation.name) state.droppedConstraints.delete(operation.name);
      if (operation.notValid && operation.name) {
        state.notValidInTransaction.add(operation.name);
        if (operation.notNullColumn) notNullChecks.set(operation.name, `${tableKey(operation.table)}.${operation.notNullColumn}`);
      }
      break;
    case 'validate-constraint':
      state.provenNotNull.add(notNullChecks.get(operation.name) ?? `${tableKey(operation.table)}.*`);
      break;
    case 'drop-constraint':
      state.droppedConstraints.add(operation.name);
      break;
    default:
  }
}

/** The operations of a method's readable statements, in order (statements that do not parse are skipped). */
function operationsOf(file: MigrationFile, method: 'up' | 'down', schema: string, dialect: Dialect): SqlOperation[] {
  const operations: SqlOperation[] = [];
  for (const statement of file.statements) {
    if (statement.method !== method) continue;
    for (const sql of statement.sql ?? []) {
      const description = describeCached(dialect, sql, schema);
      if (description.ok) for (const one of description.statements) operations.push(...one.operations);
    }
  }
  return operations;
}

/** The column types each migration's up() leaves, and where each migration (by path) stands in run order. */
interface History {
  types: ColumnTypeHistory;
  ranks: ReadonlyMap<string, number>;
  /** In run order (TypeORM's: by timestamp; files without one keep their place, after). */
  ordered: readonly MigrationFile[];
}

function buildHistory(files: readonly MigrationFile[], schema: string, dialect: Dialect): History {
  const ordered = files.map((file, index) => ({ file, index })).sort((a, b) => (a.file.timestamp ?? Infinity) - (b.file.timestamp ?? Infinity) || a.index - b.index).map(({ file }) => file);
  const types = new ColumnTypeHistory();
  ordered.forEach((file, rank) => {
    const changes = new ColumnTypes();
    for (const operation of operationsOf(file, 'up', schema, dialect)) changes.apply(operation);
    types.record(rank, changes.changed());
  });
  return { types, ranks: new Map(ordered.map((file, rank) => [file.file, rank])), ordered };
}

/**
 * Histories of a project's migrations, by the array they were built from: the editor lints one file
 * per keystroke against the same list of hundreds (20 ms each to rebuild on 500 migrations).
 */
const histories = new WeakMap<readonly MigrationFile[], Map<string, History>>();

function historyOf(files: readonly MigrationFile[], schema: string, dialect: Dialect): History {
  const scope = `${dialect.name}\0${schema}`;
  let bySchema = histories.get(files);
  if (!bySchema) histories.set(files, (bySchema = new Map()));
  let history = bySchema.get(scope);
  if (!history) bySchema.set(scope, (history = buildHistory(files, schema, dialect)));
  return history;
}

/** Where a file runs among the history's: its own rank, or after the history's files that run before it. */
function rankIn(history: History, file: MigrationFile): number {
  const own = history.ranks.get(file.file);
  if (own !== undefined) return own;
  const at = file.timestamp ?? Infinity;
  return history.ordered.filter((other) => (other.timestamp ?? Infinity) <= at).length;
}

/**
 * The history the linted files are judged against. The project's (cached) one holds for a linted file
 * when every migration before it is the project's own; only a changed or new file that runs before
 * another linted one needs a history of its own that includes it.
 */
function historyFor(files: readonly MigrationFile[], options: LintOptions, dialect: Dialect): History {
  const project = options.history ?? files;
  const shared = historyOf(project, options.schema, dialect);
  const own = new Map(project.map((file) => [file.file, file.checksum]));
  const changed = files.filter((file) => own.get(file.file) !== file.checksum);
  const runsLast = (one: MigrationFile): boolean => files.every((file) => file === one || rankIn(shared, file) < rankIn(shared, one));
  if (changed.length === 0 || (changed.length === 1 && runsLast(changed[0]!))) return shared;
  const linted = new Set(files.map((file) => file.file));
  return buildHistory([...project.filter((file) => !linted.has(file.file)), ...files], options.schema, dialect);
}

/** The tables the statements of these migrations name, for a size lookup. */
function tablesTouched(files: readonly MigrationFile[], schema: string, dialect: Dialect, method?: 'up' | 'down'): QualifiedName[] {
  const tables = new Map<string, QualifiedName>();
  for (const file of files) {
    for (const which of method ? [method] : (['up', 'down'] as const)) {
      for (const operation of operationsOf(file, which, schema, dialect)) for (const table of tablesOf(operation)) tables.set(tableKey(table), table);
    }
  }
  return [...tables.values()];
}

/** The tables a migration's up() changes (statically readable statements only), as `schema.table` keys. */
export async function tablesChangedByUp(file: MigrationFile, schema: string, dialect: Dialect = postgres): Promise<string[]> {
  await dialect.migrationSql.ready();
  return tablesTouched([file], schema, dialect, 'up').map(tableKey);
}

/**
 * Lints migration files (as readMigrationFiles reads them): SL6xx findings at the statements' places,
 * in file order, up() before down(). Rule severities before user choices (severity settings and
 * `schema-lens-ignore` comments are the caller's, as for every finding).
 */
export async function lintMigrations(files: readonly MigrationFile[], options: LintOptions): Promise<Finding[]> {
  const dialect = options.dialect ?? postgres;
  await dialect.migrationSql.ready();
  const sizes = options.tableSizes ? await options.tableSizes(tablesTouched(files, options.schema, dialect)) : undefined;
  const context: Omit<Context, 'file' | 'text'> = { options, sizes, thresholds: { ...DEFAULT_LINT_THRESHOLDS, ...options.thresholds }, findings: [] };
  const history = historyFor(files, options, dialect);
  for (const file of files) {
    let text: { value: string | undefined } | undefined;
    const textOf = () => (text ??= { value: options.readSource?.(file.file) ?? readFileOrUndefined(file.file) }).value;
    const ofMethod = (method: 'up' | 'down'): MigrationStatement[] => file.statements.filter((statement) => statement.method === method);
    const rank = rankIn(history, file);
    const afterUp = new ColumnTypes((table, column) => history.types.typeBefore(table, column, rank));
    const createdByUp = lintMethod({ ...context, file, text: textOf }, 'up', ofMethod('up'), dialect, new Set(), afterUp);
    // down() runs after its own up(): what that up() left is what down() starts from.
    lintMethod({ ...context, file, text: textOf }, 'down', ofMethod('down'), dialect, createdByUp, new ColumnTypes((table, column) => afterUp.typeOf(table, column)));
  }
  return context.findings;
}

/**
 * Lints SQL text on its own (a .sql file, a test case): as the up() of a migration whose SQL is that
 * literal, run in a transaction when `inTransaction` (TypeORM's default), else without one.
 */
export async function lintSql(sql: string, options: Omit<LintOptions, 'executed'> & { file?: string; inTransaction?: boolean }): Promise<Finding[]> {
  const file = options.file ?? '<sql>';
  const zero = { line: 0, character: 0 };
  const span: SourceSpan = { file, start: zero, end: zero, startOffset: 0, endOffset: 0 };
  const migration: MigrationFile = {
    file,
    upSql: [sql],
    downSql: [],
    statements: [{ method: 'up', call: 'query', span, sql: [sql], sqlStart: { offset: 0, line: 0, character: 0 } }],
    checksum: '',
    problems: [],
  };
  const inTransaction = options.inTransaction ?? true;
  return lintMigrations([{ ...migration, transaction: inTransaction ? undefined : false }], { ...options, transactionMode: 'each' });
}

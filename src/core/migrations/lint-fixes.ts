// Quick fixes for migration lint findings: the safe form of the statement, written into the
// migration file itself (a source edit of its SQL literal and of the class), with the second
// migration the safe form needs (VALIDATE after NOT VALID) as a follow-up created with the edit.
// Offered only where the edit is exact: the statement is a literal written without escapes (so a
// position in the SQL is a position in the file) and the change touches nothing else.
import type { Dialect, SqlOperation } from '../dialect';
import type { QualifiedName } from '../model/schema';
import type { Fix, SourceEdit } from '../rules/finding';
import type { MigrationFile, MigrationStatement } from './discover';

/** One parsed statement of a query() call, where a lint finding was made. */
export interface FixSite {
  code: string;
  operation: SqlOperation;
  statement: MigrationStatement;
  /** Which string of statement.sql, and the statement's [start, end) in it. */
  sqlIndex: number;
  start: number;
  end: number;
  /** Statements in that query() string: CONCURRENTLY needs one alone (several run as one transaction block). */
  statementsInCall: number;
  /** Operations of this statement: a rewrite of the whole statement needs it to do one thing. */
  operationsInStatement: number;
  file: MigrationFile;
  /** The migration file's text (the editor's buffer, else the file on disk). */
  text: string | undefined;
  dialect: Dialect;
  /** The DataSource's migrationsTransactionMode: under 'all' TypeORM refuses a class's transaction = false. */
  transactionMode: 'all' | 'each' | 'none';
}

/** A statement's text where it sits in the file: from `offset`, and `end` after its last character but spaces and `;`. */
interface Located {
  offset: number;
  sql: string;
  end: number;
}

/** Where the statement's text sits in the file, when the SQL is a literal whose text is its value. */
function located(site: FixSite): Located | undefined {
  const { statement, sqlIndex, start, end, text } = site;
  if (!statement.sqlStart || sqlIndex !== 0 || text === undefined) return undefined;
  const offset = statement.sqlStart.offset + start;
  const sql = statement.sql![0]!.slice(start, end);
  // The file must still say what was parsed (an edit since would make the offsets wrong).
  return text.slice(offset, offset + sql.length) === sql ? { offset, sql, end: offset + sql.replace(/[\s;]+$/, '').length } : undefined;
}

/**
 * The edit that makes TypeORM run the migration without a transaction: `transaction = true` turned
 * false, or `public transaction = false;` added at the top of the class body. None when it is
 * already false or the class cannot be found.
 */
export function transactionOffEdit(file: MigrationFile, text: string): SourceEdit | undefined | 'already' {
  if (file.transaction === false) return 'already';
  if (!file.span) return undefined;
  // `transaction = true` becomes false; any other value (a constant, an expression) is the author's.
  if (file.transactionValue) {
    return file.transaction === true ? { file: file.file, startOffset: file.transactionValue.startOffset, endOffset: file.transactionValue.endOffset, newText: 'false' } : undefined;
  }
  const bodyStart = text.indexOf('{', file.span.endOffset);
  if (bodyStart < 0) return undefined;
  // Indented as the class's first member is (or two spaces deeper than the class line).
  const firstMember = /[^\S\n]*\n([^\S\n]*)\S/y;
  firstMember.lastIndex = bodyStart + 1;
  const memberIndent = firstMember.exec(text)?.[1];
  const classLineStart = text.lastIndexOf('\n', bodyStart) + 1;
  const lineIndent = /[^\S\n]*/y;
  lineIndent.lastIndex = classLineStart;
  const indent = memberIndent ?? `${lineIndent.exec(text)![0]}  `;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { file: file.file, startOffset: bodyStart + 1, endOffset: bodyStart + 1, newText: `${eol}${indent}// CREATE INDEX CONCURRENTLY cannot run in a transaction${eol}${indent}public transaction = false;${eol}` };
}

function indexConcurrently(site: FixSite, at: Located): Fix | undefined {
  if (site.operation.kind !== 'create-index' || site.statementsInCall !== 1 || site.statement.method !== 'up') return undefined;
  const keyword = /^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b/i.exec(at.sql);
  if (!keyword) return undefined;
  const transaction = transactionOffEdit(site.file, site.text!);
  if (transaction === undefined) return undefined;
  const edits: SourceEdit[] = [{ file: site.file.file, startOffset: at.offset + keyword[0].length, endOffset: at.offset + keyword[0].length, newText: ' CONCURRENTLY' }];
  if (transaction !== 'already') edits.push(transaction);
  const others = site.file.statements.filter((statement) => statement.method === 'up').length > 1;
  const notes = [
    ...(transaction !== 'already' && others ? ['its other statements then run without a transaction too'] : []),
    ...(site.transactionMode === 'all' ? ["TypeORM then needs migrationsTransactionMode: 'each'"] : []),
  ];
  const title = `Create the index CONCURRENTLY${transaction === 'already' ? '' : ' and set transaction = false on the migration'}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  return { kind: 'source-edit', title, edits };
}

function tableSql(dialect: Dialect, table: QualifiedName): string {
  const q = dialect.spelling.quoteIdentifier;
  return table.schema === 'public' ? q(table.name) : `${q(table.schema)}.${q(table.name)}`;
}

function constraintNotValid(site: FixSite, at: Located): Fix | undefined {
  const operation = site.operation;
  if (operation.kind !== 'add-constraint' || operation.notValid || !operation.name || site.operationsInStatement !== 1) return undefined;
  if (operation.constraint !== 'foreign-key' && operation.constraint !== 'check') return undefined;
  const what = operation.constraint === 'foreign-key' ? 'foreign key' : 'check constraint';
  return {
    kind: 'source-edit',
    title: `Add the ${what} NOT VALID, and VALIDATE it in a new migration`,
    edits: [{ file: site.file.file, startOffset: at.end, endOffset: at.end, newText: ' NOT VALID' }],
    migration: {
      name: `validate ${operation.name}`,
      up: [site.dialect.ddl.validateConstraintSql(operation.table, operation.name)],
      // Validation only checks rows: there is nothing to undo.
      down: [],
    },
  };
}

/** The name PostgreSQL-style tools give a not-null check: `<table>_<column>_not_null`, as the database stores it (63 bytes). */
function notNullCheckName(dialect: Dialect, table: string, column: string): string {
  return dialect.spelling.storedIdentifier(`${table}_${column}_not_null`);
}

/** The statements that make a column NOT NULL without a long ACCESS EXCLUSIVE scan (PostgreSQL 12+). */
function setNotNullLater(dialect: Dialect, table: QualifiedName, column: string, check: string): string[] {
  return [
    dialect.ddl.validateConstraintSql(table, check),
    dialect.ddl.setNullableSql(table, column, false),
    dialect.ddl.dropConstraintSql(table, check),
  ];
}

function setNotNull(site: FixSite, at: Located): Fix | undefined {
  const operation = site.operation;
  if (operation.kind !== 'set-not-null' || site.operationsInStatement !== 1) return undefined;
  const check = notNullCheckName(site.dialect, operation.table.name, operation.column);
  const addCheck = site.dialect.ddl.addCheckSql(operation.table, { name: check, expression: `${site.dialect.spelling.quoteIdentifier(operation.column)} IS NOT NULL` }, check);
  return {
    kind: 'source-edit',
    title: 'Add a CHECK (… IS NOT NULL) NOT VALID here, and VALIDATE + SET NOT NULL in a new migration',
    edits: [{ file: site.file.file, startOffset: at.offset, endOffset: at.end, newText: `${addCheck} NOT VALID` }],
    migration: {
      name: `set ${operation.table.name} ${operation.column} not null`,
      up: setNotNullLater(site.dialect, operation.table, operation.column, check),
      down: [site.dialect.ddl.setNullableSql(operation.table, operation.column, true)],
    },
  };
}

function requiredColumn(site: FixSite, at: Located): Fix | undefined {
  const operation = site.operation;
  if (operation.kind !== 'add-column' || !operation.column.notNull || operation.column.default || site.operationsInStatement !== 1) return undefined;
  // Exactly one NOT NULL in the statement: the column's (removing it is then the whole change).
  const notNull = [...at.sql.matchAll(/\s+NOT\s+NULL\b/gi)];
  if (notNull.length !== 1) return undefined;
  const check = notNullCheckName(site.dialect, operation.table.name, operation.column.name);
  const q = site.dialect.spelling.quoteIdentifier;
  const addCheck = site.dialect.ddl.addCheckSql(operation.table, { name: check, expression: `${q(operation.column.name)} IS NOT NULL` }, check);
  const from = at.offset + notNull[0]!.index!;
  return {
    kind: 'source-edit',
    title: 'Add the column nullable with a CHECK (… IS NOT NULL) NOT VALID; backfill, VALIDATE and SET NOT NULL in a new migration',
    edits: [
      { file: site.file.file, startOffset: from, endOffset: from + notNull[0]![0].length, newText: '' },
      { file: site.file.file, startOffset: at.end, endOffset: at.end, newText: `; ${addCheck} NOT VALID` },
    ],
    migration: {
      name: `set ${operation.table.name} ${operation.column.name} not null`,
      up: setNotNullLater(site.dialect, operation.table, operation.column.name, check).map((sql, i) =>
        // A comment in the statement itself: the migration runs as written, and fails safely (VALIDATE) until the rows are filled.
        i === 0 ? `-- First fill ${tableSql(site.dialect, operation.table)}.${q(operation.column.name)} (UPDATE ... WHERE ${q(operation.column.name)} IS NULL, in batches on a big table): VALIDATE fails while a row is NULL.\n${sql}` : sql),
      down: [site.dialect.ddl.setNullableSql(operation.table, operation.column.name, true)],
    },
  };
}

const FIXES: Partial<Record<string, (site: FixSite, at: Located) => Fix | undefined>> = {
  SL603: requiredColumn,
  SL604: constraintNotValid,
  SL614: indexConcurrently,
  SL621: setNotNull,
};

/** The quick fixes of a lint finding made at `site`; none where the safe form cannot be written exactly. */
export function lintFixes(site: FixSite): Fix[] {
  const make = FIXES[site.code];
  const at = make && located(site);
  const fix = at && make(site, at);
  return fix ? [fix] : [];
}

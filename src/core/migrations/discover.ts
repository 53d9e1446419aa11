// Reads TypeORM migration files statically (never executed, so this works in an untrusted
// workspace and on half-typed code): the migration class, its 13-digit timestamp, `name`,
// `transaction` flag, and every call its up()/down() make through the query runner, with its place:
// the SQL of queryRunner.query(...) folded from literals and constants, the arguments of API calls
// (createIndex, addColumn, ...), and why a call is not statically readable. upSql/downSql keep the
// older, stricter meaning: only when the method is nothing but query() calls with static SQL.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
// The compiler's own syntax tree (the TypeScript ts-morph bundles), not ts-morph's wrappers: a
// thousand migration files parse in a fraction of the time, and nothing here needs types.
import { ts } from 'ts-morph';
import type { ReadProblem, SourceSpan } from '../model/schema';
import { messageOf } from '../errors';
import { fold, type Folded, type StaticValue } from './static-value';
import { postgres } from '../dialect';
import { dataSourceOptionsRead, otherDatabaseBranches } from './database-branches';

export interface MigrationFile {
  file: string;
  className?: string;
  timestamp?: number;
  /** `name` property when it is a literal, else the class name (what TypeORM records). */
  name?: string;
  /** The `transaction` property when it is a literal boolean. */
  transaction?: boolean;
  /** Where the `transaction` property's value is, whatever it is (a fix rewrites `true` to `false`). */
  transactionValue?: { startOffset: number; endOffset: number };
  /** The statements up() runs, in order; undefined when up() is not fully static (only query() calls with literal or folded SQL). */
  upSql: string[] | undefined;
  downSql: string[] | undefined;
  /** Every call of up() then down() that reaches the database, with its place and its SQL when readable. */
  statements: MigrationStatement[];
  /** sha256 of the content with line endings normalised (a CRLF checkout is not an edit). */
  checksum: string;
  problems: ReadProblem[];
  /** The class name, where findings about the migration as a whole are shown. */
  span?: SourceSpan;
}

/** TypeORM takes the timestamp from the last 13 characters of the class (or `name`) name. */
export function timestampOf(className: string): number | undefined {
  const match = /(\d{13})$/.exec(className);
  return match ? Number(match[1]) : undefined;
}

export function contentChecksum(text: string): string {
  return createHash('sha256').update(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).digest('hex');
}

function spanOf(node: ts.Node, file: string): SourceSpan {
  const source = node.getSourceFile();
  const startOffset = node.getStart(source);
  const start = source.getLineAndCharacterOfPosition(startOffset);
  const end = source.getLineAndCharacterOfPosition(node.getEnd());
  return { file, start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character }, startOffset, endOffset: node.getEnd() };
}

/** A class member by name (methods and properties). */
function member<T extends ts.ClassElement>(cls: ts.ClassDeclaration, name: string, is: (node: ts.Node) => node is T): T | undefined {
  return cls.members.find((candidate): candidate is T => is(candidate) && candidate.name !== undefined && ts.isIdentifier(candidate.name) && candidate.name.text === name);
}

function isMigrationClass(cls: ts.ClassDeclaration): boolean {
  const implementsMigration = (cls.heritageClauses ?? []).some((clause) => clause.token === ts.SyntaxKind.ImplementsKeyword && clause.types.some((type) => /\bMigrationInterface\b/.test(type.expression.getText())));
  return implementsMigration || (member(cls, 'up', ts.isMethodDeclaration) !== undefined && member(cls, 'down', ts.isMethodDeclaration) !== undefined);
}

/** One call of up() or down() that reaches the database through the query runner, with its place. */
export interface MigrationStatement {
  method: 'up' | 'down';
  /** `query`, or the QueryRunner method called (`createIndex`, ...), or `passed-on` when the runner is handed to other code. */
  call: string;
  /** The call expression. */
  span: SourceSpan;
  /** The SQL it runs, when the source alone decides it (a query() string may hold several statements). */
  sql?: string[];
  /**
   * Where sql[0] starts in the file when it is one literal written without escapes, so a position in
   * the SQL is a position in the file (findings then point at the statement inside the string).
   */
  sqlStart?: { offset: number; line: number; character: number };
  /** query(sql, parameters): the SQL has $n placeholders. */
  parameters?: boolean;
  /** The folded arguments of a QueryRunner API call, for the dialect to turn into SQL. */
  args?: StaticValue[];
  /** Why the SQL is not statically readable, and where. */
  unreadable?: { reason: string; span: SourceSpan };
}

/** Where a literal's value starts in the file, when its text is its value (no escapes). */
function literalStart(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, value: string): MigrationStatement['sqlStart'] {
  const source = node.getSourceFile();
  const text = node.getText(source);
  if (text.slice(1, -1) !== value) return undefined;
  const offset = node.getStart(source) + 1;
  const position = source.getLineAndCharacterOfPosition(offset);
  return { offset, line: position.line, character: position.character };
}

/** Every identifier under a node, in source order, outside the `skipped` subtrees. */
function identifiersIn(node: ts.Node, skipped: ReadonlySet<ts.Node>): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (child: ts.Node): void => {
    if (skipped.has(child)) return;
    if (ts.isIdentifier(child)) found.push(child);
    else ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

/** Where a method body is read: its migration class and file, and the helpers being read now. */
interface ReadScope {
  file: string;
  source: ts.SourceFile;
  cls: ts.ClassDeclaration;
  which: 'up' | 'down';
  /** Helpers on the way to this one: a helper that reaches itself again is not followed twice. */
  reading: ReadonlySet<ts.Node>;
}

/**
 * The function this file declares that a call hands the runner to: a method of the migration class
 * (`this.postgresUp(queryRunner)`) or a function of the module (`await addIndexes(queryRunner)`).
 */
function localHelper(call: ts.CallExpression, scope: ReadScope): ts.FunctionLikeDeclaration | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) return member(scope.cls, callee.name.text, ts.isMethodDeclaration);
  if (!ts.isIdentifier(callee)) return undefined;
  for (const statement of scope.source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === callee.text) return statement;
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer;
      if (ts.isIdentifier(declaration.name) && declaration.name.text === callee.text && initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) return initializer;
    }
  }
  return undefined;
}

/**
 * Every use of the query runner in a function body, in source order: its query() calls with their
 * SQL folded from constants, its API calls with their arguments folded, the statements of the
 * helpers this file declares that it is handed to, and any other use (handed to imported code,
 * `.manager`) as a statement that is not statically readable. Branches for other databases
 * (a switch on the DataSource type) are skipped: they never run here.
 */
function functionStatements(fn: ts.FunctionLikeDeclaration, runner: string, scope: ReadScope): MigrationStatement[] {
  const body = fn.body;
  if (!body) return [];
  const { file, which } = scope;
  const statements: MigrationStatement[] = [];
  for (const identifier of identifiersIn(body, otherDatabaseBranches(body, runner, postgres.typeorm.dataSourceTypes))) {
    if (identifier.text !== runner) continue;
    const access = identifier.parent;
    // `x.queryRunner` is a different name, not a use of the parameter.
    if (ts.isPropertyAccessExpression(access) && access.name === identifier) continue;
    // Reading the DataSource's options (its type, to branch on) runs no SQL.
    if (dataSourceOptionsRead(identifier)) continue;
    if (ts.isCallExpression(access) && access.arguments.some((argument) => argument === identifier)) {
      const helper = localHelper(access, scope);
      const parameter = helper?.parameters[access.arguments.indexOf(identifier)];
      if (helper?.body && parameter && ts.isIdentifier(parameter.name) && !parameter.dotDotDotToken) {
        const span = spanOf(access, file);
        if (scope.reading.has(helper)) {
          statements.push({ method: which, call: 'passed-on', span, unreadable: { reason: `${parameter.name.text} reaches ${helper.name?.getText() ?? 'a helper'} again (a recursive helper is read once)`, span } });
        } else statements.push(...functionStatements(helper, parameter.name.text, { ...scope, reading: new Set([...scope.reading, helper]) }));
        continue;
      }
    }
    const call = access.parent;
    if (ts.isPropertyAccessExpression(access) && call && ts.isCallExpression(call) && call.expression === access) {
      const span = spanOf(call, file);
      const name = access.name.text;
      const args = call.arguments;
      if (name === 'query') {
        const first = args[0];
        const folded = fold(first);
        if (!folded.ok || typeof folded.value !== 'string') {
          const reason = folded.ok ? 'the SQL is not a string' : folded.reason;
          statements.push({ method: which, call: name, span, unreadable: { reason, span: folded.ok ? span : spanOf(folded.node, file) } });
          continue;
        }
        const sqlStart = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? literalStart(first, folded.value) : undefined;
        statements.push({ method: which, call: name, span, sql: [folded.value], ...(sqlStart ? { sqlStart } : {}), ...(args.length > 1 ? { parameters: true } : {}) });
        continue;
      }
      const values: StaticValue[] = [];
      let failed: Folded | undefined;
      for (const argument of args) {
        const folded = fold(argument);
        if (!folded.ok) {
          failed = folded;
          break;
        }
        values.push(folded.value);
      }
      if (failed && !failed.ok) {
        statements.push({ method: which, call: name, span, unreadable: { reason: failed.reason, span: spanOf(failed.node, file) } });
        continue;
      }
      // The SQL TypeORM issues for the call, when its arguments decide it.
      const mapped = postgres.typeorm.queryRunnerSql({ method: name, args: values });
      if ('sql' in mapped) statements.push({ method: which, call: name, span, args: values, sql: mapped.sql });
      else statements.push({ method: which, call: name, span, args: values, unreadable: { reason: mapped.reason, span } });
      continue;
    }
    const span = spanOf(access, file);
    const what = ts.isPropertyAccessExpression(access) ? `${runner}.${access.name.text}` : `${runner} is passed on`;
    statements.push({ method: which, call: 'passed-on', span, unreadable: { reason: ts.isPropertyAccessExpression(access) ? `it uses ${what}` : `${what} (what runs there is not read)`, span } });
  }
  return statements;
}

/** The statements of up() or down(): the uses of its first parameter, the query runner. */
function methodStatements(method: ts.MethodDeclaration | undefined, scope: ReadScope): MigrationStatement[] {
  const parameter = method?.parameters[0]?.name;
  return method && parameter && ts.isIdentifier(parameter) ? functionStatements(method, parameter.text, scope) : [];
}

/** The method's SQL the old way: every statement a query() with static SQL and no parameters, else undefined. */
function plainSql(statements: MigrationStatement[], runner: string | undefined): { sql: string[] | undefined; reason?: string; reasonSpan?: SourceSpan } {
  for (const statement of statements) {
    if (statement.call === 'query' && statement.sql && !statement.parameters) continue;
    const reason =
      statement.call === 'passed-on'
        ? statement.unreadable!.reason
        : statement.call !== 'query'
          ? `it uses ${runner}.${statement.call}(...)`
          : statement.parameters
            ? 'a query has parameters'
            : `a query is built at run time: ${statement.unreadable?.reason}`;
    return { sql: undefined, reason, reasonSpan: statement.span };
  }
  return { sql: statements.flatMap((statement) => statement.sql!) };
}

function literalString(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

function readSource(source: ts.SourceFile, file: string, checksum: string): MigrationFile {
  const problems: ReadProblem[] = [];
  const cls = source.statements.filter(ts.isClassDeclaration).find(isMigrationClass);
  if (!cls) {
    problems.push({ severity: 'error', file, message: `${file}: no migration class (a class implementing MigrationInterface with up() and down()) was found` });
    return { file, checksum, upSql: undefined, downSql: undefined, statements: [], problems };
  }
  const span = spanOf(cls.name ?? cls, file);
  const className = cls.name?.text;
  const nameInitializer = member(cls, 'name', ts.isPropertyDeclaration)?.initializer;
  const name = literalString(nameInitializer) ?? className;
  if (nameInitializer && !literalString(nameInitializer)) {
    problems.push({ severity: 'warning', span, message: `${className}: the name property is not a literal string; assuming the class name` });
  }
  const transactionProperty = member(cls, 'transaction', ts.isPropertyDeclaration);
  const transactionInitializer = transactionProperty?.initializer;
  const transaction = transactionInitializer?.kind === ts.SyntaxKind.TrueKeyword ? true : transactionInitializer?.kind === ts.SyntaxKind.FalseKeyword ? false : undefined;
  // A property without a value still decides (undefined: TypeORM's default); its end is where one goes.
  const transactionValue = transactionProperty && (transactionInitializer
    ? { startOffset: transactionInitializer.getStart(source), endOffset: transactionInitializer.getEnd() }
    : { startOffset: transactionProperty.getEnd(), endOffset: transactionProperty.getEnd() });
  const timestamp = name ? timestampOf(name) : undefined;
  if (name && timestamp === undefined) {
    problems.push({ severity: 'error', span, message: `${name}: a migration name must end in a 13-digit timestamp (TypeORM refuses to load it)` });
  }
  const statements: MigrationStatement[] = [];
  const plain: Record<'up' | 'down', ReturnType<typeof plainSql>> = { up: { sql: undefined }, down: { sql: undefined } };
  for (const which of ['up', 'down'] as const) {
    const method = member(cls, which, ts.isMethodDeclaration);
    const own = methodStatements(method, { file, source, cls, which, reading: new Set() });
    statements.push(...own);
    const runner = method?.parameters[0]?.name;
    plain[which] = !method ? { sql: undefined, reason: 'the method is missing' } : !method.body ? { sql: undefined, reason: 'the method has no body' } : plainSql(own, runner && ts.isIdentifier(runner) ? runner.text : undefined);
    const result = plain[which];
    if (result.sql === undefined) {
      problems.push({
        severity: 'info',
        span: result.reasonSpan ?? span,
        message: `${name ?? file}: the SQL of ${which}() is not static (${result.reason}); Show SQL captures it in a rolled-back transaction`,
      });
    }
  }
  return { file, className, timestamp, name, transaction, ...(transactionValue ? { transactionValue } : {}), upSql: plain.up.sql, downSql: plain.down.sql, statements, checksum, problems, span };
}

/**
 * Parsed files by path and content checksum: the tree refreshes on every migration file change,
 * and re-parsing a thousand unchanged files took seconds. Bounded so it cannot grow without limit.
 * Entries are frozen and shared, not copied: copying every file on every read cost more than
 * parsing it (a third of the reader's time on the real-world corpus).
 */
const parsed = new Map<string, MigrationFile>();
const PARSED_LIMIT = 20_000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Reads each file on its own; an unreadable file is a problem in its entry, never an exception. */
export function readMigrationFiles(files: string[], texts?: Map<string, string>): MigrationFile[] {
  return files.map((file) => {
    let text: string;
    try {
      text = texts?.get(file) ?? readFileSync(file, 'utf8');
    } catch (error) {
      return {
        file,
        checksum: '',
        upSql: undefined,
        downSql: undefined,
        statements: [],
        problems: [{ severity: 'error', file, message: `cannot read ${file}: ${messageOf(error)}` }],
      };
    }
    const checksum = contentChecksum(text);
    const key = `${file}\0${checksum}`;
    const known = parsed.get(key);
    if (known) return known;
    try {
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /\.[cm]?jsx?$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
      const result = readSource(source, file, checksum);
      if (parsed.size >= PARSED_LIMIT) parsed.clear();
      parsed.set(key, deepFreeze(result));
      return result;
    } catch (error) {
      // TypeScript's parser recurses once per nesting level: thousands of nested brackets or arrows
      // overflow the stack. The file is then unreadable, like one that cannot be opened.
      const reason = error instanceof RangeError ? 'nested too deeply to parse' : messageOf(error);
      return { file, checksum, upSql: undefined, downSql: undefined, statements: [], problems: [{ severity: 'error', file, message: `cannot read ${file}: ${reason}` }] };
    }
  });
}

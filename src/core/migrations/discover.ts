// Reads TypeORM migration files statically (never executed, so this works in an untrusted
// workspace and on half-typed code): the migration class, its 13-digit timestamp, `name`,
// `transaction` flag, and the SQL its up()/down() send through queryRunner.query(...) when that SQL
// is written out literally. Anything else a method does (string building, queryRunner.createTable,
// helper functions) makes that method "not static": its SQL is then only known by capturing it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type ClassDeclaration,
  type MethodDeclaration,
  Node,
  Project,
  type SourceFile,
  SyntaxKind,
} from 'ts-morph';
import type { ReadProblem, SourceSpan } from '../model/schema';
import { messageOf } from '../errors';

export interface MigrationFile {
  file: string;
  className?: string;
  timestamp?: number;
  /** `name` property when it is a literal, else the class name (what TypeORM records). */
  name?: string;
  /** The `transaction` property when it is a literal boolean. */
  transaction?: boolean;
  /** The statements up() runs, in order; undefined when up() is not fully static. */
  upSql: string[] | undefined;
  downSql: string[] | undefined;
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
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}

function spanOf(node: Node, file: string): SourceSpan {
  const source = node.getSourceFile();
  const start = source.getLineAndColumnAtPos(node.getStart());
  const end = source.getLineAndColumnAtPos(node.getEnd());
  return {
    file,
    start: { line: start.line - 1, character: start.column - 1 },
    end: { line: end.line - 1, character: end.column - 1 },
    startOffset: node.getStart(),
    endOffset: node.getEnd(),
  };
}

function isMigrationClass(cls: ClassDeclaration): boolean {
  const implementsMigration = cls.getImplements().some((clause) => /\bMigrationInterface\b/.test(clause.getText()));
  return implementsMigration || (cls.getMethod('up') !== undefined && cls.getMethod('down') !== undefined);
}

interface MethodSql {
  sql: string[] | undefined;
  /** Why the method is not static (first reason), for the problem message. */
  reason?: string;
  reasonNode?: Node;
}

/**
 * The literal SQL of every `queryRunner.query('...')` in the method, in source order. Any other use
 * of the query runner parameter, or a query argument that is not a plain literal, means the SQL is
 * only known at run time.
 */
function methodSql(method: MethodDeclaration | undefined): MethodSql {
  if (!method) return { sql: undefined, reason: 'the method is missing' };
  const body = method.getBody();
  if (!body) return { sql: undefined, reason: 'the method has no body' };
  const runner = method.getParameters()[0]?.getName();
  if (!runner) return { sql: [] };
  const sql: string[] = [];
  for (const identifier of body.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (identifier.getText() !== runner) continue;
    const access = identifier.getParent();
    // `x.queryRunner` is a different name, not a use of the parameter.
    if (Node.isPropertyAccessExpression(access) && access.getNameNode() === identifier) continue;
    const call = access?.getParent();
    if (
      Node.isPropertyAccessExpression(access) &&
      access.getName() === 'query' &&
      Node.isCallExpression(call) &&
      call.getExpression() === access
    ) {
      const argument = call.getArguments()[0];
      if (call.getArguments().length === 1 && (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument))) {
        sql.push(argument.getLiteralValue());
        continue;
      }
      return { sql: undefined, reason: 'a query is built at run time (or has parameters)', reasonNode: call };
    }
    const what = Node.isPropertyAccessExpression(access) ? `${runner}.${access.getName()}(...)` : `${runner} is passed on`;
    return { sql: undefined, reason: `it uses ${what}`, reasonNode: access ?? identifier };
  }
  return { sql };
}

function literalString(node: Node | undefined): string | undefined {
  return Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) ? node.getLiteralValue() : undefined;
}

function readSource(source: SourceFile, file: string, checksum: string): MigrationFile {
  const problems: ReadProblem[] = [];
  const cls = source.getClasses().find(isMigrationClass);
  if (!cls) {
    problems.push({ severity: 'error', file, message: `${file}: no migration class (a class implementing MigrationInterface with up() and down()) was found` });
    return { file, checksum, upSql: undefined, downSql: undefined, problems };
  }
  const span = spanOf(cls.getNameNode() ?? cls, file);
  const className = cls.getName();
  const nameProperty = cls.getProperty('name');
  const name = literalString(nameProperty?.getInitializer()) ?? className;
  if (nameProperty && name === className && nameProperty.getInitializer() && !literalString(nameProperty.getInitializer())) {
    problems.push({ severity: 'warning', span, message: `${className}: the name property is not a literal string; assuming the class name` });
  }
  const transactionInitializer = cls.getProperty('transaction')?.getInitializer();
  const transaction = transactionInitializer?.getKind() === SyntaxKind.TrueKeyword ? true : transactionInitializer?.getKind() === SyntaxKind.FalseKeyword ? false : undefined;
  const timestamp = name ? timestampOf(name) : undefined;
  if (name && timestamp === undefined) {
    problems.push({ severity: 'error', span, message: `${name}: a migration name must end in a 13-digit timestamp (TypeORM refuses to load it)` });
  }
  const up = methodSql(cls.getMethod('up'));
  const down = methodSql(cls.getMethod('down'));
  for (const [which, result] of [['up', up], ['down', down]] as const) {
    if (result.sql === undefined) {
      problems.push({
        severity: 'info',
        span: result.reasonNode ? spanOf(result.reasonNode, file) : span,
        message: `${name ?? file}: the SQL of ${which}() is not static (${result.reason}); Show SQL captures it in a rolled-back transaction`,
      });
    }
  }
  return { file, className, timestamp, name, transaction, upSql: up.sql, downSql: down.sql, checksum, problems, span };
}

/**
 * Parsed files by path and content checksum: the tree refreshes on every migration file change,
 * and re-parsing a thousand unchanged files took seconds. Bounded so it cannot grow without limit.
 */
const parsed = new Map<string, MigrationFile>();
const PARSED_LIMIT = 20_000;

/** Reads each file on its own; an unreadable file is a problem in its entry, never an exception. */
export function readMigrationFiles(files: string[], texts?: Map<string, string>): MigrationFile[] {
  let project: Project | undefined;
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
        problems: [{ severity: 'error', file, message: `cannot read ${file}: ${messageOf(error)}` }],
      };
    }
    const checksum = contentChecksum(text);
    const key = `${file}\0${checksum}`;
    const known = parsed.get(key);
    if (known) return structuredClone(known);
    project ??= new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true, compilerOptions: { allowJs: true } });
    const source = project.createSourceFile(file, text, { overwrite: true });
    try {
      const result = readSource(source, file, checksum);
      if (parsed.size >= PARSED_LIMIT) parsed.clear();
      parsed.set(key, structuredClone(result));
      return result;
    } finally {
      project.removeSourceFile(source);
    }
  });
}

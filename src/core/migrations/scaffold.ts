// Writes TypeORM migration files: the class TypeORM's own `migration:create/generate` would write
// (`${Name}${timestamp}` implementing MigrationInterface, a `name` property, one awaited
// queryRunner.query(...) per statement), in the quote, indent and semicolon style the project's
// existing migrations already use, so a scaffolded file does not stand out in review.

export interface MigrationStyle {
  /** The quote around the SQL strings given to queryRunner.query(...). */
  quote: "'" | '"' | '`';
  indent: string;
  semicolons: boolean;
  /** How migration files are named: `1700000000000-AddEmail.ts`, `1700000000000_add_email.ts`, ... */
  fileNaming: FileNaming;
}

export interface FileNaming {
  /** The 13-digit timestamp before the name (TypeORM's own way) or after it. */
  timestampFirst: boolean;
  /** Between the timestamp and the name: '-', '_', '.' or nothing. */
  separator: string;
  /** How the name's words are written. */
  case: 'pascal' | 'camel' | 'kebab' | 'snake';
}

/** What `typeorm migration:generate` writes. */
export const defaultMigrationStyle: MigrationStyle = { quote: '`', indent: '    ', semicolons: true, fileNaming: { timestampFirst: true, separator: '-', case: 'pascal' } };

/** The file naming of one existing migration's file name, when it has a 13-digit timestamp at either end. */
function fileNamingOf(fileName: string): FileNaming | undefined {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, '');
  const first = /^(\d{13})([-_.]?)([A-Za-z].*)$/.exec(stem);
  const last = /^([A-Za-z].*?)([-_.]?)(\d{13})$/.exec(stem);
  const name = first?.[3] ?? last?.[1];
  if (!name) return undefined;
  const separator = (first?.[2] ?? last?.[2])!;
  // One lowercase word (`init`) could be any case: the separator beside the timestamp says which.
  const oneLowercaseWord = /^[a-z0-9]+$/.test(name);
  const wordCase: FileNaming['case'] =
    name.includes('-') || (oneLowercaseWord && separator === '-') ? 'kebab'
    : name.includes('_') || (oneLowercaseWord && separator === '_') ? 'snake'
    : /^[a-z]/.test(name) ? 'camel'
    : 'pascal';
  return { timestampFirst: first !== null, separator, case: wordCase };
}

/** `AddUserEmail` written in the project's file naming, with the timestamp where its files have it. */
export function migrationFileName(base: string, timestamp: number, naming: FileNaming): string {
  const words = base.split(/(?<=[a-z0-9])(?=[A-Z])/);
  const name =
    naming.case === 'kebab' ? words.map((word) => word.toLowerCase()).join('-')
    : naming.case === 'snake' ? words.map((word) => word.toLowerCase()).join('_')
    : naming.case === 'camel' ? base[0]!.toLowerCase() + base.slice(1)
    : base;
  return `${naming.timestampFirst ? `${timestamp}${naming.separator}${name}` : `${name}${naming.separator}${timestamp}`}.ts`;
}

const queryCallStart = /queryRunner\s*\.\s*query\s*\(\s*(['"`])/g;

function mostCommon<T>(counts: Map<T, number>, fallback: T): T {
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function increment<T>(counts: Map<T, number>, value: T): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

/**
 * The style most of the given migration files use; TypeORM's own style where they say nothing.
 * @param existingFileNames their file names, for the file naming
 */
export function detectMigrationStyle(existingMigrationTexts: string[], existingFileNames: string[] = []): MigrationStyle {
  const namings = new Map<string, number>();
  for (const fileName of existingFileNames) {
    const naming = fileNamingOf(fileName);
    if (naming) increment(namings, JSON.stringify(naming));
  }
  const quotes = new Map<MigrationStyle['quote'], number>();
  const indents = new Map<string, number>();
  const semicolons = new Map<boolean, number>();
  for (const text of existingMigrationTexts) {
    for (const match of text.matchAll(queryCallStart)) increment(quotes, match[1] as MigrationStyle['quote']);
    for (const line of text.split(/\r?\n/)) {
      // The indent unit is the indent of the class members (the first indentation level).
      const member = /^([ \t]+)(?:public\s+|private\s+)?(?:async\s+)?(?:up|down|name)\b/.exec(line);
      if (member) increment(indents, member[1]!);
      if (/^\s*await\s+queryRunner\s*\.\s*query\s*\(/.test(line)) {
        const trimmed = line.trimEnd();
        if (trimmed.endsWith(')') || trimmed.endsWith(');')) increment(semicolons, trimmed.endsWith(';'));
      }
    }
  }
  return {
    quote: mostCommon(quotes, defaultMigrationStyle.quote),
    indent: mostCommon(indents, defaultMigrationStyle.indent),
    semicolons: mostCommon(semicolons, defaultMigrationStyle.semicolons),
    fileNaming: JSON.parse(mostCommon(namings, JSON.stringify(defaultMigrationStyle.fileNaming))) as FileNaming,
  };
}

/** A string literal holding `text` exactly, delimited by `quote`. */
export function quoteString(text: string, quote: MigrationStyle['quote']): string {
  let body = text.replace(/\\/g, '\\\\');
  if (quote === '`') {
    // Inside a template literal, only the backtick and `${` are special; newlines may stay as they are.
    body = body.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  } else {
    body = body
      .replace(new RegExp(quote, 'g'), `\\${quote}`)
      .replace(/\r/g, '\\r')
      .replace(/\n/g, '\\n')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
  }
  return `${quote}${body}${quote}`;
}

/**
 * `add user email` / `add-user_email` / `addUserEmail` -> `AddUserEmail`. A class name must be a
 * valid identifier, so one that would start with a digit (or be empty) is prefixed.
 */
export function migrationClassBaseName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const pascal = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return /^[A-Za-z]/.test(pascal) ? pascal : `Migration${pascal}`;
}

export function scaffoldMigration(input: {
  name: string;
  up: string[];
  down: string[];
  timestamp?: number;
  style?: MigrationStyle;
  /** false: TypeORM runs it outside a transaction (CREATE INDEX CONCURRENTLY needs that). */
  transaction?: false;
}): { className: string; fileName: string; text: string } {
  const style = input.style ?? defaultMigrationStyle;
  const timestamp = input.timestamp ?? Date.now();
  if (!Number.isInteger(timestamp) || String(timestamp).length !== 13) {
    // TypeORM reads the timestamp from the last 13 digits of the class name.
    throw new Error(`a migration timestamp must have 13 digits (milliseconds), got ${timestamp}`);
  }
  const base = migrationClassBaseName(input.name);
  const className = `${base}${timestamp}`;
  const semi = style.semicolons ? ';' : '';
  // Module specifiers and the name use the project's quote, except a template literal there.
  const plainQuote = style.quote === '`' ? '"' : style.quote;
  const one = style.indent;
  const two = one + one;
  const body = (statements: string[]): string =>
    statements.map((sql) => `${two}await queryRunner.query(${quoteString(sql, style.quote)})${semi}\n`).join('');
  const text =
    `import { MigrationInterface, QueryRunner } from ${plainQuote}typeorm${plainQuote}${semi}\n` +
    `\n` +
    `export class ${className} implements MigrationInterface {\n` +
    `${one}name = ${quoteString(className, plainQuote)}${semi}\n` +
    (input.transaction === false ? `${one}transaction = false${semi}\n` : '') +
    `\n` +
    `${one}public async up(queryRunner: QueryRunner): Promise<void> {\n` +
    body(input.up) +
    `${one}}\n` +
    `\n` +
    `${one}public async down(queryRunner: QueryRunner): Promise<void> {\n` +
    body(input.down) +
    `${one}}\n` +
    `}\n`;
  return { className, fileName: migrationFileName(base, timestamp, style.fileNaming), text };
}

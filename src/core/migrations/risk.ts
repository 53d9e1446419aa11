// What a revert can destroy. Each statement of a down() (static, or captured in a rolled-back
// transaction) is matched against the statement shapes that lose data or can fail on existing
// data; the database then says how many rows are at stake. A statement we cannot read is not
// "safe": it makes the analysis unsure, and an unsure revert backs up the whole schema.
import pg from 'pg';
import type { QualifiedName } from '../model/schema';

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

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;

function unquote(identifier: string): string {
  const trimmed = identifier.trim();
  return trimmed.startsWith('"') ? trimmed.slice(1, -1).replace(/""/g, '"') : trimmed.toLowerCase();
}

function splitQualified(text: string, defaultSchema: string): QualifiedName {
  const parts = text.match(new RegExp(IDENT, 'g')) ?? [text];
  return parts.length > 1 ? { schema: unquote(parts[0]!), name: unquote(parts[1]!) } : { schema: defaultSchema, name: unquote(parts[0]!) };
}

/** Splits on commas outside parentheses and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function columnList(text: string): string[] | undefined {
  const names = splitTopLevel(text);
  return names.every((name) => new RegExp(`^${IDENT}$`).test(name)) ? names.map(unquote) : undefined;
}

/** Statement shapes that change structure or data without putting anything at risk. */
const harmless = [
  /^CREATE\s+(TABLE|TYPE|SEQUENCE|SCHEMA|EXTENSION|VIEW|MATERIALIZED\s+VIEW|(UNIQUE\s+)?INDEX)\b/i,
  /^DROP\s+(INDEX|VIEW|MATERIALIZED\s+VIEW|SEQUENCE|EXTENSION|FUNCTION|TRIGGER)\b/i,
  /^COMMENT\s+ON\b/i,
  /^ALTER\s+(TYPE|INDEX|SEQUENCE)\b/i,
  /^INSERT\s+INTO\b/i,
  /^SET\b|^RESET\b|^SELECT\b/i,
];

function alterTableRisks(statement: string, table: QualifiedName, actions: string): { items: RiskItem[]; understood: boolean } {
  const items: RiskItem[] = [];
  let understood = true;
  for (const action of splitTopLevel(actions)) {
    let match: RegExpExecArray | null;
    if ((match = new RegExp(`^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(${IDENT})(\\s+CASCADE)?`, 'i').exec(action)) && !/^DROP\s+CONSTRAINT\b/i.test(action)) {
      const column = unquote(match[1]!);
      items.push({ kind: 'drop-column', statement, table, column, detail: `drops column ${table.name}.${column} and every value in it` });
      if (match[2]) items.push({ kind: 'cascade', statement, table, column, detail: `CASCADE also drops whatever depends on ${table.name}.${column}` });
    } else if ((match = new RegExp(`^ALTER\\s+(?:COLUMN\\s+)?(${IDENT})\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+(.+?)(?:\\s+COLLATE\\s+\\S+)?(?:\\s+USING\\s+.+)?$`, 'is').exec(action))) {
      const column = unquote(match[1]!);
      const toType = match[2]!.trim();
      items.push({
        kind: 'type-change',
        statement,
        table,
        column,
        toType,
        detail: `changes the type of ${table.name}.${column} to ${toType}: values may be truncated or rounded, or not convert at all`,
      });
    } else if ((match = new RegExp(`^ALTER\\s+(?:COLUMN\\s+)?(${IDENT})\\s+SET\\s+NOT\\s+NULL`, 'i').exec(action))) {
      const column = unquote(match[1]!);
      items.push({ kind: 'set-not-null', statement, table, column, detail: `makes ${table.name}.${column} NOT NULL: fails while any row has NULL there` });
    } else if ((match = /^ADD\s+(?:CONSTRAINT\s+\S+\s+)?UNIQUE\s*\((.+)\)/is.exec(action))) {
      const columns = columnList(match[1]!);
      items.push({ kind: 'add-unique', statement, table, columns, detail: `adds a unique constraint on ${table.name}(${columns?.join(', ') ?? match[1]}): fails while duplicates exist` });
    } else if (/^DROP\s+CONSTRAINT\b.*\bCASCADE\b/is.test(action)) {
      items.push({ kind: 'cascade', statement, table, detail: `CASCADE also drops whatever depends on the constraint` });
    } else if (!/^(ADD|DROP\s+CONSTRAINT|ALTER\s+(COLUMN\s+)?\S+\s+(SET|DROP)\s+DEFAULT|ALTER\s+(COLUMN\s+)?\S+\s+DROP\s+NOT\s+NULL|RENAME|OWNER|ENABLE|DISABLE|SET\s+SCHEMA|VALIDATE)/i.test(action)) {
      understood = false;
    }
  }
  return { items, understood };
}

/** The risks of these statements, read from their text alone. */
export function analyseStatements(statements: string[], defaultSchema: string): StatementsRisk {
  const items: RiskItem[] = [];
  const unrecognised: string[] = [];
  for (const raw of statements) {
    const statement = raw.trim().replace(/;\s*$/, '');
    let match: RegExpExecArray | null;
    if ((match = new RegExp(`^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(.+?)(\\s+CASCADE|\\s+RESTRICT)?$`, 'is').exec(statement))) {
      for (const name of splitTopLevel(match[1]!)) {
        const table = splitQualified(name, defaultSchema);
        items.push({ kind: 'drop-table', statement, table, detail: `drops table ${table.name} and all its rows` });
      }
      if (/CASCADE/i.test(match[2] ?? '')) items.push({ kind: 'cascade', statement, detail: 'CASCADE also drops views and foreign keys that depend on it' });
    } else if ((match = new RegExp(`^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(${QUALIFIED})\\s+(.+)$`, 'is').exec(statement))) {
      const table = splitQualified(match[1]!, defaultSchema);
      const result = alterTableRisks(statement, table, match[2]!);
      items.push(...result.items);
      if (!result.understood) unrecognised.push(statement);
    } else if ((match = new RegExp(`^CREATE\\s+UNIQUE\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:${IDENT}\\s+)?ON\\s+(?:ONLY\\s+)?(${QUALIFIED})\\s*(?:USING\\s+\\w+\\s*)?\\((.+?)\\)\\s*(WHERE\\s+.+)?$`, 'is').exec(statement))) {
      const table = splitQualified(match[1]!, defaultSchema);
      const columns = match[3] ? undefined : columnList(match[2]!);
      items.push({ kind: 'add-unique', statement, table, columns, detail: `adds a unique index on ${table.name}(${match[2]}): fails while duplicates exist` });
    } else if ((match = /^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?(.+?)(\s+(?:RESTART|CONTINUE)\s+IDENTITY)?(\s+CASCADE|\s+RESTRICT)?$/is.exec(statement))) {
      for (const name of splitTopLevel(match[1]!)) {
        const table = splitQualified(name, defaultSchema);
        items.push({ kind: 'truncate', statement, table, detail: `empties table ${table.name}` });
      }
    } else if ((match = new RegExp(`^DELETE\\s+FROM\\s+(?:ONLY\\s+)?(${QUALIFIED})`, 'is').exec(statement))) {
      const table = splitQualified(match[1]!, defaultSchema);
      items.push({ kind: 'delete', statement, table, detail: `deletes rows from ${table.name} (the count is every row: an upper bound)` });
    } else if ((match = new RegExp(`^UPDATE\\s+(?:ONLY\\s+)?(${QUALIFIED})`, 'is').exec(statement))) {
      const table = splitQualified(match[1]!, defaultSchema);
      items.push({ kind: 'update', statement, table, detail: `overwrites values in ${table.name} (the count is every row: an upper bound)` });
    } else if (/^DROP\s+TYPE\b/i.test(statement)) {
      items.push({ kind: 'drop-type', statement, detail: 'drops a type; columns of that type must already be gone (or CASCADE drops them)' });
      if (/\bCASCADE\s*$/i.test(statement)) items.push({ kind: 'cascade', statement, detail: 'CASCADE drops every column of that type' });
    } else if (!harmless.some((pattern) => pattern.test(statement))) {
      unrecognised.push(statement);
    }
  }
  return { items, unrecognised };
}

function tableSql(table: QualifiedName): string {
  return `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`;
}

const SPELLINGS: Array<[RegExp, string]> = [
  [/^varchar\b/, 'character varying'],
  [/^char\b/, 'character'],
  [/^int4?$|^int$/, 'integer'],
  [/^int8$/, 'bigint'],
  [/^int2$/, 'smallint'],
  [/^decimal\b/, 'numeric'],
];

/** The type as format_type() spells the common ones, lower case, without spaces around parentheses. */
export function spellType(type: string): string {
  let spelled = type.trim().toLowerCase().replace(/\s*\(\s*/g, '(').replace(/\s*\)/g, ')').replace(/\s*,\s*/g, ',').replace(/^"(.*)"$/, '$1');
  for (const [pattern, replacement] of SPELLINGS) spelled = spelled.replace(pattern, replacement);
  return spelled;
}

function varcharLength(type: string): number | undefined | 'unbounded' {
  if (type === 'text' || type === 'character varying') return 'unbounded';
  const match = /^character varying\((\d+)\)$/.exec(type);
  return match ? Number(match[1]) : undefined;
}

const INTEGER_WIDTH: Record<string, number> = { smallint: 2, integer: 4, bigint: 8 };

/** A change every value survives unchanged: longer (or unbounded) text, a wider integer. */
export function isWidening(from: string, to: string): boolean {
  if (from === to) return true;
  const fromLength = varcharLength(from);
  const toLength = varcharLength(to);
  if (fromLength !== undefined && toLength !== undefined) return toLength === 'unbounded' || (fromLength !== 'unbounded' && toLength >= fromLength);
  const fromWidth = INTEGER_WIDTH[from];
  if (fromWidth !== undefined && (INTEGER_WIDTH[to] ?? 0) >= fromWidth) return true;
  return fromWidth !== undefined && (to === 'numeric' || to === 'text' || to === 'character varying');
}

/**
 * How many values a type change puts at stake: none when it widens; the values longer than the
 * new length when it shortens text; else every non-null value (it may not convert).
 */
async function typeChangeCountSql(client: pg.ClientBase, item: RiskItem, table: string, column: string): Promise<string> {
  const current = await client.query(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND NOT a.attisdropped`,
    [table, item.column],
  );
  const from = current.rows[0]?.type as string | undefined;
  const to = item.toType ? spellType(item.toType) : undefined;
  if (!from || !to) return `SELECT count(${column}) AS n FROM ${table}`;
  item.fromType = from;
  if (isWidening(from, to)) {
    item.detail = `widens ${item.table!.name}.${item.column} from ${from} to ${to}: no value is lost`;
    return 'SELECT 0 AS n';
  }
  const toLength = varcharLength(to);
  if (typeof toLength === 'number' && varcharLength(from) !== undefined) {
    item.detail = `shortens ${item.table!.name}.${item.column} from ${from} to ${to}: longer values make it fail (or are cut by an explicit cast)`;
    return `SELECT count(*) AS n FROM ${table} WHERE char_length(${column}) > ${toLength}`;
  }
  item.detail = `changes ${item.table!.name}.${item.column} from ${from} to ${to}: values may be rounded, or not convert at all`;
  return `SELECT count(${column}) AS n FROM ${table}`;
}

/** Fills rowsAtStake from the database; an item whose table or column does not exist keeps none. */
export async function countRowsAtStake(client: pg.ClientBase, items: RiskItem[]): Promise<void> {
  for (const item of items) {
    if (!item.table) continue;
    const table = tableSql(item.table);
    // Each count on its own (autocommit): one missing table or column must not hide the others' counts.
    try {
      await countOne(client, item, table);
    } catch {
      // The table or column does not exist (yet): nothing of it to lose.
    }
  }
}

async function countOne(client: pg.ClientBase, item: RiskItem, table: string): Promise<void> {
  const column = item.column ? pg.escapeIdentifier(item.column) : undefined;
  let sql: string | undefined;
  switch (item.kind) {
    case 'drop-table':
    case 'truncate':
    case 'delete':
    case 'update':
      sql = `SELECT count(*) AS n FROM ${table}`;
      break;
    case 'drop-column':
      sql = column ? `SELECT count(${column}) AS n FROM ${table}` : undefined;
      break;
    case 'type-change':
      sql = column ? await typeChangeCountSql(client, item, table, column) : undefined;
      break;
    case 'set-not-null':
      sql = column ? `SELECT count(*) AS n FROM ${table} WHERE ${column} IS NULL` : undefined;
      break;
    case 'add-unique':
      // Rows that share their key with another row (NULLs never collide in a unique constraint).
      sql = item.columns
        ? `SELECT coalesce(sum(c), 0) AS n FROM (SELECT count(*) AS c FROM ${table} WHERE ${item.columns.map((c) => `${pg.escapeIdentifier(c)} IS NOT NULL`).join(' AND ')} GROUP BY ${item.columns.map((c) => pg.escapeIdentifier(c)).join(', ')} HAVING count(*) > 1) d`
        : undefined;
      break;
    default:
      sql = undefined;
  }
  if (!sql) return;
  const result = await client.query(sql);
  item.rowsAtStake = Number(result.rows[0].n);
}

/** The tables whose data a backup must hold before these risks are taken. */
export function tablesAtRisk(items: RiskItem[]): QualifiedName[] {
  const seen = new Map<string, QualifiedName>();
  for (const item of items) {
    if (item.table && item.kind !== 'set-not-null' && item.kind !== 'add-unique' && item.rowsAtStake !== 0) seen.set(`${item.table.schema}.${item.table.name}`, item.table);
  }
  return [...seen.values()];
}

// What a migration's statements can destroy, read from their text: each statement (of a down(),
// static or captured in a rolled-back transaction, or a pending up()) is matched against the
// PostgreSQL statement shapes that lose data or can fail on existing data (rows-at-stake.ts then
// asks the database how many rows). A statement we cannot read is not "safe": it makes the
// analysis unsure, and an unsure revert backs up the whole schema.
import type { RiskItem, StatementsRisk } from '../../dialect';
import type { QualifiedName } from '../../../model/schema';

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

// How many rows each risk of a migration puts at stake, asked of the database: every row of a
// dropped or emptied table, the values of a dropped column, the values a type change may not
// convert (none when it only widens), the NULLs that block NOT NULL, the duplicates that block a
// unique constraint.
import pg from 'pg';
import type { RiskItem } from '../../dialect';
import type { QualifiedName } from '../../../model/schema';

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

// Column defaults as PostgreSQL stores them: what TypeORM writes after DEFAULT, re-printed the way
// pg_get_expr() prints the stored default, so the two sides compare.
import type { DefaultContext } from '../../dialect';
import { quoteIdentifier, quoteLiteral } from './identifiers';
import { matchingClose, tokenize } from './tokens';
import { canonicalType, typeWithoutModifier } from './types';

/** The cast PostgreSQL prints after a literal of this column type. */
function castTypeName(context: DefaultContext): string {
  const array = context.type.endsWith('[]') ? '[]' : '';
  if (context.enumType) {
    const { schema, name } = context.enumType;
    return (schema === 'public' ? '' : quoteIdentifier(schema) + '.') + quoteIdentifier(name) + array;
  }
  const base = typeWithoutModifier(context.type.slice(0, context.type.length - array.length));
  if (base === 'character') return 'bpchar' + array;
  if (base === 'bit') return '"bit"' + array;
  return base + array;
}

/** jsonb's output format: `{"a": 1, "b": [1, 2]}`, keys sorted by length then bytes. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText((value as Record<string, unknown>)[key])}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A one-dimensional array constant re-printed as PostgreSQL's array_out prints it: unquoted
 * elements lose surrounding blanks; an element is double-quoted when it is empty, reads NULL, or
 * holds a blank, comma, brace, quote or backslash (TypeORM writes `['Getting started']` as
 * `'{Getting started}'`, stored as `'{"Getting started"}'`). Undefined for anything else
 * (nested arrays, malformed text): the caller keeps the text as written.
 */
export function canonicalArrayLiteral(text: string): string | undefined {
  const body = /^\s*\{(.*)\}\s*$/s.exec(text)?.[1];
  if (body === undefined) return undefined;
  if (body.trim() === '') return '{}';
  const elements: Array<{ value: string; quoted: boolean }> = [];
  let i = 0;
  while (i <= body.length) {
    while (i < body.length && /\s/.test(body[i]!)) i++;
    let value = '';
    let quoted = false;
    if (body[i] === '"') {
      quoted = true;
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        value += body[i] ?? '';
        i++;
      }
      if (body[i] !== '"') return undefined;
      i++;
      while (i < body.length && /\s/.test(body[i]!)) i++;
    } else {
      const end = body.indexOf(',', i);
      value = body.slice(i, end === -1 ? body.length : end).trim();
      if (/[{}"\\]/.test(value)) return undefined;
      i = end === -1 ? body.length : end;
    }
    elements.push({ value, quoted });
    if (i >= body.length) break;
    if (body[i] !== ',') return undefined;
    i++;
  }
  const print = ({ value, quoted }: { value: string; quoted: boolean }): string => {
    if (!quoted && value.toUpperCase() === 'NULL') return 'NULL';
    const needsQuotes = value === '' || value.toUpperCase() === 'NULL' || /[\s,{}"\\]/.test(value);
    return needsQuotes ? `"${value.replace(/["\\]/g, '\\$&')}"` : value;
  };
  return `{${elements.map(print).join(',')}}`;
}

/** How PostgreSQL prints a constant of the column's type given as the text of a string literal. */
export function storedLiteral(literalText: string, context: DefaultContext): string {
  const type = context.type;
  const isArray = type.endsWith('[]');
  if (!context.enumType && !isArray) {
    const base = typeWithoutModifier(type);
    if (base === 'integer' && /^\s*[+-]?\d+\s*$/.test(literalText)) {
      const n = BigInt(literalText.trim());
      return n >= 0n ? n.toString() : `'${n.toString()}'::integer`;
    }
    if ((base === 'smallint' || base === 'bigint') && /^\s*[+-]?\d+\s*$/.test(literalText)) {
      return `'${BigInt(literalText.trim()).toString()}'::${base}`;
    }
    if (base === 'numeric' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(literalText)) {
      const text = literalText.trim().replace(/^\+/, '');
      return /^\d/.test(text) && /[.eE]/.test(text) ? text : `'${text}'::numeric`;
    }
    if (base === 'boolean') {
      const lower = literalText.trim().toLowerCase();
      if (['t', 'true', 'y', 'yes', 'on', '1'].includes(lower)) return 'true';
      if (['f', 'false', 'n', 'no', 'off', '0'].includes(lower)) return 'false';
    }
    if (base === 'jsonb') {
      try {
        return `${quoteLiteral(jsonbText(JSON.parse(literalText)))}::jsonb`;
      } catch {
        // Not JSON: PostgreSQL would have refused it; keep the text.
      }
    }
    if (base === 'uuid') return `${quoteLiteral(literalText.toLowerCase())}::uuid`;
  }
  if (isArray) {
    const canonical = canonicalArrayLiteral(literalText);
    if (canonical !== undefined) return `${quoteLiteral(canonical)}::${castTypeName(context)}`;
  }
  return `${quoteLiteral(literalText)}::${castTypeName(context)}`;
}

/**
 * A default expression as TypeORM emits it (`'x'`, `true`, `now()`, `'{}'`), re-printed the way
 * PostgreSQL stores it for a column of the given type.
 */
export function storedDefault(sql: string, context: DefaultContext): string {
  const text = sql.trim();
  const literal = /^'((?:[^']|'')*)'$/.exec(text);
  if (literal) return storedLiteral(literal[1].replace(/''/g, "'"), context);
  // B'0101': a bit-string constant.
  const bits = /^([bB])'([01]*)'$/.exec(text);
  if (bits) return storedLiteral(bits[2], context);
  const castLiteral = /^'((?:[^']|'')*)'\s*::\s*(.+)$/.exec(text);
  if (castLiteral && !/[()]/.test(castLiteral[2].replace(/\(\d+(,\d+)?\)/, ''))) {
    const castType = canonicalType(castLiteral[2]);
    const same = canonicalType(context.type) === castType || typeWithoutModifier(context.type) === typeWithoutModifier(castType);
    if (same) return storedLiteral(castLiteral[1].replace(/''/g, "'"), context);
    return `${quoteLiteral(castLiteral[1].replace(/''/g, "'"))}::${typeWithoutModifier(castType)}`;
  }
  if (/^(true|false)$/i.test(text)) return text.toLowerCase();
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return storedLiteral(text, context);
  if (/^current_timestamp$/i.test(text)) return 'CURRENT_TIMESTAMP';
  if (/^(current_date|current_time|localtimestamp|localtime|current_user|session_user)$/i.test(text)) return text.toUpperCase();
  return reprintExpression(text);
}

/**
 * The few rewrites PostgreSQL's deparser applies to typical default expressions: typed literals
 * become casts (`interval '1 day'` -> `'1 day'::interval`), a string literal passed to a function
 * is cast to text (`timezone('utc', now())` -> `timezone('utc'::text, now())`), and a top-level
 * operator expression is parenthesised. Anything else is kept as written (compare loosely).
 */
function reprintExpression(text: string): string {
  let result = text.replace(/\b(interval|date|timestamptz|timestamp|time|uuid|jsonb|json|numeric)\s+'((?:[^']|'')*)'/gi, (_m, type: string, literal: string) => {
    const name = canonicalType(type.toLowerCase());
    return `'${literal}'::${typeWithoutModifier(name)}`;
  });
  result = result.replace(/([(,]\s*)'((?:[^']|'')*)'(?!\s*::)(?=\s*[,)])/g, (_m, before: string, literal: string) => `${before}'${literal}'::text`);
  const tokens = tokenize(result);
  let depth = 0;
  let topLevelOperator = false;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (depth === 0 && t.kind === 'op' && ['+', '-', '*', '/', '||', '%'].includes(t.text)) topLevelOperator = true;
  }
  if (topLevelOperator && !(tokens[0]?.kind === 'open' && matchingClose(tokens, 0) === tokens.length - 1)) result = `(${result})`;
  return result;
}

/**
 * PostgreSQL reads the date/time inputs 'now', 'today', 'tomorrow' and 'yesterday' (also written
 * 'now()') as the moment the literal is read: a string default `default: 'now()'` on a timestamp
 * becomes the constant time of the CREATE TABLE, not now() per row. That constant cannot be known
 * from the source. The literal's text when `sql` is such a default, else undefined.
 */
export function fixedAtCreation(sql: string, context: DefaultContext): string | undefined {
  if (context.enumType || context.type.endsWith('[]')) return undefined;
  const base = typeWithoutModifier(context.type);
  if (!DATE_TIME_TYPES.has(base)) return undefined;
  const literal = /^'((?:[^']|'')*)'(?:\s*::\s*[\w\s]+(?:\(\d+\))?[\w\s]*)?$/.exec(sql.trim());
  if (!literal) return undefined;
  return /^\s*(now|today|tomorrow|yesterday)\s*(\(\s*\))?\s*$/i.test(literal[1]!) ? literal[1] : undefined;
}

const DATE_TIME_TYPES = new Set(['timestamp without time zone', 'timestamp with time zone', 'date', 'time without time zone', 'time with time zone']);

// Normalisation shared by both readers and the diff: the one place that knows `int` == `integer`,
// how PostgreSQL prints a stored default, and which differences in expression text do not matter.

const TYPE_ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
  serial: 'integer',
  serial4: 'integer',
  int2: 'smallint',
  smallint: 'smallint',
  smallserial: 'smallint',
  serial2: 'smallint',
  int8: 'bigint',
  bigint: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  decimal: 'numeric',
  numeric: 'numeric',
  float: 'double precision',
  float8: 'double precision',
  'double precision': 'double precision',
  float4: 'real',
  real: 'real',
  bool: 'boolean',
  boolean: 'boolean',
  varchar: 'character varying',
  'character varying': 'character varying',
  char: 'character',
  character: 'character',
  bpchar: 'character',
  varbit: 'bit varying',
  'bit varying': 'bit varying',
  timestamp: 'timestamp without time zone',
  'timestamp without time zone': 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  'timestamp with time zone': 'timestamp with time zone',
  time: 'time without time zone',
  'time without time zone': 'time without time zone',
  timetz: 'time with time zone',
  'time with time zone': 'time with time zone',
};

/** Types whose format_type() spelling puts the modifier between two words. */
const SPLIT_MODIFIER: Record<string, [string, string]> = {
  'timestamp without time zone': ['timestamp', ' without time zone'],
  'timestamp with time zone': ['timestamp', ' with time zone'],
  'time without time zone': ['time', ' without time zone'],
  'time with time zone': ['time', ' with time zone'],
};

/**
 * A type as PostgreSQL's format_type() spells it: `varchar(255)` -> `character varying(255)`,
 * `int4` -> `integer`, `timestamptz(3)` -> `timestamp(3) with time zone`, `numeric(10, 2)` ->
 * `numeric(10,2)`, `text array` -> `text[]`. Unknown names (enums, extensions) are kept as written.
 */
/** Type spellings repeat across thousands of columns on both sides: each is worked out once. */
const canonicalTypes = new Map<string, string>();

export function canonicalType(type: string): string {
  let canonical = canonicalTypes.get(type);
  if (canonical === undefined) {
    canonical = spellType(type);
    if (canonicalTypes.size < 10_000) canonicalTypes.set(type, canonical);
  }
  return canonical;
}

function spellType(type: string): string {
  let text = type.trim().replace(/\s+/g, ' ');
  let arraySuffix = '';
  for (;;) {
    const bracket = /\s*\[\d*\]$/.exec(text);
    if (bracket) {
      arraySuffix += '[]';
      text = text.slice(0, bracket.index);
      continue;
    }
    const word = /\s+array$/i.exec(text);
    if (word) {
      arraySuffix += '[]';
      text = text.slice(0, word.index);
      continue;
    }
    break;
  }
  const quoted = text.startsWith('"');
  if (quoted) return text + arraySuffix;
  // Pull the modifier out wherever it is: `timestamp(3) with time zone`, `numeric(10, 2)`.
  let modifier = '';
  const modifierMatch = /\(\s*([^)]*?)\s*\)/.exec(text);
  if (modifierMatch) {
    modifier = modifierMatch[1].split(',').map((part) => part.trim()).join(',');
    text = (text.slice(0, modifierMatch.index) + text.slice(modifierMatch.index + modifierMatch[0].length)).replace(/\s+/g, ' ').trim();
  }
  const lower = text.toLowerCase();
  const base = TYPE_ALIASES[lower] ?? (/^[a-z_][a-z0-9_ ]*$/.test(lower) ? lower : text);
  if (base === 'numeric' && modifier && !modifier.includes(',')) modifier += ',0';
  if ((base === 'character' || base === 'bit') && !modifier) modifier = '1';
  if (!modifier) return base + arraySuffix;
  const split = SPLIT_MODIFIER[base];
  if (split) return `${split[0]}(${modifier})${split[1]}${arraySuffix}`;
  return `${base}(${modifier})${arraySuffix}`;
}

/** The type without its modifier, as a cast in a stored default prints it (`character varying`). */
export function typeWithoutModifier(type: string): string {
  return canonicalType(type).replace(/\(\s*[^)]*\)/, '');
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;
const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check',
  'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role', 'current_time',
  'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except',
  'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into',
  'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or', 'order',
  'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some', 'symmetric', 'table', 'then',
  'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when', 'where', 'window', 'with',
  'bit', 'user',
]);

/** An identifier as PostgreSQL prints it: bare when it can be, otherwise double-quoted. */
export function quoteIdentifier(name: string): string {
  if (PLAIN_IDENTIFIER.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

interface Token {
  kind: 'string' | 'ident' | 'quoted' | 'number' | 'op' | 'open' | 'close' | 'comma' | 'cast';
  text: string;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const text = expression;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === ch) {
          if (text[j + 1] === ch) j++;
          else break;
        }
      }
      const raw = text.slice(i, j + 1);
      if (ch === "'") {
        // E'..' / B'..' prefixes were consumed as identifiers; keep the literal as written.
        tokens.push({ kind: 'string', text: raw });
      } else {
        const inner = raw.slice(1, -1).replace(/""/g, '"');
        tokens.push(PLAIN_IDENTIFIER.test(inner) && !RESERVED.has(inner) ? { kind: 'ident', text: inner } : { kind: 'quoted', text: raw });
      }
      i = j + 1;
      continue;
    }
    if (ch === '(') {
      tokens.push({ kind: 'open', text: '(' });
      i++;
      continue;
    }
    if (ch === ')') {
      tokens.push({ kind: 'close', text: ')' });
      i++;
      continue;
    }
    if (ch === ',') {
      tokens.push({ kind: 'comma', text: ',' });
      i++;
      continue;
    }
    if (ch === ':' && text[i + 1] === ':') {
      tokens.push({ kind: 'cast', text: '::' });
      i += 2;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0] });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(text.slice(i));
    if (word) {
      tokens.push({ kind: 'ident', text: word[0].toLowerCase() });
      i += word[0].length;
      continue;
    }
    const op = /^(<>|!=|>=|<=|!~~\*|!~~|~~\*|~~|\|\||&&|@>|<@|[-+*/%<>=~!@#^&|?[\].;])/.exec(text.slice(i));
    const opText = op ? op[0] : ch;
    tokens.push({ kind: 'op', text: opText });
    i += opText.length;
  }
  return tokens;
}

const TYPE_WORDS = new Set(['varying', 'precision', 'with', 'without', 'time', 'zone']);

/** Drops `::type` casts (PostgreSQL adds them to literals and columns when it stores an expression). */
function dropCasts(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'cast') {
      out.push(tokens[i]);
      continue;
    }
    // Skip the type name: identifiers (possibly schema-qualified, multi-word), a modifier, [].
    let j = i + 1;
    const skipName = (): void => {
      if (j < tokens.length && (tokens[j].kind === 'ident' || tokens[j].kind === 'quoted')) j++;
      while (j + 1 < tokens.length && tokens[j].text === '.' && (tokens[j + 1].kind === 'ident' || tokens[j + 1].kind === 'quoted')) j += 2;
      while (j < tokens.length && tokens[j].kind === 'ident' && TYPE_WORDS.has(tokens[j].text)) j++;
    };
    skipName();
    if (j < tokens.length && tokens[j].kind === 'open') {
      let depth = 0;
      for (; j < tokens.length; j++) {
        if (tokens[j].kind === 'open') depth++;
        else if (tokens[j].kind === 'close' && --depth === 0) {
          j++;
          break;
        }
      }
      skipName();
    }
    while (j + 1 < tokens.length && tokens[j].text === '[' && tokens[j + 1].text === ']') j += 2;
    i = j - 1;
  }
  return out;
}

function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].kind === 'open') depth++;
    else if (tokens[i].kind === 'close' && --depth === 0) return i;
  }
  return -1;
}

/** Binding strength of binary operators (PostgreSQL's precedence, loosest first). */
const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  not: 3,
  is: 4, '=': 4, '<>': 4, '<': 4, '>': 4, '<=': 4, '>=': 4, '~~': 4, '!~~': 4, '~~*': 4, '!~~*': 4, '~': 4, '@>': 4, '<@': 4, '&&': 4,
  '||': 5,
  '+': 6, '-': 6,
  '*': 7, '/': 7, '%': 7,
};
const ASSOCIATIVE = new Set(['||', '+', '*', 'and', 'or']);

/** The loosest top-level operator inside a group (Infinity for an atom). */
function loosestOperator(tokens: Token[]): { precedence: number; operators: string[] } {
  let depth = 0;
  let precedence = Infinity;
  const operators: string[] = [];
  tokens.forEach((t, index) => {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (depth === 0 && (t.kind === 'op' || t.kind === 'ident') && PRECEDENCE[t.text] !== undefined) {
      if (t.text === 'not' && tokens[index - 1]?.text === 'is') return;
      // A leading sign is unary, not a binary operator.
      if ((t.text === '-' || t.text === '+') && (index === 0 || tokens[index - 1].kind === 'op')) return;
      precedence = Math.min(precedence, PRECEDENCE[t.text]);
      operators.push(t.text);
    }
  });
  return { precedence, operators };
}

function neighbourPrecedence(token: Token | undefined): number {
  if (!token || token.kind === 'open' || token.kind === 'comma' || token.kind === 'close') return 0;
  return PRECEDENCE[token.text] ?? 0;
}

function topLevelComma(tokens: Token[]): boolean {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (depth === 0 && t.kind === 'comma') return true;
  }
  return false;
}

/**
 * Removes parentheses that only group (never a call's): those around an atom, the whole text, and
 * those whose contents bind tighter than the operators around them (`a OR (b AND c)`, `(a > 0) AND
 * b`), or that open a left-associative chain of the same operator (`(a || b) || c`).
 */
function dropGroupingParens(tokens: Token[]): Token[] {
  let current = tokens;
  for (let pass = 0; pass < 20; pass++) {
    let changed = false;
    const out: Token[] = [];
    for (let i = 0; i < current.length; i++) {
      const token = current[i];
      const previous = out[out.length - 1];
      const isCall = previous !== undefined && (previous.kind === 'ident' || previous.kind === 'quoted') && !RESERVED_OPERATOR_WORDS.has(previous.text);
      if (token.kind === 'open' && !isCall && !(previous && previous.text === ']')) {
        const close = matchingClose(current, i);
        if (close > i) {
          const inner = current.slice(i + 1, close);
          const whole = i === 0 && close === current.length - 1;
          const after = current[close + 1];
          const { precedence, operators } = loosestOperator(inner);
          const before = neighbourPrecedence(previous);
          const next = neighbourPrecedence(after);
          const tighter = precedence > before && precedence > next;
          const opensChain = precedence > before && precedence === next && ASSOCIATIVE.has(after?.text ?? '') && operators.every((op) => op === after?.text);
          if (!topLevelComma(inner) && inner.length > 0 && (whole || tighter || opensChain)) {
            out.push(...inner);
            i = close;
            changed = true;
            continue;
          }
        }
      }
      out.push(token);
    }
    current = out;
    if (!changed) break;
  }
  return current;
}

/** Words after which `(` is not a call. */
const RESERVED_OPERATOR_WORDS = new Set(['and', 'or', 'not', 'in', 'any', 'all', 'some', 'is', 'exists', 'like', 'ilike', 'between', 'when', 'then', 'else', 'case']);

const TYPED_LITERAL_WORDS = new Set(['interval', 'date', 'timestamp', 'timestamptz', 'time', 'timetz', 'uuid', 'json', 'jsonb', 'numeric', 'text', 'inet']);

/** `a IN (x, y)` -> `a = any (array[x, y])`, `NOT IN` -> `<> all (...)`, LIKE -> ~~, BETWEEN -> >= and <=. */
function canonicalOperators(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'ident' && (t.text === 'in' || (t.text === 'not' && tokens[i + 1]?.text === 'in')) && tokens[t.text === 'in' ? i + 1 : i + 2]?.kind === 'open') {
      const negated = t.text === 'not';
      const open = negated ? i + 2 : i + 1;
      const close = matchingClose(tokens, open);
      if (close > open && !(tokens[open + 1]?.text === 'select')) {
        out.push({ kind: 'op', text: negated ? '<>' : '=' }, { kind: 'ident', text: negated ? 'all' : 'any' }, { kind: 'open', text: '(' }, { kind: 'ident', text: 'array' }, { kind: 'op', text: '[' });
        out.push(...tokens.slice(open + 1, close));
        out.push({ kind: 'op', text: ']' }, { kind: 'close', text: ')' });
        i = close;
        continue;
      }
    }
    if (t.kind === 'ident' && (t.text === 'like' || t.text === 'ilike')) {
      const negated = out[out.length - 1]?.text === 'not';
      if (negated) out.pop();
      out.push({ kind: 'op', text: (negated ? '!' : '') + (t.text === 'like' ? '~~' : '~~*') });
      continue;
    }
    if (t.kind === 'ident' && t.text === 'between' && out.length > 0) {
      // `x BETWEEN a AND b` with single-token operands.
      const subject = out[out.length - 1];
      const low = tokens[i + 1];
      const and = tokens[i + 2];
      const high = tokens[i + 3];
      if (low && high && and?.text === 'and' && subject.kind !== 'close') {
        out.push({ kind: 'op', text: '>=' }, low, { kind: 'ident', text: 'and' }, subject, { kind: 'op', text: '<=' }, high);
        i += 3;
        continue;
      }
    }
    // `interval '1 day'` is stored as `'1 day'::interval`; the cast goes, so does the type word.
    if (t.kind === 'ident' && TYPED_LITERAL_WORDS.has(t.text) && tokens[i + 1]?.kind === 'string') continue;
    if (t.kind === 'op' && t.text === '!=') {
      out.push({ kind: 'op', text: '<>' });
      continue;
    }
    if (t.kind === 'ident' && t.text === 'current_timestamp' && tokens[i + 1]?.kind !== 'open') {
      out.push({ kind: 'ident', text: 'now' }, { kind: 'open', text: '(' }, { kind: 'close', text: ')' });
      continue;
    }
    // 'false' / '0': a quoted simple constant equals the bare one once casts are gone.
    if (t.kind === 'string' && /^'(-?\d+(\.\d+)?|true|false)'$/i.test(t.text)) {
      out.push({ kind: t.text.match(/^'-?\d/) ? 'number' : 'ident', text: t.text.slice(1, -1).toLowerCase() });
      continue;
    }
    out.push(t);
  }
  return out;
}

function render(tokens: Token[]): string {
  let text = '';
  let previous: Token | undefined;
  for (const t of tokens) {
    const glue =
      previous === undefined ||
      previous.kind === 'open' ||
      t.kind === 'close' ||
      t.kind === 'comma' ||
      (t.kind === 'open' && (previous.kind === 'ident' || previous.kind === 'quoted') && !RESERVED_OPERATOR_WORDS.has(previous.text)) ||
      t.text === '.' ||
      previous.text === '.' ||
      t.text === '[' ||
      t.text === ']' ||
      previous.text === '[';
    text += (glue ? '' : ' ') + t.text;
    previous = t;
  }
  return text;
}

/**
 * Canonical text for comparing expressions loosely (checks, index predicates, defaults, generated
 * columns): whitespace, letter case outside quotes, quotes around plain identifiers, grouping
 * parentheses and the casts PostgreSQL adds on storage do not matter. `(age > 0)`, `age > 0`,
 * `"age" > 0` and `age>0` give the same text; so do `false`, `'false'` and `false::boolean`.
 */
export function normaliseExpression(expression: string): string {
  let tokens = tokenize(expression);
  tokens = dropCasts(tokens);
  tokens = canonicalOperators(tokens);
  tokens = dropGroupingParens(tokens);
  return render(tokens);
}

/** What TypeORM puts after DEFAULT, re-printed the way pg_get_expr() prints the stored default. */
export interface DefaultContext {
  /** Canonical column type (format_type), e.g. `character varying(20)`, `text[]`, `post_status`. */
  type: string;
  /** Set for enum columns: the qualified enum type. */
  enumType?: { schema: string; name: string };
}

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

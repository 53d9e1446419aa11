// Types as PostgreSQL's format_type() spells them: the one place that knows `int` == `integer`.
// Both readers spell types this way on the way in; the diff compares them this way.

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

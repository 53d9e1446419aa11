// Which column type changes PostgreSQL makes without touching a row. ALTER COLUMN ... TYPE
// rewrites the table unless the old type converts to the new one as a binary-compatible relabel
// whose length check can never fail (tablecmds.c, ATColumnChangeRequiresRewrite): a longer or
// unlimited varchar, varchar to text, more numeric precision at the same scale, more fractional
// seconds; not for arrays (proven on a real server: test/integration/lint/type-change-rewrite.test.ts).
// Then it only updates the catalog, under a brief ACCESS EXCLUSIVE lock.
// Types are spelled as describe() spells them: `character varying(255)`, `numeric(10,2)`, `text[]`.

interface ParsedType {
  base: string;
  modifiers: number[];
  array: boolean;
}

function parse(type: string): ParsedType | undefined {
  const match = /^([a-z][a-z ]*?)(?:\((\d+(?:,\s*\d+)?)\))?(\[\])?$/.exec(type.trim().toLowerCase());
  if (!match) return undefined;
  return { base: match[1]!, modifiers: match[2] ? match[2].split(',').map(Number) : [], array: match[3] !== undefined };
}

/** Types whose only modifier is a maximum (length or fractional-second precision): more or none never fails. */
const MAXIMUM_MODIFIER = new Set([
  'character varying',
  'bit varying',
  'timestamp without time zone',
  'timestamp with time zone',
  'time without time zone',
  'time with time zone',
  'interval',
]);

/** Relabels PostgreSQL treats as binary compatible with no check: from -> to (no modifier on `to`). */
const RELABELS: Record<string, string[]> = {
  'character varying': ['text'],
  text: ['character varying'],
  cidr: ['inet'],
};

/** Whether changing a column from `from` to `to` keeps every stored value as it is (no rewrite, no scan). */
export function typeChangeKeepsRows(from: string, to: string): boolean {
  const old = parse(from);
  const next = parse(to);
  if (!old || !next || old.array !== next.array) return false;
  // An array's elements are coerced one by one (array_length_coerce): even a longer varchar[] rewrites.
  if (old.array) return old.base === next.base && old.modifiers.join(',') === next.modifiers.join(',');
  if (old.base === next.base) {
    if (next.modifiers.length === 0) return MAXIMUM_MODIFIER.has(old.base) || old.modifiers.length === 0 || old.base === 'numeric';
    if (old.modifiers.length === 0) return false;
    if (MAXIMUM_MODIFIER.has(old.base)) return next.modifiers[0]! >= old.modifiers[0]!;
    // numeric(p, s): the same scale and at least the precision.
    if (old.base === 'numeric') return (next.modifiers[1] ?? 0) === (old.modifiers[1] ?? 0) && next.modifiers[0]! >= old.modifiers[0]!;
    return next.modifiers.join(',') === old.modifiers.join(',');
  }
  return next.modifiers.length === 0 && (RELABELS[old.base] ?? []).includes(next.base);
}

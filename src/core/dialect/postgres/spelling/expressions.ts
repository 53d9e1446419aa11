// Canonical text for comparing expressions loosely: the differences in expression text that
// PostgreSQL's storage introduces (casts, parentheses, quoting, operator spellings) and that do not
// change the meaning.
import { matchingClose, tokenize, type Token } from './tokens';

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

// How PostgreSQL prints expressions differs in outer parentheses between versions and between
// catalogs (pg_get_expr of a CHECK's conbin is `(age > 0)`; information_schema on PG18 drops a
// pair). The model stores the expression without one enclosing pair, so every version agrees.

/** `(a > 0)` -> `a > 0`; `(a > 0) AND (b > 0)` is left alone. Quotes are respected. */
export function stripEnclosingParentheses(expression: string): string {
  let text = expression.trim();
  while (text.startsWith('(') && closingOf(text, 0) === text.length - 1) {
    text = text.slice(1, -1).trim();
  }
  return text;
}

/** Index of the parenthesis closing the one at `open`, skipping '...' literals and "..." names. */
function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      i = endOfQuoted(text, i, ch);
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A quoted run ends at a quote that is not doubled. */
function endOfQuoted(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i++;
      else return i;
    }
  }
  return text.length;
}

// A small SQL expression tokenizer: enough of PostgreSQL's lexical rules to compare and re-print
// the expressions of defaults, checks, index predicates and generated columns.
import { PLAIN_IDENTIFIER, RESERVED } from './identifiers';

export interface Token {
  kind: 'string' | 'ident' | 'quoted' | 'number' | 'op' | 'open' | 'close' | 'comma' | 'cast';
  text: string;
}

export function tokenize(expression: string): Token[] {
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

export function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].kind === 'open') depth++;
    else if (tokens[i].kind === 'close' && --depth === 0) return i;
  }
  return -1;
}

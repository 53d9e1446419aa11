// PostgreSQL's own grammar: libpg-query is the server's parser (PostgreSQL 18) compiled to
// WebAssembly. Loading it takes ~15 ms once per process; after that a statement parses in tens of
// microseconds, synchronously. In a bundle its .wasm file sits beside the bundle (esbuild.mjs
// copies it to dist/), where the loader looks for it.
import { loadModule, parseSync, type ParseResult, hasSqlDetails } from 'libpg-query';
import { messageOf } from '../../../errors';

let loading: Promise<void> | undefined;
let loaded = false;

/** Loads the parser once; later calls return the same promise. */
export function ready(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

export type ParsedSql = { ok: true; tree: ParseResult } | { ok: false; message: string; offset?: number };

/** Parses SQL text (one or more statements); a syntax error is a result, never an exception. */
export function parseSql(sql: string): ParsedSql {
  if (!loaded) throw new Error('the SQL parser is not loaded yet: await migrationSql.ready() first');
  try {
    return { ok: true, tree: parseSync(sql) };
  } catch (error) {
    // libpg-query's cursorPosition counts characters of the text from 0.
    const offset = hasSqlDetails(error) && error.sqlDetails?.cursorPosition !== undefined ? Math.max(0, error.sqlDetails.cursorPosition) : undefined;
    return { ok: false, message: messageOf(error), ...(offset !== undefined ? { offset } : {}) };
  }
}

// Reads squawk's rule tests (Rust source, crates/squawk_linter/src/rules/*.rs) into cases: the SQL
// each test lints, the rule, the settings and squawk's verdict. Pure: text in, cases out.
//
// squawk's tests have a few shapes, all read here without running Rust:
//   lint_ok(sql, Rule::X)                         -> no violation expected
//   assert_snapshot!(lint_errors(sql, Rule::X))   -> violations expected (the snapshot counts them)
//   lint_ok_with / lint_errors_with(sql, settings, Rule::X)   settings: PostgreSQL version, assume_in_transaction
//   fix_sql(sql, Rule::X) / fix_sql_with(...)     -> violations expected (fix_sql asserts there are some)
// and local helpers in a rule's test module that wrap one of those with the rule filled in
// (`fn lint_ok_with(sql, settings) { crate::test_utils::lint_ok_with(sql, settings, Rule::X) }`,
// `fn fix(sql) -> String { fix_sql(sql, Rule::X) }`, `fn pg19() -> LinterSettings { ... }`).
// `sql` is a string literal, or a `let` binding of one; SQL built at run time (format!) is reported
// as unreadable, never guessed.

export type Verdict = 'violation' | 'ok';

export interface SquawkCase {
  /** squawk's rule name, e.g. "require-concurrent-index-creation". */
  rule: string;
  /** File and test function, e.g. "require_concurrent_index_creation.rs::adding_index_non_concurrently_err". */
  test: string;
  /** 1 for the test's first case; a test that lints several statements one by one has several. */
  index: number;
  sql: string;
  verdict: Verdict;
  /** Violations squawk's snapshot shows for it, when the test has one for this call. */
  expectedViolations?: number;
  settings: { pgVersion: number; assumeInTransaction: boolean };
}

export interface Unreadable {
  test: string;
  reason: string;
}

/** squawk's default LinterSettings (version.rs: Version::new(15, 0, 0)). */
const DEFAULT_PG_VERSION = 15;

type Token =
  | { kind: 'str'; value: string; raw: boolean }
  | { kind: 'ident'; value: string }
  | { kind: 'punct'; value: string };

/** Rust tokens, enough for test modules: identifiers, string literals (decoded), punctuation. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { const nl = src.indexOf('\n', i); i = nl < 0 ? src.length : nl; continue; }
    if (src.startsWith('/*', i)) { const end = src.indexOf('*/', i + 2); i = end < 0 ? src.length : end + 2; continue; }
    // raw strings r"..." r#"..."# (also br"...")
    const raw = /^b?r(#*)"/.exec(src.slice(i, i + 12));
    if (raw) {
      const close = '"' + raw[1];
      const start = i + raw[0].length;
      const end = src.indexOf(close, start);
      if (end < 0) break;
      out.push({ kind: 'str', value: src.slice(start, end), raw: true });
      i = end + close.length;
      continue;
    }
    if (c === '"' || (c === 'b' && src[i + 1] === '"')) {
      let j = c === 'b' ? i + 2 : i + 1;
      let value = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') {
          const e = src[j + 1];
          if (e === 'n') value += '\n';
          else if (e === 't') value += '\t';
          else if (e === 'r') value += '\r';
          else if (e === '0') value += '\0';
          else if (e === '\n') { j += 2; while (/\s/.test(src[j] ?? '')) j++; continue; } // line continuation
          else if (e === 'u') { const m = /^\\u\{([0-9a-fA-F]+)\}/.exec(src.slice(j)); if (m) { value += String.fromCodePoint(parseInt(m[1], 16)); j += m[0].length; continue; } }
          else if (e === 'x') { value += String.fromCharCode(parseInt(src.slice(j + 2, j + 4), 16)); j += 4; continue; }
          else value += e;
          j += 2;
          continue;
        }
        value += src[j++];
      }
      out.push({ kind: 'str', value, raw: false });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      // char literal ('a', '\n', '"') or lifetime ('a)
      if (src[i + 1] === '\\') { const end = src.indexOf("'", i + 2); i = end + 1; continue; }
      if (src[i + 2] === "'") { i += 3; continue; }
      i++;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
    if (id) { out.push({ kind: 'ident', value: id[0] }); i += id[0].length; continue; }
    const num = /^[0-9][0-9_a-z.]*/.exec(src.slice(i, i + 50));
    if (num) { out.push({ kind: 'punct', value: num[0] }); i += num[0].length; continue; }
    out.push({ kind: 'punct', value: c });
    i++;
  }
  return out;
}

interface Fn {
  name: string;
  isTest: boolean;
  /** Tokens between the body's braces. */
  body: Token[];
}

const OPEN: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

/** Index just past the bracket that closes the one at `start`. */
function matching(tokens: Token[], start: number): number {
  const stack: string[] = [];
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (OPEN[t.value]) stack.push(OPEN[t.value]);
    else if (t.value === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return tokens.length;
}

/** The functions of `mod test { ... }`, with whether each is a #[test]. */
function testModuleFns(tokens: Token[]): Fn[] {
  let start = -1;
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i].value === 'mod' && tokens[i + 1].value === 'test' && tokens[i + 2].value === '{') { start = i + 2; break; }
  }
  if (start < 0) return [];
  const end = matching(tokens, start) - 1;
  const fns: Fn[] = [];
  let attrTest = false;
  for (let i = start + 1; i < end; i++) {
    const t = tokens[i];
    if (t.value === '#' && tokens[i + 1]?.value === '[') {
      const close = matching(tokens, i + 1);
      if (tokens[i + 2]?.value === 'test' && close === i + 4) attrTest = true;
      i = close - 1;
      continue;
    }
    if (t.kind === 'ident' && t.value === 'fn' && tokens[i + 1]?.kind === 'ident') {
      const name = tokens[i + 1].value;
      let j = i + 2;
      while (j < end && tokens[j].value !== '{') j++;
      const close = matching(tokens, j);
      fns.push({ name, isTest: attrTest, body: tokens.slice(j + 1, close - 1) });
      attrTest = false;
      i = close - 1;
    }
  }
  return fns;
}

/** Top-level comma-separated arguments of the call whose '(' is at `open`. */
function callArgs(tokens: Token[], open: number): { args: Token[][]; end: number } {
  const end = matching(tokens, open);
  const args: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (let i = open + 1; i < end - 1; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && OPEN[t.value]) depth++;
    if (t.kind === 'punct' && Object.values(OPEN).includes(t.value)) depth--;
    if (depth === 0 && t.value === ',' && t.kind === 'punct') { args.push(cur); cur = []; continue; }
    cur.push(t);
  }
  if (cur.length) args.push(cur);
  return { args, end };
}

type BaseKind = 'ok' | 'errors' | 'fix';
const BASE: Record<string, { kind: BaseKind; withSettings: boolean }> = {
  lint_ok: { kind: 'ok', withSettings: false },
  lint_errors: { kind: 'errors', withSettings: false },
  lint_ok_with: { kind: 'ok', withSettings: true },
  lint_errors_with: { kind: 'errors', withSettings: true },
  fix_sql: { kind: 'fix', withSettings: false },
  fix_sql_with: { kind: 'fix', withSettings: true },
};

interface Helper {
  kind: BaseKind;
  rule?: string;
  /** Tokens of the settings the helper passes itself, if any. */
  settings?: Token[];
}

function ruleIn(tokens: Token[]): string | undefined {
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i].value === 'Rule' && tokens[i + 1].value === ':' && tokens[i + 2].value === ':') return tokens[i + 3]?.value;
  }
  return undefined;
}

/** Rule enum variant -> squawk's rule name (AddingFieldWithDefault -> adding-field-with-default). */
export function ruleName(variant: string, names: Map<string, string>): string {
  return names.get(variant) ?? variant.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** squawk's `impl fmt::Display for Rule` (lib.rs): variant -> name, as squawk prints it. */
export function ruleNames(libRs: string): Map<string, string> {
  const names = new Map<string, string>();
  const display = libRs.indexOf('impl fmt::Display for Rule');
  const re = /Rule::(\w+)\s*=>\s*\{?\s*"([a-z0-9-]+)"/g;
  re.lastIndex = display < 0 ? 0 : display;
  for (let m = re.exec(libRs); m; m = re.exec(libRs)) names.set(m[1], m[2]);
  return names;
}

function settingsOf(tokens: Token[]): { pgVersion?: number; assumeInTransaction?: boolean } {
  const s: { pgVersion?: number; assumeInTransaction?: boolean } = {};
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i].value === 'pg_version' && tokens[i + 1].value === ':' && tokens[i + 2].kind === 'str') s.pgVersion = Number.parseFloat(tokens[i + 2].value);
    if (tokens[i].value === 'assume_in_transaction' && tokens[i + 1].value === ':') s.assumeInTransaction = tokens[i + 2].value === 'true';
  }
  return s;
}

/** Number of violations in an insta snapshot (each starts `warning[rule-name]`). */
export function violationsInSnapshot(snapshot: string): number {
  return (snapshot.match(/^\s*warning\[[a-z0-9-]+\]/gm) ?? []).length;
}

/**
 * The cases of one rule file. `snapshot(name)` returns the text of the file snapshot
 * `snapshots/squawk_linter__rules__<module>__test__<name>.snap` if it exists.
 */
export function casesOfFile(
  fileName: string,
  source: string,
  names: Map<string, string>,
  snapshot: (name: string) => string | undefined,
): { cases: SquawkCase[]; unreadable: Unreadable[]; testsWithoutCases: string[] } {
  const tokens = tokenize(source);
  const fns = testModuleFns(tokens);
  const helpers = new Map<string, Helper>();
  const settingsFns = new Map<string, Token[]>();
  for (const fn of fns.filter((f) => !f.isTest)) {
    // A helper calls one base function (or returns a LinterSettings literal).
    for (let i = 0; i < fn.body.length; i++) {
      const base = BASE[fn.body[i].value];
      if (base && fn.body[i + 1]?.value === '(') {
        const { args } = callArgs(fn.body, i + 1);
        const settingsArg = base.withSettings ? args[1] : undefined;
        const passesOwn = settingsArg && !(settingsArg.length === 1 && settingsArg[0].kind === 'ident');
        helpers.set(fn.name, { kind: base.kind, rule: ruleIn(fn.body), settings: passesOwn ? settingsArg : undefined });
        break;
      }
    }
    if (!helpers.has(fn.name) && fn.body.some((t) => t.value === 'LinterSettings')) settingsFns.set(fn.name, fn.body);
  }

  const cases: SquawkCase[] = [];
  const unreadable: Unreadable[] = [];
  const testsWithoutCases: string[] = [];
  for (const fn of fns.filter((f) => f.isTest)) {
    const test = `${fileName}::${fn.name}`;
    const lets = new Map<string, Token[]>();
    let index = 0;
    let fileSnapshots = 0;
    const body = fn.body;
    for (let i = 0; i < body.length; i++) {
      const t = body[i];
      if (t.value === 'let' && body[i + 1]?.kind === 'ident') {
        let name = body[i + 1].value;
        let j = i + 2;
        if (name === 'mut') { name = body[j].value; j++; }
        while (j < body.length && body[j].value !== '=') j++;
        let k = j + 1;
        let depth = 0;
        while (k < body.length && !(depth === 0 && body[k].value === ';')) {
          if (OPEN[body[k].value]) depth++;
          else if (Object.values(OPEN).includes(body[k].value)) depth--;
          k++;
        }
        lets.set(name, body.slice(j + 1, k));
        continue;
      }
      if (t.kind !== 'ident' || body[i + 1]?.value !== '(' || body[i - 1]?.value === 'fn') continue;
      const helper = helpers.get(t.value);
      const base = BASE[t.value];
      // A local helper shadows the base function of the same name (squawk's lint_ok_with wrappers).
      const call = helper ?? (base && { kind: base.kind });
      if (!call) continue;
      const { args, end } = callArgs(body, i + 1);
      let sqlArg = args[0] ?? [];
      if (sqlArg[0]?.value === '&') sqlArg = sqlArg.slice(1);
      if (sqlArg.length === 1 && sqlArg[0].kind === 'ident') sqlArg = lets.get(sqlArg[0].value) ?? sqlArg;
      const rest = args.slice(1).flat();
      const variant = ruleIn(rest) ?? helper?.rule;
      // settings: the helper's own, an inline literal, a `let settings`, or a call to a settings fn
      const settingTokens: Token[] = [...(helper?.settings ?? [])];
      for (const a of rest) {
        if (a.kind === 'ident' && lets.has(a.value)) settingTokens.push(...lets.get(a.value)!);
        if (a.kind === 'ident' && settingsFns.has(a.value)) settingTokens.push(...settingsFns.get(a.value)!);
      }
      settingTokens.push(...rest);
      index++;
      // Snapshot: assert_snapshot!(call, @"inline") or the test's next file snapshot.
      const inSnapshot = body[i - 3]?.value === 'assert_snapshot' && body[i - 2]?.value === '!' && body[i - 1]?.value === '(';
      let expectedViolations: number | undefined;
      if (call.kind === 'errors' && inSnapshot) {
        const after = body[end];
        if (after?.value === ',' && body[end + 1]?.value === '@' && body[end + 2]?.kind === 'str') {
          expectedViolations = violationsInSnapshot((body[end + 2] as { value: string }).value);
        } else {
          fileSnapshots++;
          const text = snapshot(fileSnapshots === 1 ? fn.name : `${fn.name}-${fileSnapshots}`);
          if (text !== undefined) expectedViolations = violationsInSnapshot(text);
        }
      } else if (inSnapshot && !(body[end]?.value === ',' && body[end + 1]?.value === '@')) {
        fileSnapshots++;
      }
      if (!variant) { unreadable.push({ test, reason: `no Rule:: argument in call ${index}` }); continue; }
      if (sqlArg.length !== 1 || sqlArg[0].kind !== 'str') {
        unreadable.push({ test, reason: `SQL of call ${index} is built at run time (${sqlArg.map((x) => x.value).join(' ').slice(0, 60)})` });
        continue;
      }
      const s = settingsOf(settingTokens);
      // squawk's comment directive overrides the setting for the file (squawk_linter/src/lib.rs, Linter::lint).
      if (/squawk-disable-assume-in-transaction/.test(sqlArg[0].value)) s.assumeInTransaction = false;
      cases.push({
        rule: ruleName(variant, names),
        test,
        index,
        sql: sqlArg[0].value,
        verdict: call.kind === 'ok' ? 'ok' : 'violation',
        ...(expectedViolations !== undefined ? { expectedViolations } : {}),
        settings: { pgVersion: s.pgVersion ?? DEFAULT_PG_VERSION, assumeInTransaction: s.assumeInTransaction ?? false },
      });
      i = end - 1;
    }
    if (index === 0) testsWithoutCases.push(test);
  }
  return { cases, unreadable, testsWithoutCases };
}

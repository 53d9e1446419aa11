// What a failing integration test prints besides mocha's assertion, so that the CI log alone is
// enough to diagnose it: each command the test ran (exit code, tail of stderr) and the tail of the
// test PostgreSQL server's log. Printed by the root hook in hooks.ts.

interface CommandRecord {
  command: string;
  code: number | null;
  stderr: string;
}

let commands: CommandRecord[] = [];

export function recordCommand(record: CommandRecord): void {
  commands.push(record);
}

/** The commands recorded since the last call (one test's). */
export function takeCommands(): CommandRecord[] {
  const taken = commands;
  commands = [];
  return taken;
}

/** Passwords in connection URLs, as `postgres://user:***@host`. */
function masked(text: string): string {
  return text.replace(/(:\/\/[^:/@\s]+:)[^@\s]*@/g, '$1***@');
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function failureReport(test: string, ran: CommandRecord[], serverLog: string[]): string {
  const out = [`--- diagnostics for the failed test "${test}"`];
  for (const run of ran) {
    out.push(`$ ${masked(run.command)}   (exit ${run.code ?? 'signal'})`);
    if (run.stderr.trim()) out.push(masked(tail(run.stderr, 30)).replace(/^/gm, '  | '));
  }
  if (serverLog.length > 0) out.push('PostgreSQL server log (last lines):', ...serverLog.map((line) => `  | ${masked(line)}`));
  out.push('---');
  return out.join('\n');
}

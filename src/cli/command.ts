// What every command module provides, and the exit codes that are the CLI's contract with CI:
// 0 clean, 1 findings at or above --fail-on (or a failed --check), 2 usage or connection errors.
// Commands import this file, never the dispatcher (run.ts) that lists them.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A command gets its own arguments (after the command name) and returns the exit code. */
export type Command = {
  summary: string;
  run(args: string[]): Promise<number>;
};

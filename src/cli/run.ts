// Dispatch of `schema-lens <command> [options]`. Exit codes are the CLI's contract with CI:
// 0 clean, 1 findings at or above --fail-on (or a failed --check), 2 usage or connection errors.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A command gets its own arguments (after the command name) and returns the exit code. */
export type Command = {
  summary: string;
  run(args: string[]): Promise<number>;
};

/**
 * The commands, loaded lazily so `schema-lens check` does not pay for the others. Each module
 * under ./commands default-exports its Command; add one line here per command.
 */
const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check')).default,
  model: async () => (await import('./commands/model')).default,
  status: async () => (await import('./commands/status')).default,
  migrate: async () => (await import('./commands/migrate')).default,
  revert: async () => (await import('./commands/revert')).default,
  generate: async () => (await import('./commands/generate')).default,
  create: async () => (await import('./commands/create')).default,
  backup: async () => (await import('./commands/backup')).default,
  restore: async () => (await import('./commands/restore')).default,
};

function usage(): string {
  const names = Object.keys(commands).sort();
  return `usage: schema-lens <${names.join('|')}> [options]\nrun 'schema-lens <command> --help' for a command's options\n`;
}

export async function runCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`schema-lens: unknown command '${name}'\n${usage()}`);
    return EXIT_USAGE;
  }
  return (await load()).run(rest);
}

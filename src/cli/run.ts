// Dispatch of `schema-lens <command> [options]`: the command table is data (name -> module), and
// no command imports this file back (they share src/cli/command.ts and src/cli/options.ts).
import { closest, distance } from 'fastest-levenshtein';
import { EXIT_OK, EXIT_USAGE, type Command } from './command';

/**
 * The commands, loaded lazily so `schema-lens check` does not pay for the others. Each module
 * under ./commands default-exports its Command; add one line here per command.
 */
const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check')).default,
  health: async () => (await import('./commands/health')).default,
  lint: async () => (await import('./commands/lint')).default,
  validate: async () => (await import('./commands/validate')).default,
  optimize: async () => (await import('./commands/optimize')).default,
  model: async () => (await import('./commands/model')).default,
  docs: async () => (await import('./commands/docs')).default,
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

/** The command a mistyped name most likely meant: the one it begins, or one a few keystrokes away. */
export function suggestCommand(name: string): string | undefined {
  const names = Object.keys(commands);
  const begun = names.filter((candidate) => candidate.startsWith(name));
  if (begun.length === 1) return begun[0];
  const nearest = closest(name, names);
  // Two edits (a swap counts two) is a typo; more is another word.
  return distance(name, nearest) <= 2 ? nearest : undefined;
}

export async function runCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const load = commands[name];
  if (!load) {
    const meant = suggestCommand(name);
    process.stderr.write(`schema-lens: unknown command '${name}'${meant ? `; did you mean '${meant}'?` : ''}\n${usage()}`);
    return EXIT_USAGE;
  }
  return (await load()).run(rest);
}

// `schema-lens generate NAME`: one migration from the migration fixes of the current findings.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { generateFromDifferences } from '../../core/generate';
import { parseRename, renameLabel } from '../../core/migrations';
import { failUsage, parseProjectArguments, projectOptionsHelp, UsageError, type ProjectArguments } from '../options';
import { EXIT_OK, type Command } from '../command';

const HELP = `usage: schema-lens generate NAME [options]

Runs a check and writes one migration with the fixes of every finding that has a migration fix
(the same SQL as the editor's quick fixes). Type changes are ALTER COLUMN ... TYPE ... USING,
never DROP + ADD.

  --rename table.old=new   the entity's column 'new' is the database's column 'old' renamed:
                           generate RENAME COLUMN (keeps the data) instead of ADD COLUMN.
                           Repeatable. Without it, possible renames are only reported on stderr.

${projectOptionsHelp}`;

/** Takes the repeatable `--rename table.old=new` out of the arguments. */
export function takeRenames(args: string[]): { renames: NonNullable<ReturnType<typeof parseRename>>[]; rest: string[] } {
  const renames: NonNullable<ReturnType<typeof parseRename>>[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg !== '--rename' && !arg.startsWith('--rename=')) {
      rest.push(arg);
      continue;
    }
    const value = arg === '--rename' ? args[++i] : arg.slice('--rename='.length);
    const rename = value === undefined ? undefined : parseRename(value);
    if (!rename) throw new UsageError(`--rename expects table.old=new (got '${value ?? ''}')`);
    renames.push(rename);
  }
  return { renames, rest };
}

/** `NAME --flags` / `--flags NAME`: the one positional argument, and the rest for the flag parser. */
export function takeName(args: string[], command: string): { name: string | undefined; rest: string[] } {
  const index = args.findIndex((arg, i) => !arg.startsWith('-') && (i === 0 || !/^--(root|db|entities|migrations|naming|schema|timeout|data-source|backups|lock-timeout|to)$/.test(args[i - 1]!)));
  if (index < 0) return { name: undefined, rest: args };
  const name = args[index]!;
  if (!/[A-Za-z0-9]/.test(name)) throw new UsageError(`${command} expects a migration name with letters or digits (got '${name}')`);
  return { name, rest: [...args.slice(0, index), ...args.slice(index + 1)] };
}

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let name: string | undefined;
  let renames: ReturnType<typeof takeRenames>['renames'];
  try {
    const withoutRenames = takeRenames(args);
    renames = withoutRenames.renames;
    const taken = takeName(withoutRenames.rest, 'generate');
    name = taken.name;
    ({ project } = parseProjectArguments(taken.rest));
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    if (!name) throw new UsageError('generate expects a migration NAME');
  } catch (error) {
    return failUsage('generate', error);
  }
  const { root } = project;
  try {
    const generated = await generateFromDifferences({ root, overrides: project.overrides, timeoutMs: project.timeoutMs, name, renames });
    const { migration } = generated;
    for (const rename of generated.unmatchedRenames ?? []) {
      process.stderr.write(`--rename ${rename.table}.${rename.from}=${rename.to}: no unmapped column '${rename.from}' and missing column '${rename.to}' in table ${rename.table}; ignored\n`);
    }
    if (renames.length === 0) {
      for (const candidate of generated.renameCandidates) {
        process.stderr.write(`${candidate.table}.${candidate.to} may be a rename of ${candidate.table}.${candidate.from}: pass --rename ${renameLabel(candidate)} to keep its data\n`);
      }
    }
    if (migration) {
      if (existsSync(migration.file)) throw new Error(`${relative(root, migration.file)} already exists`);
      mkdirSync(dirname(migration.file), { recursive: true });
      writeFileSync(migration.file, migration.text);
    }
    if (project.json) {
      process.stdout.write(`${JSON.stringify({ file: migration && relative(root, migration.file), className: migration?.className, up: migration?.collected.up ?? [], down: migration?.collected.down ?? [], fixes: migration?.collected.titles ?? [] }, null, 2)}\n`);
    } else if (migration) {
      const { titles, up } = migration.collected;
      // What it wrote and which fixes it holds, one per line: what to review before running it.
      process.stdout.write(`wrote ${relative(root, migration.file)}: ${plural(titles.length, 'fix', 'fixes')}, ${plural(up.length, 'statement', 'statements')}\n${titles.map((title) => `  - ${title}\n`).join('')}`);
    } else {
      process.stdout.write(`no differences with a migration fix (compared with the ${generated.source === 'none' ? 'entities only' : generated.source})\n`);
    }
    return EXIT_OK;
  } catch (error) {
    return failUsage('generate', error);
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const generate: Command = { summary: 'write a migration that fixes the current differences', run };
export default generate;

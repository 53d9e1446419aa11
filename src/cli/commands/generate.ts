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
never DROP + ADD. Where a fix also belongs in the entity (an index on a foreign key: @Index() on
the relation), the entity file is edited too, so the entities declare what the migration creates
and TypeORM's own migration:generate does not later propose to drop it.

  --no-entity-edits        write the migration only; leave the entity files as they are.

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
  let editEntities: boolean;
  try {
    const withoutRenames = takeRenames(args);
    renames = withoutRenames.renames;
    editEntities = !withoutRenames.rest.includes('--no-entity-edits');
    const taken = takeName(withoutRenames.rest.filter((arg) => arg !== '--no-entity-edits'), 'generate');
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
    const entityFiles = editEntities ? generated.entityFiles : [];
    if (migration) {
      if (existsSync(migration.file)) throw new Error(`${relative(root, migration.file)} already exists`);
      mkdirSync(dirname(migration.file), { recursive: true });
      writeFileSync(migration.file, migration.text);
      for (const entity of entityFiles) writeFileSync(entity.file, entity.text);
    }
    if (project.json) {
      const entities = entityFiles.map((entity) => ({ file: relative(root, entity.file), fixes: entity.titles }));
      process.stdout.write(`${JSON.stringify({ file: migration && relative(root, migration.file), className: migration?.className, up: migration?.collected.up ?? [], down: migration?.collected.down ?? [], fixes: migration?.collected.titles ?? [], transaction: migration?.collected.transaction !== false, entities }, null, 2)}\n`);
    } else if (migration) {
      const { titles, up } = migration.collected;
      // What it wrote and which fixes it holds, one per line: what to review before running it.
      process.stdout.write(`wrote ${relative(root, migration.file)}: ${plural(titles.length, 'fix', 'fixes')}, ${plural(up.length, 'statement', 'statements')}\n${titles.map((title) => `  - ${title}\n`).join('')}`);
      if (migration.collected.transaction === false) process.stdout.write('  runs outside a transaction (transaction = false): CREATE INDEX CONCURRENTLY cannot run inside one\n');
      for (const entity of entityFiles) process.stdout.write(`edited ${relative(root, entity.file)}:\n${entity.titles.map((title) => `  - ${title}\n`).join('')}`);
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

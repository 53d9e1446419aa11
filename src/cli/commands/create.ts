// `schema-lens create NAME`: an empty migration in the project's migrations folder and style.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { planMigrationFile, selectDataSource } from '../../core/migrations';
import { failUsage, parseProjectArguments, projectOptionsHelp, UsageError, type ProjectArguments } from '../options';
import { EXIT_OK, type Command } from '../command';
import { takeName } from './generate';

const HELP = `usage: schema-lens create NAME [options]

Writes an empty TypeORM migration (class NAME + timestamp) into the first migrations folder.

${projectOptionsHelp}  --data-source NAME        which data source (default: the first found)
`;

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let values;
  let name: string | undefined;
  try {
    const taken = takeName(args, 'create');
    name = taken.name;
    ({ project, values } = parseProjectArguments(taken.rest, { 'data-source': { type: 'string' } } as const));
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    if (!name) throw new UsageError('create expects a migration NAME');
  } catch (error) {
    return failUsage('create', error);
  }
  try {
    const { dataSource } = await selectDataSource(project.root, project.overrides, values['data-source']);
    const planned = await planMigrationFile(dataSource, name, { up: [], down: [], titles: [] });
    if (existsSync(planned.file)) throw new Error(`${relative(project.root, planned.file)} already exists`);
    mkdirSync(dirname(planned.file), { recursive: true });
    writeFileSync(planned.file, planned.text);
    if (project.json) process.stdout.write(`${JSON.stringify({ file: relative(project.root, planned.file), className: planned.className }, null, 2)}\n`);
    else process.stdout.write(`wrote ${relative(project.root, planned.file)}\n`);
    return EXIT_OK;
  } catch (error) {
    return failUsage('create', error);
  }
}

const create: Command = { summary: 'write an empty migration', run };
export default create;

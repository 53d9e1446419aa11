// `schema-lens restore FILE`: puts a backup's rows back and verifies row counts and checksums.
import { resolve } from 'node:path';
import { restoreBackup, selectDataSource } from '../../core/migrations';
import { failUsage, parseProjectArguments, projectOptionsHelp, UsageError, type ProjectArguments } from '../options';
import { EXIT_FINDINGS, EXIT_OK, type Command } from '../command';
import { takeName } from './generate';

const HELP = `usage: schema-lens restore FILE [options]

Restores the rows of a Schema Lens backup into the tables as they are now (rows matched by primary
key; rows added since are kept), in one transaction that is committed only when every table's row
count and checksum equal the backup's. Columns the backup has must exist: run 'schema-lens migrate'
first when a revert dropped them.

${projectOptionsHelp}  --data-source NAME        which data source (default: the first found)

Exit codes: 0 restored and verified, 1 verification failed (nothing changed), 2 usage or connection errors.
`;

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let values;
  let file: string | undefined;
  try {
    const taken = takeName(args, 'restore');
    file = taken.name;
    ({ project, values } = parseProjectArguments(taken.rest, { 'data-source': { type: 'string' } } as const));
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    if (!file) throw new UsageError('restore expects a backup FILE');
  } catch (error) {
    return failUsage('restore', error);
  }
  try {
    const { dataSource } = await selectDataSource(project.root, project.overrides, values['data-source']);
    const restored = await restoreBackup({ dataSource, file: resolve(project.root, file), timeoutMs: project.timeoutMs });
    if (project.json) process.stdout.write(`${JSON.stringify(restored, null, 2)}\n`);
    else for (const table of restored.tables) process.stdout.write(`restored ${table.schema}.${table.name}: ${table.rows} rows, checksum verified\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof Error && /did not verify/.test(error.message)) {
      process.stderr.write(`schema-lens restore: ${error.message}\n`);
      return EXIT_FINDINGS;
    }
    return failUsage('restore', error);
  }
}

const restore: Command = { summary: 'restore a backup and verify it', run };
export default restore;

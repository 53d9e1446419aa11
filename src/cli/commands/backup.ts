// `schema-lens backup`: a verified-restorable snapshot of the schema's tables (or some of them).
import { relative } from 'node:path';
import { backupsFolder, createBackup, selectDataSource } from '../../core/migrations';
import { failUsage, parseProjectArguments, projectOptionsHelp, type ProjectArguments } from '../options';
import { EXIT_OK, type Command } from '../command';

const HELP = `usage: schema-lens backup [options]

Backs up the rows of every table in the data source's schema (or --table ones) into the backups
folder, with row counts and checksums for 'schema-lens restore'. A pg_dump file is written too when
a pg_dump at least as new as the server is on PATH.

${projectOptionsHelp}  --data-source NAME        which data source (default: the first found)
  --table NAME              only this table, [schema.]name (repeatable)
  --backups DIR             backups folder (default: .schema-lens/backups)
`;

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let values;
  try {
    ({ project, values } = parseProjectArguments(args, { table: { type: 'string', multiple: true }, backups: { type: 'string' }, 'data-source': { type: 'string' } } as const));
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
  } catch (error) {
    return failUsage('backup', error);
  }
  const { root } = project;
  try {
    const { dataSource } = await selectDataSource(root, project.overrides, values['data-source']);
    const tables = values.table?.map((table) => {
      const dot = table.indexOf('.');
      return dot > 0 ? { schema: table.slice(0, dot), name: table.slice(dot + 1) } : { schema: dataSource.schema, name: table };
    });
    const backup = await createBackup({ dataSource, tables, folder: backupsFolder(root, values.backups), reason: 'manual backup', timeoutMs: project.timeoutMs });
    if (project.json) process.stdout.write(`${JSON.stringify({ file: relative(root, backup.file), ...backup.manifest }, null, 2)}\n`);
    else {
      process.stdout.write(`wrote ${relative(root, backup.file)}: ${backup.manifest.tables.map((t) => `${t.name} (${t.rows} rows)`).join(', ') || 'no tables'}\n`);
      if (backup.manifest.pgDumpFile) process.stdout.write(`pg_dump file: ${relative(root, backup.manifest.pgDumpFile)}\n`);
    }
    return EXIT_OK;
  } catch (error) {
    return failUsage('backup', error);
  }
}

const backup: Command = { summary: 'back up table data (restorable with verification)', run };
export default backup;

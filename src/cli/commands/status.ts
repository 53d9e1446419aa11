// `schema-lens status [--check]`: every migration's state against the database.
import { relative } from 'node:path';
import { formatText } from '../../core/report';
import { type MigrationStatus, needsAttention, readMigrationStatus, selectDataSource } from '../../core/migrations';
import { failUsage, parseProjectArguments, projectOptionsHelp, reportProblems, type ProjectArguments } from '../options';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command';

const HELP = `usage: schema-lens status [options]

Lists the project's migrations, newest first, with their state on the database: executed (with
its run order), pending, missing (ran, but no file), out of order, edited after it ran, duplicate.

${projectOptionsHelp}  --data-source NAME        which data source (default: the first found)
  --check                   exit 1 when a migration is pending, missing, out of order or edited

Exit codes: 0 ok, 1 --check found something, 2 usage or connection errors.
`;

function flags(status: MigrationStatus): string[] {
  return [
    status.outOfOrder && 'out-of-order',
    status.edited && 'edited-after-run',
    status.duplicateTimestamp && 'duplicate-timestamp',
    status.duplicateName && 'duplicate-name',
  ].filter((flag): flag is string => typeof flag === 'string');
}

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let values;
  try {
    ({ project, values } = parseProjectArguments(args, { check: { type: 'boolean' }, 'data-source': { type: 'string' } } as const));
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
  } catch (error) {
    return failUsage('status', error);
  }
  const { root } = project;
  let report;
  let configured = false;
  try {
    const { dataSource, problems } = await selectDataSource(root, project.overrides, values['data-source']);
    configured = dataSource.connection !== undefined;
    report = await readMigrationStatus(dataSource, { timeoutMs: project.timeoutMs });
    report.problems.unshift(...problems);
  } catch (error) {
    return failUsage('status', error);
  }
  // Info-level problems (SQL built at run time) only matter to Show SQL, not to a status listing.
  reportProblems(report.problems.filter((problem) => problem.severity !== 'info'), root);
  if (project.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          connected: report.connected,
          migrations: report.migrations.map(({ migration: _file, ...status }) => ({ ...status, file: status.file && relative(root, status.file) })),
          findings: report.findings.map((finding) => ({ ...finding, file: finding.file && relative(root, finding.file), span: undefined })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    if (!report.connected) process.stdout.write('no database: showing the migration files only\n');
    for (const status of report.migrations) {
      const state = status.state === 'executed' ? `executed #${status.runOrder}` : status.state === 'missing' ? `missing  #${status.runOrder}` : status.state;
      const extra = flags(status);
      process.stdout.write(`${state.padEnd(14)} ${status.name}${status.file ? `  ${relative(root, status.file)}` : ''}${extra.length ? `  [${extra.join(', ')}]` : ''}\n`);
    }
    if (report.migrations.length === 0) process.stdout.write('no migrations found\n');
    // The listing already says what is pending; the other findings (data loss, duplicates, ...) in full.
    const details = report.findings.filter((finding) => finding.code !== 'SL401');
    if (details.length > 0) process.stdout.write(`\n${formatText(details, { root, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR })}`);
  }
  // The files are listed either way, but a database that was configured and could not be read is
  // an error (exit 2, as for check), not a project without one.
  if (configured && !report.connected) return EXIT_USAGE;
  if (values.check) {
    if (!report.connected) {
      process.stderr.write('schema-lens status: --check needs a database connection\n');
      return EXIT_USAGE;
    }
    return report.migrations.some(needsAttention) ? EXIT_FINDINGS : EXIT_OK;
  }
  return EXIT_OK;
}

const status: Command = { summary: 'list migrations and their state on the database', run };
export default status;

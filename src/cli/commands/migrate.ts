// `schema-lens migrate [--to NAME]`: runs pending migrations through TypeORM, under the migration lock.
import { MigrationRunError, runMigrations, type RunProgress, selectDataSource } from '../../core/migrations';
import { failUsage, parseProjectArguments, projectOptionsHelp, reportProblems, UsageError, type ProjectArguments } from '../options';
import { EXIT_FINDINGS, EXIT_OK, type Command } from '../command';

const HELP = `usage: schema-lens migrate [options]

Runs the pending migrations with the project's TypeORM (else the bundled one), honouring
migrationsTransactionMode and each migration's transaction flag. A second runner on the same
database waits for the first (up to --lock-timeout), then gives up.

${projectOptionsHelp}  --data-source NAME        which data source (default: the first found)
  --to NAME                 run pending migrations up to and including this one
  --lock-timeout MS         how long to wait for another runner (default: 60000)

Exit codes: 0 ok, 1 a migration failed, 2 usage, connection or lock errors.
`;

/** Progress on stderr, so --json output stays clean. */
export function printProgress(event: RunProgress): void {
  if (event.kind === 'waiting-for-lock') process.stderr.write(`waiting for another migration run to finish (${event.holder})...\n`);
  else if (event.kind === 'start') process.stderr.write(`${event.direction === 'up' ? 'running' : 'reverting'} ${event.migration} (${event.index + 1}/${event.total})\n`);
}

export function lockTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new UsageError(`--lock-timeout expects milliseconds (got '${value}')`);
  return ms;
}

/** A failed migration exits 1 with its message (migration, statement, resulting state); anything else is 2. */
export function failRun(command: string, error: unknown): number {
  if (error instanceof MigrationRunError && error.migration) {
    process.stderr.write(`schema-lens ${command}: ${error.message}\n`);
    return EXIT_FINDINGS;
  }
  return failUsage(command, error);
}

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let values;
  let lockTimeoutMs: number | undefined;
  try {
    ({ project, values } = parseProjectArguments(args, { to: { type: 'string' }, 'lock-timeout': { type: 'string' }, 'data-source': { type: 'string' } } as const));
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    lockTimeoutMs = lockTimeout(values['lock-timeout']);
  } catch (error) {
    return failUsage('migrate', error);
  }
  try {
    const { dataSource, problems } = await selectDataSource(project.root, project.overrides, values['data-source']);
    reportProblems(problems, project.root);
    const result = await runMigrations({ dataSource, to: values.to, lockTimeoutMs, timeoutMs: project.timeoutMs, onProgress: printProgress });
    if (project.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(result.executed.length ? `ran ${result.executed.length} migration(s): ${result.executed.join(', ')}\n` : 'no pending migrations\n');
    return EXIT_OK;
  } catch (error) {
    return failRun('migrate', error);
  }
}

const migrate: Command = { summary: 'run pending migrations (with a lock against concurrent runs)', run };
export default migrate;

// `schema-lens lint`: the migration safety lint (SL6xx) over the project's migration files, as text,
// JSON or SARIF, with check's exit codes (--fail-on).
import { runLint } from '../../core/lint';
import { failUsage, parseProjectArguments, projectOptionsHelp, reportProblems, UsageError, type ProjectArguments } from '../options';
import { EXIT_OK, type Command } from '../command';
import { exitCodeFor, type FindingChoices, findingChoices, findingOptions, findingOptionsHelp, writeFindings } from '../findings';

const HELP = `usage: schema-lens lint [options]

Lints the project's TypeORM migrations for what they do to a live database: locks held while a
table is read or rewritten, constraints without NOT VALID, indexes without CONCURRENTLY (and
CONCURRENTLY where TypeORM's transaction makes it fail), drops and renames that break running code.
Every statement of up() and down() is parsed with PostgreSQL's own parser. With the project's
database (read-only), migrations that already ran are information only, and findings on big
tables are errors. The migrations are also replayed into an embedded PostgreSQL (cached): each
down() that does not undo its up() is SL624, and every difference between the schema they build
and the entities is reported as check reports it (SL1xx, SL201, SL202, SL303) when the replay
goes through (a migration that fails on an empty database is a warning and stops it).

${projectOptionsHelp}${findingOptionsHelp}  --pending                 only migrations that have not run on the database
  --no-db                   do not connect: lint the files alone
  --no-replay               do not replay the migrations (no SL624, no comparison with the entities)
  --big-table-rows N        a lock finding is an error from this many rows (default: 1000000)
  --big-table-bytes N       ... or from this many bytes (default: 1073741824)

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage errors.
`;

const lintOptions = {
  ...findingOptions,
  pending: { type: 'boolean' },
  'no-db': { type: 'boolean' },
  'no-replay': { type: 'boolean' },
  'big-table-rows': { type: 'string' },
  'big-table-bytes': { type: 'string' },
} as const;

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`--${name} expects a whole number (got '${value}')`);
  return number;
}

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let choices: FindingChoices;
  let values;
  let thresholds: { errorRows?: number; errorBytes?: number };
  try {
    const parsed = parseProjectArguments(args, lintOptions);
    project = parsed.project;
    values = parsed.values;
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    choices = findingChoices(values, project.json);
    if (values.pending && values['no-db']) throw new UsageError('--pending needs the database, and --no-db turns it off');
    const errorRows = count('big-table-rows', values['big-table-rows']);
    const errorBytes = count('big-table-bytes', values['big-table-bytes']);
    thresholds = { ...(errorRows !== undefined ? { errorRows } : {}), ...(errorBytes !== undefined ? { errorBytes } : {}) };
  } catch (error) {
    return failUsage('lint', error);
  }
  const { root, overrides, timeoutMs } = project;
  let result;
  try {
    result = await runLint({ root, overrides, timeoutMs, severities: choices.severities, thresholds, database: values['no-db'] ? 'never' : 'auto', pendingOnly: values.pending === true, replay: values['no-replay'] !== true });
  } catch (error) {
    return failUsage('lint', error);
  }
  reportProblems(result.problems, root);
  if (choices.format === 'text') {
    const database = result.database ? `, with the table sizes and history of ${result.database}` : '';
    process.stderr.write(`schema-lens: linted ${result.statements} statement${result.statements === 1 ? '' : 's'} in ${result.files} migration${result.files === 1 ? '' : 's'}${database}.\n`);
    if (result.replayed) process.stderr.write(`schema-lens: replayed them with each down() checked; the entities were compared with ${result.replayed}.\n`);
  }
  writeFindings(result.findings, choices.format, { root, fallbackFile: result.dataSource.file, problems: result.problems });
  return exitCodeFor(result.findings, choices.failOn);
}

const lint: Command = { summary: 'lint migrations for locks, rewrites and breaking changes', run };
export default lint;

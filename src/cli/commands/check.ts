// `schema-lens check`: argument parsing, output format and exit codes over core runCheck().
import { relative } from 'node:path';
import { runCheck, type CheckResult } from '../../core/check';
import type { Severity } from '../../core/rules';
import { failUsage, parseProjectArguments, projectOptionsHelp, reportProblems, UsageError, type ProjectArguments } from '../options';
import { EXIT_OK, type Command } from '../command';
import { exitCodeFor, findingChoices, findingOptions, findingOptionsHelp, writeFindings } from '../findings';

const HELP = `usage: schema-lens check [options]

Compares the TypeORM entities of a project with its PostgreSQL schema and reports drift,
missing foreign keys and indexes, and database health problems.

${projectOptionsHelp}${findingOptionsHelp}  --shadow                  replay the migrations into an embedded PostgreSQL instead of connecting
                            (each migration's down() is checked on the way: SL624)
  --no-shadow               never use the embedded PostgreSQL

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or connection errors.
`;

const checkOptions = {
  ...findingOptions,
  shadow: { type: 'boolean' },
  'no-shadow': { type: 'boolean' },
} as const;

/**
 * check as a command: arguments parsed, the project checked and its findings reported; `judge`
 * gives the exit code (check: --fail-on; validate adds the migration status). Usage and
 * connection errors exit 2 with one line.
 */
export async function checkCommand(name: string, help: string, args: string[], judge: (result: CheckResult, failOn: Severity | 'never') => number): Promise<number> {
  let project: ProjectArguments;
  let format: 'text' | 'json' | 'sarif';
  let failOn: Severity | 'never';
  let severities: Record<string, Severity | 'off'>;
  let shadow: 'auto' | 'always' | 'never';
  try {
    const parsed = parseProjectArguments(args, checkOptions);
    project = parsed.project;
    const values = parsed.values;
    if (project.help) {
      process.stdout.write(help);
      return EXIT_OK;
    }
    ({ format, failOn, severities } = findingChoices(values, project.json));
    if (values.shadow && values['no-shadow']) throw new UsageError('--shadow and --no-shadow contradict each other');
    shadow = values.shadow ? 'always' : values['no-shadow'] ? 'never' : 'auto';
  } catch (error) {
    return failUsage(name, error);
  }
  const { root, overrides, timeoutMs } = project;

  let result;
  try {
    // When it replays the migrations, each down() is checked too (SL624): once, then cached.
    result = await runCheck({ root, overrides, shadow, timeoutMs, severities, checkDown: true });
  } catch (error) {
    // Connection errors (DatabaseError) are already one line without the password.
    return failUsage(name, error);
  }

  reportProblems(result.problems, root);
  const { coverage, discovery } = result;
  const { version, range, source, file } = result.typeorm;
  // Which TypeORM the entities were read as decides names and defaults: said in every format.
  const typeorm = { ...(version ? { version } : {}), ...(range ? { range } : {}), source, ...(file ? { file: relative(root, file) } : {}) };
  if (format === 'text') {
    process.stderr.write(`schema-lens: entities read as ${result.typeorm.description}.\n`);
    if (result.comparedWith) process.stderr.write(`schema-lens: compared with ${result.comparedWith}.\n`);
    if (result.source === 'none') process.stderr.write('schema-lens: no database configured and no shadow database: only entity checks ran.\n');
  }
  writeFindings(result.findings, format, { root, fallbackFile: result.dataSource.file, coverage, discovery, typeorm, pending: result.pending, problems: result.problems });
  return judge(result, failOn);
}

const check: Command = {
  summary: 'compare entities with the database and report findings',
  run: (args) => checkCommand('check', HELP, args, (result, failOn) => exitCodeFor(result.findings, failOn)),
};
export default check;

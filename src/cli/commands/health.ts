// `schema-lens health`: the database on its own (PgHero's checks, and the schema rules about the
// database alone), its findings pointing at the entities that map the tables, exit codes for CI.
import { runHealth } from '../../core/health';
import { failUsage, parseProjectArguments, projectOptionsHelp, reportProblems, type ProjectArguments } from '../options';
import { EXIT_OK, type Command } from '../command';
import { exitCodeFor, findingChoices, findingOptions, findingOptionsHelp, writeFindings, type FindingChoices } from '../findings';

const HELP = `usage: schema-lens health [options]

Reads the project's database (or --db), read-only, and reports what PgHero would: tables without a
primary key, invalid, duplicate and unused indexes, foreign keys without an index, sequences near
their maximum, table and index bloat, the cache hit ratio, tables never vacuumed or with many dead
rows, long-running and blocked queries, connections against max_connections, and whether
pg_stat_statements is collecting. Recommends check constraints the data keeps (pg_stats) and
indexes for the statements that take the time (pg_stat_statements: composite, partial, GIN;
confirmed by their generic plan, and with hypopg installed by a hypothetical index), each with the
entity edit and the migration in --format json. Thresholds: "health" in
schema-lens.json (see the README).

${projectOptionsHelp}${findingOptionsHelp}
Exit codes: 0 healthy, 1 findings at or above --fail-on, 2 usage errors or no database.
`;

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let choices: FindingChoices;
  try {
    const parsed = parseProjectArguments(args, findingOptions);
    project = parsed.project;
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    choices = findingChoices(parsed.values, project.json);
  } catch (error) {
    return failUsage('health', error);
  }
  const { root, overrides, timeoutMs } = project;
  let result;
  try {
    result = await runHealth({ root, overrides, timeoutMs, severities: choices.severities });
  } catch (error) {
    // Connection errors (DatabaseError) are already one line without the password.
    return failUsage('health', error);
  }
  reportProblems(result.problems, root);
  if (choices.format === 'text') {
    const version = result.facts.serverVersion;
    const server = version ? ` (PostgreSQL ${Math.floor(version / 10000)}.${version % 10000})` : '';
    const since = result.facts.statsResetAt ? `statistics since ${result.facts.statsResetAt}` : 'statistics never reset';
    process.stderr.write(`schema-lens: health of the database ${result.database}${server}, ${since}.\n`);
  }
  writeFindings(result.findings, choices.format, { root, fallbackFile: result.dataSource.file, problems: result.problems });
  return exitCodeFor(result.findings, choices.failOn);
}

const health: Command = { summary: 'report the database health (indexes, bloat, vacuum, sequences, activity)', run };
export default health;

// `schema-lens check`: argument parsing, output format and exit codes over core runCheck().
import { relative } from 'node:path';
import { runCheck } from '../../core/check';
import { formatJson, formatSarif, formatText } from '../../core/report';
import type { Finding, Severity } from '../../core/rules';
import { failUsage, oneOf, parseProjectArguments, projectOptionsHelp, reportProblems, UsageError, type ProjectArguments } from '../options';
import { EXIT_FINDINGS, EXIT_OK, type Command } from '../command';

const HELP = `usage: schema-lens check [options]

Compares the TypeORM entities of a project with its PostgreSQL schema and reports drift,
missing foreign keys and indexes, and database health problems.

${projectOptionsHelp}  --format text|json|sarif  output format (default: text; --json is --format json)
  --fail-on error|warning|never
                            exit 1 when a finding has at least this severity (default: error)
  --severity CODE=LEVEL     override a code's severity: error, warning, info or off (repeatable)
  --shadow                  replay the migrations into an embedded PostgreSQL instead of connecting
  --no-shadow               never use the embedded PostgreSQL

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or connection errors.
`;

const checkOptions = {
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  severity: { type: 'string', multiple: true },
  shadow: { type: 'boolean' },
  'no-shadow': { type: 'boolean' },
} as const;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function parseSeverities(values: string[] | undefined): Record<string, Severity | 'off'> {
  const result: Record<string, Severity | 'off'> = {};
  for (const value of values ?? []) {
    const match = /^(SL\d{3})=(error|warning|info|off)$/.exec(value);
    if (!match) throw new UsageError(`--severity expects CODE=error|warning|info|off, e.g. SL301=off (got '${value}')`);
    result[match[1]!] = match[2] as Severity | 'off';
  }
  return result;
}

function useColour(): boolean {
  // https://no-color.org: present and not empty disables colour.
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

export function exitCodeFor(findings: readonly Finding[], failOn: Severity | 'never'): number {
  if (failOn === 'never') return EXIT_OK;
  return findings.some((finding) => RANK[finding.severity] >= RANK[failOn]) ? EXIT_FINDINGS : EXIT_OK;
}

async function run(args: string[]): Promise<number> {
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
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const) ?? (project.json ? 'json' : 'text');
    failOn = oneOf('fail-on', values['fail-on'], ['error', 'warning', 'info', 'never'] as const) ?? 'error';
    severities = parseSeverities(values.severity);
    if (values.shadow && values['no-shadow']) throw new UsageError('--shadow and --no-shadow contradict each other');
    shadow = values.shadow ? 'always' : values['no-shadow'] ? 'never' : 'auto';
  } catch (error) {
    return failUsage('check', error);
  }
  const { root, overrides, timeoutMs } = project;

  let result;
  try {
    result = await runCheck({ root, overrides, shadow, timeoutMs, severities });
  } catch (error) {
    // Connection errors (DatabaseError) are already one line without the password.
    return failUsage('check', error);
  }

  reportProblems(result.problems, root);
  const { coverage, discovery } = result;
  const { version, range, source, file } = result.typeorm;
  // Which TypeORM the entities were read as decides names and defaults: said in every format.
  const typeorm = { ...(version ? { version } : {}), ...(range ? { range } : {}), source, ...(file ? { file: relative(root, file) } : {}) };
  if (format === 'json') process.stdout.write(formatJson(result.findings, root, { coverage, discovery, typeorm }));
  else if (format === 'sarif') process.stdout.write(formatSarif(result.findings, { root, fallbackFile: result.dataSource.file ? relative(root, result.dataSource.file) : undefined, coverage, discovery, typeorm }));
  else {
    process.stderr.write(`schema-lens: entities read as ${result.typeorm.description}.\n`);
    if (result.comparedWith) process.stderr.write(`schema-lens: compared with ${result.comparedWith}.\n`);
    if (result.source === 'none') process.stderr.write('schema-lens: no database configured and no shadow database: only entity checks ran.\n');
    process.stdout.write(formatText(result.findings, { root, color: useColour(), coverage, discovery }));
  }
  return exitCodeFor(result.findings, failOn);
}

const check: Command = { summary: 'compare entities with the database and report findings', run };
export default check;

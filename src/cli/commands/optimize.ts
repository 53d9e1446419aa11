// `schema-lens optimize [--yes]`: the maintenance the health findings call for. A dry run by
// default (each statement and why); with --yes it runs them one at a time, outside any
// transaction, with a progress line each; Ctrl-C cancels the running statement on the server.
import { planOptimize, runOptimize } from '../../core/optimize';
import { failUsage, parseProjectArguments, projectOptionsHelp, reportProblems, UsageError, type ProjectArguments } from '../options';
import { EXIT_FINDINGS, EXIT_OK, type Command } from '../command';

const HELP = `usage: schema-lens optimize [options]

Plans the maintenance that 'schema-lens health' calls for and prints it: REINDEX INDEX
CONCURRENTLY of invalid and bloated indexes, VACUUM (ANALYZE) of tables with many dead rows or
never vacuumed, ANALYZE of tables never analysed. Nothing runs without --yes; then each statement
runs alone, outside any transaction, with a progress line; Ctrl-C cancels the running one.

${projectOptionsHelp}  --yes                     run the statements (default: only print them)
  --lock-timeout MS         how long a statement waits for a lock before it fails (default: 10000)

Exit codes: 0 done (or nothing to do, or a dry run), 1 a statement failed, 2 usage or connection
errors, 130 cancelled.
`;

const EXIT_CANCELLED = 130;
const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let yes: boolean;
  let lockTimeoutMs = DEFAULT_LOCK_TIMEOUT_MS;
  try {
    const parsed = parseProjectArguments(args, { yes: { type: 'boolean' }, 'lock-timeout': { type: 'string' } } as const);
    project = parsed.project;
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    yes = parsed.values.yes === true;
    if (parsed.values['lock-timeout'] !== undefined) {
      lockTimeoutMs = Number(parsed.values['lock-timeout']);
      if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs <= 0) throw new UsageError(`--lock-timeout expects milliseconds (got '${parsed.values['lock-timeout']}')`);
    }
  } catch (error) {
    return failUsage('optimize', error);
  }
  const { root, overrides, timeoutMs } = project;
  let plan;
  try {
    plan = await planOptimize({ root, overrides, timeoutMs });
  } catch (error) {
    return failUsage('optimize', error);
  }
  reportProblems(plan.health.problems, root);
  if (plan.steps.length === 0) {
    process.stdout.write(`Nothing to optimize in the database ${plan.health.database}.\n`);
    return EXIT_OK;
  }
  const width = Math.max(...plan.steps.map((step) => step.statement.length));
  // The plan is SQL a person may paste into psql: a name in the `--` comment must not end the comment
  // (a line break in it would turn the rest of the name into a live statement).
  for (const step of plan.steps) process.stdout.write(`${`${step.statement};`.padEnd(width + 1)}  -- ${step.why.replace(/[\r\n\u2028\u2029]+/g, ' ')}\n`);
  if (!yes) {
    process.stdout.write(`\nDry run: nothing was run on ${plan.health.database}. Run again with --yes to run these ${plan.steps.length} statements, one at a time, outside any transaction.\n`);
    return EXIT_OK;
  }

  let running = '';
  const controller = new AbortController();
  const interrupt = (): void => {
    process.stderr.write('schema-lens optimize: cancelling the running statement…\n');
    controller.abort();
  };
  process.once('SIGINT', interrupt);
  try {
    const result = await runOptimize(plan, {
      lockTimeoutMs,
      signal: controller.signal,
      onProgress: (event) => {
        const position = `[${event.index + 1}/${event.total}]`;
        if (event.kind === 'start') {
          running = event.statement;
          process.stderr.write(`${position} ${event.statement} …\n`);
        }
        else if (event.kind === 'done') process.stderr.write(`${position} done in ${Math.round(event.ms)} ms\n`);
        else process.stderr.write(`${position} failed after ${Math.round(event.ms)} ms: ${event.message}\n`);
      },
    });
    if (result.cancelled) {
      process.stderr.write(`schema-lens optimize: cancelled; ${result.done} of ${plan.steps.length} statements ran.\n`);
      // PostgreSQL keeps the half-built copy of an index whose concurrent rebuild was cancelled.
      if (running.startsWith('REINDEX INDEX CONCURRENTLY')) process.stderr.write('schema-lens optimize: a cancelled REINDEX CONCURRENTLY can leave an INVALID index named …_ccnew behind: schema-lens health lists it (SL502); drop it.\n');
      return EXIT_CANCELLED;
    }
    process.stderr.write(`schema-lens optimize: ${result.done} of ${plan.steps.length} statements ran${result.failed ? `, ${result.failed} failed` : ''}.\n`);
    return result.failed ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    return failUsage('optimize', error);
  } finally {
    process.off('SIGINT', interrupt);
  }
}

const optimize: Command = { summary: 'print (and with --yes run) VACUUM, ANALYZE and REINDEX CONCURRENTLY the health findings call for', run };
export default optimize;

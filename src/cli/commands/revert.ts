// `schema-lens revert [--to NAME] [--yes]`: shows what the down() migrations will destroy, backs it
// up, then reverts (newest first).
import { createInterface } from 'node:readline/promises';
import { relative } from 'node:path';
import { backupsFolder, describeRevertPlan, type RevertPlan, safeRevert, selectDataSource } from '../../core/migrations';
import { failUsage, parseProjectArguments, projectOptionsHelp, reportProblems, type ProjectArguments } from '../options';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command';
import { failRun, lockTimeout, printProgress } from './migrate';

const HELP = `usage: schema-lens revert [options]

Reverts the newest executed migration (or every one down to --to, newest first). First it reads
each down() (statically, or by capturing it in a rolled-back transaction), lists what can be lost
with the rows at stake, asks, and backs up what can be lost.

${projectOptionsHelp}  --data-source NAME        which data source (default: the first found)
  --to NAME                 revert down to and including this migration
  --yes                     do not ask (required when not on a terminal)
  --backups DIR             backups folder (default: .schema-lens/backups)
  --lock-timeout MS         how long to wait for another runner (default: 60000)

Exit codes: 0 reverted (or declined at the prompt), 1 a migration failed, 2 usage, connection or lock
errors, or no --yes when not on a terminal.
`;

/** Shows the plan and asks on the terminal; off a terminal there is nobody to ask (the caller refuses). */
async function ask(plan: RevertPlan): Promise<boolean> {
  process.stderr.write(`${describeRevertPlan(plan)}\n`);
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`Revert ${plan.migrations.length} migration(s)? [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

async function run(args: string[]): Promise<number> {
  let project: ProjectArguments;
  let values;
  let lockTimeoutMs: number | undefined;
  try {
    ({ project, values } = parseProjectArguments(args, {
      to: { type: 'string' },
      yes: { type: 'boolean' },
      backups: { type: 'string' },
      'lock-timeout': { type: 'string' },
      'data-source': { type: 'string' },
    } as const));
    if (project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    lockTimeoutMs = lockTimeout(values['lock-timeout']);
  } catch (error) {
    return failUsage('revert', error);
  }
  const { root } = project;
  try {
    const { dataSource, problems } = await selectDataSource(root, project.overrides, values['data-source']);
    reportProblems(problems, root);
    const outcome = await safeRevert({
      dataSource,
      to: values.to,
      lockTimeoutMs,
      timeoutMs: project.timeoutMs,
      onProgress: printProgress,
      backupsFolder: backupsFolder(root, values.backups),
      confirm: async (plan) => {
        if (!values.yes) return ask(plan);
        if (!project.json) process.stderr.write(`${describeRevertPlan(plan)}\n`);
        return true;
      },
    });
    if (!outcome.result && !values.yes && !process.stdin.isTTY) {
      process.stderr.write('schema-lens revert: not on a terminal, nothing reverted; pass --yes to revert without asking\n');
      return EXIT_USAGE;
    }
    if (project.json) {
      process.stdout.write(
        `${JSON.stringify({ plan: outcome.plan, backup: outcome.backup && relative(root, outcome.backup.file), reverted: outcome.result?.reverted ?? [], declined: !outcome.result }, null, 2)}\n`,
      );
    } else if (!outcome.result) {
      process.stdout.write('nothing reverted\n');
    } else {
      if (outcome.backup) process.stdout.write(`backup: ${relative(root, outcome.backup.file)}\n`);
      process.stdout.write(outcome.result.reverted.length ? `reverted ${outcome.result.reverted.join(', ')}\n` : 'no executed migrations to revert\n');
    }
    return EXIT_OK;
  } catch (error) {
    return failRun('revert', error);
  }
}

const revert: Command = { summary: 'revert migrations after showing what they destroy, with a backup', run };
export default revert;

// `npm run bench:reliability`: the long runs of the reliability suite, written to bench/RELIABILITY.md.
//   - fuzzing the entity reader, the migration reader and the migration lint (bench/reliability/fuzz.ts)
//   - the readers on huge files (time against size)
//   - kill -9 of migrate and revert in each transaction mode at random moments (bench/reliability/kill.ts)
//   - two and five concurrent migrate runs
// Options: --cases 10000 --kills 100 --out bench/RELIABILITY.md. Seeds: SCHEMA_LENS_FUZZ_SEED and
// SCHEMA_LENS_KILL_SEED (random when unset; printed and written to the report).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cpus, loadavg } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopTestServer } from '../../test/integration/support/postgres';
import { type CaseResult, fuzz, fuzzSeed, HANG_MS, hugeFileTimes, type FuzzReport } from './fuzz';
import { concurrentMigrate, type ConcurrencyOutcome, killProject, killRun, type KillOutcome, migrateDuration, MODES, random } from './kill';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    kills: { type: 'string', default: '100' },
    out: { type: 'string', default: join(__dirname, '..', 'RELIABILITY.md') },
    // Internal: the kill and concurrency runs, in a child process beside the fuzzing, written as JSON.
    'kill-part': { type: 'string' },
  },
});
const CASES = Number(values.cases);
const KILLS = Number(values.kills);

function ms(value: number): string {
  return `${Math.round(value).toLocaleString('en')} ms`;
}

function fuzzSection(report: FuzzReport): string[] {
  const kinds = Object.entries(report.byKind).map(([kind, count]) => `${count.toLocaleString('en')} ${kind}`).join(', ');
  const listed = (results: CaseResult[]): string[] => results.slice(0, 20).map((r) => `  - case ${r.index}: ${r.what}: ${r.crash ? r.crash.split('\n')[0] : `${ms(r.cpuMs)} of CPU`}`);
  return [
    '## Fuzzing the entity reader, the migration reader and the migration lint',
    '',
    `Seed ${report.seed} (\`SCHEMA_LENS_FUZZ_SEED=${report.seed}\` reruns these cases, \`SCHEMA_LENS_FUZZ_CASE=n\` one of them).`,
    'Cases: mutations of the real entity and migration files under test/fixtures (truncated at random offsets, tokens deleted and',
    'duplicated, decorators swapped, wrong arguments, huge files of 100 KiB to 1 MiB, nesting up to 5,000 deep, invalid UTF-8),',
    "entity files from fast-check's grammar, and SQL (the fixtures' statements mutated, and strings) through the lint.",
    `A crash is an exception out of a public entry; a hang is a case over ${ms(HANG_MS)} of CPU time, twice.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| cases | ${report.cases.toLocaleString('en')} (${kinds}) |`,
    `| crashes | ${report.crashes.length} |`,
    `| hangs (over ${ms(HANG_MS)} of CPU) | ${report.hangs.length} |`,
    `| max CPU time per file | ${ms(report.maxCpuMs)} (${report.slowest?.what ?? '-'}) |`,
    `| max wall-clock time per file | ${ms(report.maxMs)} (the machine is shared) |`,
    `| median / p99 CPU time per file | ${report.p50CpuMs.toFixed(1)} ms / ${ms(report.p99CpuMs)} |`,
    `| largest file | ${(report.largestBytes / 1024).toFixed(0)} KiB |`,
    `| run time | ${(report.totalMs / 1000).toFixed(0)} s |`,
    '',
    ...(report.crashes.length ? ['Crashes:', ...listed(report.crashes), ''] : []),
    ...(report.hangs.length ? ['Hangs:', ...listed(report.hangs), ''] : []),
  ];
}

function hugeSection(times: ReturnType<typeof hugeFileTimes>): string[] {
  return [
    '## Huge files',
    '',
    'CPU time of one read of a real fixture repeated to the size (the entity reader skips files over 4 MiB):',
    '',
    '| size | entity reader | migration reader |',
    '|---|---|---|',
    ...times.map((t) => `| ${(t.bytes / 1024 / 1024).toFixed(1)} MiB | ${ms(t.entityCpuMs)} | ${ms(t.migrationCpuMs)} |`),
    '',
  ];
}

function killSection(seed: number, outcomes: KillOutcome[], duration: number): string[] {
  const rows: string[] = [];
  for (const mode of MODES) {
    for (const command of ['migrate', 'revert'] as const) {
      const these = outcomes.filter((o) => o.mode === mode && o.command === command);
      if (these.length === 0) continue;
      const killed = these.filter((o) => !o.finishedFirst);
      rows.push(
        `| ${command} | ${mode} | ${these.length} | ${killed.length} | ${killed.filter((o) => o.recordedAfterKill > 0 && o.recordedAfterKill < 4).length} | ${these.filter((o) => o.disagreements.length > 0).length} | ${these.filter((o) => o.untransacted.length > 0).length} | ${these.filter((o) => o.afterRecovery.length > 0).length} |`,
      );
    }
  }
  const bad = outcomes.filter((o) => o.disagreements.length > 0 || o.afterRecovery.length > 0);
  return [
    '## kill -9 mid-migration',
    '',
    `Seed ${seed} (\`SCHEMA_LENS_KILL_SEED\`). ${outcomes.length} runs of four migrations that sleep between their statements; a full migrate took ${ms(duration)} from`,
    'its first migration on, and each kill comes that long at most after the first migration started. After each kill: do the schema and the migrations table (and Schema Lens\'s checksums) agree? Then the',
    'same command again and `migrate`: are all four applied and recorded once?',
    '',
    '| command | mode | runs | killed mid-run | with some of the four recorded | disagreements after the kill | mode none: applied/recorded apart | recovery failed |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Mode none has no transaction: TypeORM records a migration after its statements ran, so a kill between the two leaves it',
    'applied and unrecorded (or, reverting, undone and still recorded). That is counted apart, not as a disagreement; running again',
    'repairs it when the migrations can run twice, as these can.',
    '',
    ...(bad.length ? ['Failures:', ...bad.slice(0, 20).map((o) => `  - ${o.command} ${o.mode} at ${o.killAfterMs} ms: ${[...o.disagreements, ...o.afterRecovery].join('; ')}`), ''] : []),
  ];
}

function concurrencySection(outcomes: ConcurrencyOutcome[]): string[] {
  return [
    '## Concurrent migrate runs',
    '',
    'N `migrate` processes started together (transaction mode each, --lock-timeout 120000); each migration counts its committed runs.',
    '',
    '| runners | exit codes | waited for the lock | refused | runs per migration | problems |',
    '|---|---|---|---|---|---|',
    ...outcomes.map((o) => `| ${o.runners} | ${o.exits.join(', ')} | ${o.waited} | ${o.refused} | ${Object.values(o.runs).join(', ')} | ${o.problems.length ? o.problems.join('; ') : 'none'} |`),
    '',
  ];
}

interface KillPart {
  seed: number;
  duration: number;
  kills: KillOutcome[];
  concurrency: ConcurrencyOutcome[];
}

/** The kill runs and the concurrent runners (in their own process: their figures are outcomes, not times). */
async function killPart(): Promise<KillPart> {
  const seed = process.env.SCHEMA_LENS_KILL_SEED ? Number(process.env.SCHEMA_LENS_KILL_SEED) : Math.floor(Math.random() * 2 ** 31);
  const next = random(seed);
  const kp = await killProject('bench-kill');
  const kills: KillOutcome[] = [];
  const concurrency: ConcurrencyOutcome[] = [];
  let duration = 0;
  try {
    duration = await migrateDuration(kp);
    console.log(`kill seed ${seed}: ${KILLS} runs, a migrate takes ${duration} ms from its first migration`);
    for (let i = 0; i < KILLS; i++) {
      const mode = MODES[i % MODES.length]!;
      const command = next() < 0.5 ? 'migrate' : 'revert';
      const outcome = await killRun(kp, mode, command, Math.floor(next() * duration));
      kills.push(outcome);
      if (outcome.disagreements.length || outcome.afterRecovery.length) console.log(`  run ${i}: ${JSON.stringify(outcome)}`);
      if ((i + 1) % 10 === 0) console.log(`  ${i + 1} kill runs`);
    }
    for (const runners of [2, 5]) concurrency.push(await concurrentMigrate(kp, runners));
  } finally {
    await kp.dispose();
    await stopTestServer();
  }
  return { seed, duration, kills, concurrency };
}

async function main(): Promise<void> {
  if (values['kill-part']) {
    writeFileSync(values['kill-part'], JSON.stringify(await killPart()));
    return;
  }
  const started = new Date();
  const load = loadavg()[0]!.toFixed(1);
  const scratch = mkdtempSync(join(tmpdir(), 'sl-reliability-'));
  const killJson = join(scratch, 'kill.json');
  const killing = promisify(execFile)(process.execPath, ['--import', 'tsx', __filename, '--kills', String(KILLS), '--kill-part', killJson], { maxBuffer: 64 * 1024 * 1024 });
  const fuzzSeedValue = fuzzSeed();
  console.log(`fuzz seed ${fuzzSeedValue}: ${CASES} cases`);
  let done = 0;
  const report = await fuzz({
    seed: fuzzSeedValue,
    count: CASES,
    onResult: (result) => {
      if (result.crash || result.cpuMs > HANG_MS) console.log(`  case ${result.index}: ${result.what}: ${result.crash ?? `${Math.round(result.cpuMs)} ms of CPU`}`);
      if (++done % 500 === 0) console.log(`  ${done} cases`);
    },
  });
  console.log(`fuzz: ${report.crashes.length} crashes, ${report.hangs.length} hangs, max ${Math.round(report.maxCpuMs)} ms of CPU`);
  const huge = hugeFileTimes([1, 2, 3.5].map((mib) => Math.round(mib * 1024 * 1024)));
  const { stdout } = await killing;
  process.stdout.write(stdout);
  const { seed: killSeed, duration, kills, concurrency } = JSON.parse(readFileSync(killJson, 'utf8')) as KillPart;
  rmSync(scratch, { recursive: true, force: true });

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const lines = [
    '# Reliability',
    '',
    `Written by \`npm run bench:reliability\` (bench/reliability/run.ts) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, src ${commit},`,
    `${cpus().length} CPUs shared with other work (load average ${load} at the start): read CPU times, not wall-clock times.`,
    '',
    'What is proven by pass/fail tests rather than figures (all in `npm test`): no password in any output or artefact',
    '(test/integration/reliability/secrets.test.ts), analysis connections refuse writes (read-only.test.ts), hostile identifiers',
    'through generate, migrate, revert, backup and restore (hostile-sql.test.ts), database faults (faults.test.ts), and short',
    'runs of what is measured here (test/unit/reliability/fuzz.test.ts, test/integration/reliability/crash.test.ts).',
    '',
    ...fuzzSection(report),
    ...hugeSection(huge),
    ...killSection(killSeed, kills, duration),
    ...concurrencySection(concurrency),
  ];
  writeFileSync(values.out!, `${lines.join('\n').trimEnd()}\n`);
  console.log(`wrote ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

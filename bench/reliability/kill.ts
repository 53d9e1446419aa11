// Crashes mid-migration and concurrent runners, on a real PostgreSQL, through the CLI binary.
//
// A kill run: a project of four migrations that each sleep between their statements (so a kill
// lands inside them), `migrate` or `revert` started in transaction mode all, each or none, and
// `kill -9` at a random moment after its first migration started. Then the schema and the migrations table must agree: every recorded
// migration is fully applied, and in modes all and each every fully applied one is recorded (mode
// none has no transaction: TypeORM records a migration after its statements ran, so a kill between
// the two leaves it applied and unrecorded, or, reverting, undone and still recorded; the
// migrations are written to be rerun, as mode none needs). Running the interrupted command again,
// then `migrate`, must end with all four applied and recorded once, and Schema Lens's checksums
// beside exactly those. The moments come from a seeded generator; the seed is printed.
//
// Concurrent runners: N `migrate` processes started together; each migration records its run in a
// table of its own in the same transaction: every migration must have run exactly once, and every
// runner exits 0 (it waited) or 2 with the lock message.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestProject, type MigrationSpec, nameOf, type TestProject } from '../../test/integration/migrations/project';

const REPO = join(__dirname, '..', '..');
const MAIN = join(REPO, 'src', 'cli', 'main.ts');

export type Mode = 'all' | 'each' | 'none';
export const MODES: Mode[] = ['all', 'each', 'none'];
const COUNT = 4;
/** Seconds each migration sleeps between its statements (twice per migration). */
const SLEEP = 0.15;

/** Migration i: a table with a row, then (after a sleep) a column; each statement can run again. */
export function killSpecs(): MigrationSpec[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    name: `Step${i}`,
    timestamp: 1700000000000 + i * 1000,
    up: [
      `CREATE TABLE IF NOT EXISTS "t${i}" ("id" int PRIMARY KEY)`,
      `INSERT INTO "t${i}" VALUES (1) ON CONFLICT DO NOTHING`,
      `SELECT pg_sleep(${SLEEP})`,
      `ALTER TABLE "t${i}" ADD COLUMN IF NOT EXISTS "done" boolean NOT NULL DEFAULT true`,
      `INSERT INTO "ran" ("name") VALUES ('Step${i}')`,
    ],
    down: [`ALTER TABLE IF EXISTS "t${i}" DROP COLUMN IF EXISTS "done"`, `SELECT pg_sleep(${SLEEP})`, `DROP TABLE IF EXISTS "t${i}"`],
  }));
}

/** A small seeded generator (mulberry32): the same seed, the same kill moments. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Starts the CLI (built from source) as a user runs it; `kill()` sends SIGKILL. */
export function start(args: string[]): { done: Promise<Run>; kill(): void; output(): string } {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
  return { done, kill: () => child.kill('SIGKILL'), output: () => stderr };
}

async function cli(args: string[]): Promise<Run> {
  return start(args).done;
}

export interface State {
  recorded: string[];
  /** Migrations whose statements all took effect (table and column there). */
  applied: string[];
  /** Migrations with some but not all of their effect. */
  partial: string[];
  checksums: string[];
}

export async function readState(project: TestProject): Promise<State> {
  const recorded = await project.executedNames();
  const columns = await project.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name ~ '^t[0-9]+$'`,
  );
  const checksums = await project.query<{ name: string }>('SELECT name FROM schema_lens_migration_checksums ORDER BY name').catch(() => []);
  const applied: string[] = [];
  const partial: string[] = [];
  for (const [i, spec] of killSpecs().entries()) {
    const table = columns.filter((column) => column.table_name === `t${i}`);
    if (table.some((column) => column.column_name === 'done')) applied.push(nameOf(spec));
    else if (table.length > 0) partial.push(nameOf(spec));
  }
  return { recorded, applied, partial, checksums: checksums.map((row) => row.name) };
}

/** What is wrong with a state after a kill, for this mode (empty: the schema and the history agree). */
export function disagreements(state: State, mode: Mode): string[] {
  const wrong: string[] = [];
  for (const name of state.recorded) if (!state.applied.includes(name) && mode !== 'none') wrong.push(`${name} is recorded but not applied`);
  if (mode !== 'none') {
    for (const name of state.applied) if (!state.recorded.includes(name)) wrong.push(`${name} is applied but not recorded`);
    for (const name of state.partial) wrong.push(`${name} is half applied`);
  }
  if (new Set(state.recorded).size !== state.recorded.length) wrong.push(`recorded twice: ${state.recorded.join(', ')}`);
  // Schema Lens's checksum is written in the migration's own transaction: with TypeORM's row, or not at all.
  if (mode !== 'none' && state.checksums.join('\n') !== [...state.recorded].sort().join('\n')) wrong.push(`checksums for ${state.checksums.join(', ')}, history ${state.recorded.join(', ')}`);
  return wrong;
}

export interface KillOutcome {
  mode: Mode;
  command: 'migrate' | 'revert';
  killAfterMs: number;
  /** The process had already exited when the kill came. */
  finishedFirst: boolean;
  /** Recorded migrations right after the kill. */
  recordedAfterKill: number;
  /** Disagreements right after the kill (none expected). */
  disagreements: string[];
  /** Mode none only: states the missing transaction allows (applied but unrecorded, or the reverse). */
  untransacted: string[];
  /** What was wrong after running the command again and then migrate (none expected). */
  afterRecovery: string[];
}

function untransacted(state: State): string[] {
  return [
    ...state.applied.filter((name) => !state.recorded.includes(name)).map((name) => `${name} applied, not recorded`),
    ...state.recorded.filter((name) => !state.applied.includes(name)).map((name) => `${name} recorded, not applied`),
    ...state.partial.map((name) => `${name} half applied`),
  ];
}

export interface KillProject {
  project: TestProject;
  /** The CLI's arguments for this project (the transaction mode is in its data-source.ts). */
  args(): string[];
  dispose(): Promise<void>;
}

export async function killProject(label: string): Promise<KillProject> {
  const project = await createTestProject(label);
  for (const spec of killSpecs()) project.write(spec);
  await project.db.exec('CREATE TABLE "ran" ("name" text NOT NULL)');
  return {
    project,
    args: () => ['--root', project.root, '--db', project.db.url, '--migrations', 'migrations/*.ts'],
    dispose: () => project.dispose(),
  };
}

/** The data source's transaction mode, as the project's DataSource would declare it. */
function writeDataSource(project: TestProject, mode: Mode): void {
  // schema-lens reads migrationsTransactionMode from the project's DataSource file.
  writeFileSync(
    join(project.root, 'data-source.ts'),
    `import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({ type: 'postgres', migrations: ['migrations/*.ts'], migrationsTransactionMode: '${mode}' });\n`,
  );
}

async function noSessionsLeft(project: TestProject): Promise<void> {
  // The server notices the killed client's socket closing and ends (rolls back) its session.
  for (let i = 0; i < 400; i++) {
    const [row] = await project.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'schema-lens' AND datname = current_database()");
    if (Number(row!.n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the killed runner still has a session after 10 s');
}

/**
 * One kill run on a fresh database state: brings the project to the starting point (nothing
 * applied for migrate, everything applied for revert), kills the command after `killAfterMs`, and
 * checks the state, then recovery.
 */
export async function killRun(kp: KillProject, mode: Mode, command: 'migrate' | 'revert', killAfterMs: number): Promise<KillOutcome> {
  const { project } = kp;
  writeDataSource(project, mode);
  const base = kp.args();
  // Start from a clean slate: nothing applied, no history.
  await project.db.exec(`DROP TABLE IF EXISTS migrations, schema_lens_migration_checksums, ${killSpecs().map((_, i) => `"t${i}"`).join(', ')}; TRUNCATE "ran"`);
  if (command === 'revert') {
    const ready = await cli(['migrate', ...base]);
    if (ready.code !== 0) throw new Error(`migrate before the revert failed: ${ready.stderr}`);
  }
  const args = command === 'migrate' ? ['migrate', ...base] : ['revert', ...base, '--yes', '--to', nameOf(killSpecs()[0]!)];
  const running = start(args);
  let exited = false;
  void running.done.then(() => (exited = true));
  // The moment is counted from the first migration's start (the process's own start-up, loading
  // TypeScript and TypeORM, is not what is tested).
  while (!exited && !/^(running|reverting) /m.test(running.output())) await new Promise((resolve) => setTimeout(resolve, 5));
  const timer = setTimeout(() => running.kill(), killAfterMs);
  const run = await running.done;
  clearTimeout(timer);
  const finishedFirst = run.signal !== 'SIGKILL';
  if (finishedFirst && run.code !== 0) throw new Error(`${args[0]} failed before the kill: ${run.stderr}`);
  await noSessionsLeft(project);
  const state = await readState(project);
  const outcome: KillOutcome = {
    mode,
    command,
    killAfterMs,
    finishedFirst,
    recordedAfterKill: state.recorded.length,
    disagreements: disagreements(state, mode),
    untransacted: mode === 'none' ? untransacted(state) : [],
    afterRecovery: [],
  };
  // Recovery: the same command again (a revert only while something it reverts is recorded), then everything applied.
  if (command === 'migrate' || state.recorded.length > 0) {
    const again = await cli(args);
    if (again.code !== 0) outcome.afterRecovery.push(`${args[0]} again exited ${again.code}: ${again.stderr.trim().split('\n').pop()}`);
  }
  const forward = await cli(['migrate', ...base]);
  if (forward.code !== 0) outcome.afterRecovery.push(`migrate exited ${forward.code}: ${forward.stderr.trim().split('\n').pop()}`);
  const end = await readState(project);
  const all = killSpecs().map(nameOf);
  if (end.recorded.join('\n') !== all.join('\n')) outcome.afterRecovery.push(`recorded at the end: ${end.recorded.join(', ')}`);
  if (end.applied.join('\n') !== all.join('\n')) outcome.afterRecovery.push(`applied at the end: ${end.applied.join(', ')}`);
  outcome.afterRecovery.push(...disagreements(end, 'all'));
  return outcome;
}

/** How long a full migrate takes here from its first migration's start (the kill moments are drawn within it). */
export async function migrateDuration(kp: KillProject): Promise<number> {
  writeDataSource(kp.project, 'all');
  await kp.project.db.exec(`DROP TABLE IF EXISTS migrations, schema_lens_migration_checksums, ${killSpecs().map((_, i) => `"t${i}"`).join(', ')}; TRUNCATE "ran"`);
  const running = start(['migrate', ...kp.args()]);
  let exited = false;
  void running.done.then(() => (exited = true));
  while (!exited && !/^running /m.test(running.output())) await new Promise((resolve) => setTimeout(resolve, 5));
  const first = Date.now();
  const run = await running.done;
  if (run.code !== 0) throw new Error(`migrate failed: ${run.stderr}`);
  return Date.now() - first;
}

export interface ConcurrencyOutcome {
  runners: number;
  exits: number[];
  /** Runners that said they waited for another. */
  waited: number;
  /** Runners that refused with the lock message. */
  refused: number;
  /** name -> times its up() ran (committed). */
  runs: Record<string, number>;
  problems: string[];
}

/** `runners` migrate processes started together on a fresh database. */
export async function concurrentMigrate(kp: KillProject, runners: number): Promise<ConcurrencyOutcome> {
  const { project } = kp;
  writeDataSource(project, 'each');
  await project.db.exec(`DROP TABLE IF EXISTS migrations, schema_lens_migration_checksums, ${killSpecs().map((_, i) => `"t${i}"`).join(', ')}; TRUNCATE "ran"`);
  const results = await Promise.all(Array.from({ length: runners }, () => cli(['migrate', ...kp.args(), '--lock-timeout', '120000'])));
  const rows = await project.query<{ name: string; n: string }>('SELECT name, count(*) AS n FROM ran GROUP BY name ORDER BY name');
  const runs = Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
  const problems: string[] = [];
  for (const spec of killSpecs()) if (runs[spec.name] !== 1) problems.push(`${spec.name} ran ${runs[spec.name] ?? 0} times`);
  for (const result of results) {
    if (result.code === 0) continue;
    if (result.code === 2 && /another migration run holds the lock/.test(result.stderr)) continue;
    problems.push(`a runner exited ${result.code}: ${result.stderr.trim().split('\n').pop()}`);
  }
  const state = await readState(project);
  problems.push(...disagreements(state, 'each'));
  return {
    runners,
    exits: results.map((result) => result.code ?? -1),
    waited: results.filter((result) => /waiting for another migration run to finish/.test(result.stderr)).length,
    refused: results.filter((result) => result.code === 2).length,
    runs,
    problems,
  };
}

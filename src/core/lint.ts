// runLint(): the migration safety lint of a project, for `schema-lens lint` (and CI). The migration
// files are found as `check` finds them (the DataSource's globs, --migrations); with a database the
// project connects to (read-only), its migration history says which migrations already ran (their
// up() findings become information) and the tables' sizes set the severity of lock findings. A
// database that cannot be reached is a warning, never the end of the lint: it works without one.
// Unless told not to, the migrations are also replayed into the shadow (check's own replay, with
// the down() check on): each down() that does not undo its up() (SL624), and every difference
// between the schema the migrations build and the entities (check's SL1xx/SL201/SL202/SL303) when
// the replay went through.
import type pg from 'pg';
import { runCheck } from './check';
import { type ConfigOverrides, type DataSourceConfig, describeConnection, discoverDataSources, findFiles, readFileOrUndefined } from './config';
import { postgres } from './dialect';
import { migrationSuppressions } from './lint-pending';
import { lintMigrations, type LintThresholds, readMigrationFiles } from './migrations';
import { readExecutedMigrations } from './migrations/history';
import type { ReadProblem } from './model/schema';
import { entityDifferenceCodes } from './rules';
import type { Finding, Severity } from './rules/finding';
import { DOWN_DOES_NOT_UNDO, shadowRuleInfos } from './rules/shadow-codes';
import { applyUserChoices } from './rules/suppress';
import { messageOf } from './errors';

export { lintPending, migrationSuppressions } from './lint-pending';

export interface LintProjectOptions {
  root: string;
  overrides?: ConfigOverrides;
  timeoutMs?: number;
  severities?: Record<string, Severity | 'off'>;
  thresholds?: Partial<LintThresholds>;
  /** 'auto' (default): the project's database when it has one; 'never': the files alone. */
  database?: 'auto' | 'never';
  /** Only migrations that have not run on the database (needs one). */
  pendingOnly?: boolean;
  /**
   * Replay the migrations into the embedded PostgreSQL (default true): SL624 for each down() that
   * does not undo its up(), and the differences between the schema they build and the entities.
   */
  replay?: boolean;
  /** Where the replay is cached; default check's (a per-project folder under the OS temp dir). */
  cacheDir?: string;
}

export interface LintProjectResult {
  findings: Finding[];
  problems: ReadProblem[];
  dataSource: DataSourceConfig;
  /** Migration files linted, and the statements read in them. */
  files: number;
  statements: number;
  /** The database whose history and table sizes were used (never its password), when one was. */
  database?: string;
  /** What the replay compared the entities with, when the migrations were replayed. */
  replayed?: string;
}

export async function runLint(options: LintProjectOptions): Promise<LintProjectResult> {
  const discovered = await discoverDataSources(options.root, options.overrides);
  const problems: ReadProblem[] = [...discovered.problems];
  const dataSource = discovered.dataSources[0]!;
  const paths = await findFiles(dataSource.root, dataSource.migrationGlobs);
  const texts = new Map<string, string>();
  for (const path of paths) {
    const text = readFileOrUndefined(path);
    if (text !== undefined) texts.set(path, text);
  }
  let files = readMigrationFiles(paths, texts);
  // "not static" notes are the lint's own SL600 findings here, at each call.
  for (const file of files) problems.push(...file.problems.filter((problem) => problem.severity !== 'info'));
  if (paths.length === 0) problems.push({ severity: 'warning', message: `no migration files match ${dataSource.migrationGlobs.join(', ') || 'the migrations globs'} under ${dataSource.root} (pass --migrations GLOB).`, file: dataSource.file });

  let client: pg.Client | undefined;
  if (dataSource.connection && options.database !== 'never') {
    try {
      client = await postgres.catalog.connectReadOnly(dataSource.connection, { timeoutMs: options.timeoutMs });
    } catch (error) {
      problems.push({ severity: 'warning', message: `cannot connect to ${describeConnection(dataSource.connection)} (${messageOf(error)}): linted without table sizes or migration history.` });
    }
  }
  try {
    let executed: Set<string> | undefined;
    if (client) {
      try {
        executed = new Set((await readExecutedMigrations(client, dataSource)).map((row) => row.name));
      } catch (error) {
        problems.push({ severity: 'warning', message: `cannot read the migration history: ${messageOf(error)}` });
      }
    }
    const all = files;
    if (options.pendingOnly) {
      if (executed) files = files.filter((file) => file.name === undefined || !executed.has(file.name));
      else problems.push({ severity: 'warning', message: '--pending needs the migration history of a database: every migration was linted.' });
    }
    const connected = client;
    const raw = await lintMigrations(files, {
      history: all,
      // The text the files were read from: quick fixes edit it without reading each file again.
      readSource: (path) => texts.get(path),
      schema: dataSource.schema,
      transactionMode: dataSource.migrationsTransactionMode,
      thresholds: options.thresholds,
      ...(executed ? { executed } : {}),
      ...(connected ? { tableSizes: (tables) => postgres.migrationSql.tableSizes(connected, tables) } : {}),
    });
    const lintFindings = applyUserChoices(raw, migrationSuppressions(texts), options.severities);
    const replay = options.replay !== false && paths.length > 0 ? await replayFindings(options, problems, options.pendingOnly ? files : undefined) : undefined;
    return {
      findings: [...lintFindings, ...(replay?.findings ?? [])],
      problems,
      dataSource,
      files: files.length,
      statements: files.reduce((sum, file) => sum + file.statements.length, 0),
      ...(connected && dataSource.connection ? { database: describeConnection(dataSource.connection) } : {}),
      ...(replay?.comparedWith ? { replayed: replay.comparedWith } : {}),
    };
  } finally {
    await client?.end().catch(() => {});
  }
}

/** The replay's stops (SL450-SL452): the migrations after one were not replayed. */
const STOP_CODES: ReadonlySet<string> = new Set(shadowRuleInfos.map((info) => info.code).filter((code) => code !== DOWN_DOES_NOT_UNDO));

/**
 * check's own run on the shadow (the same replay, cache and comparison), with the down() check on:
 * its SL624 findings and its differences between the entities and the schema the migrations
 * build. Severities and `schema-lens-ignore` comments are applied by check. The differences are
 * kept only when there are entities and the replay went through: after a stop (SL450-SL452, a
 * problem here, a finding in check) the schema lacks what the rest would have built, and often the
 * migrations do not start from an empty database at all (a baseline made outside them), which is
 * no defect of a migration for the lint to report.
 * `only`: the migrations --pending kept; SL624 of the others is left out (the replay needs them all).
 */
async function replayFindings(options: LintProjectOptions, problems: ReadProblem[], only?: readonly { file: string }[]): Promise<{ findings: Finding[]; comparedWith?: string } | undefined> {
  let result;
  try {
    result = await runCheck({ root: options.root, overrides: options.overrides, shadow: 'always', timeoutMs: options.timeoutMs, severities: options.severities, cacheDir: options.cacheDir, checkDown: true });
  } catch (error) {
    problems.push({ severity: 'warning', message: `could not replay the migrations into the embedded PostgreSQL (${messageOf(error)}): down() was not checked and the entities were not compared with the schema the migrations build.` });
    return undefined;
  }
  const kept = only && new Set(only.map((file) => file.file));
  const entities = result.intended.tables.length > 0;
  const stops = result.findings.filter((finding) => STOP_CODES.has(finding.code));
  const compared = entities && stops.length === 0;
  for (const stop of stops) {
    problems.push({ severity: 'warning', message: `${stop.code} ${stop.message} The entities were not compared with the schema of a replay that stopped; down() was checked up to here.`, ...(stop.file ? { file: stop.file } : {}), ...(stop.span ? { span: stop.span } : {}) });
  }
  // Only when compared: otherwise check's problems are about finding entities, not the lint's business.
  const known = new Set(problems.map((problem) => problem.message));
  if (compared) problems.push(...result.problems.filter((problem) => !known.has(problem.message)));
  const findings = result.findings.filter((finding) => {
    if (finding.code === DOWN_DOES_NOT_UNDO) return !kept || (finding.file !== undefined && kept.has(finding.file));
    return compared && entityDifferenceCodes.has(finding.code);
  });
  if (!entities) problems.push({ severity: 'info', message: 'no entities found: the schema the migrations build was not compared with them (down() was checked).' });
  return { findings, comparedWith: compared ? result.comparedWith : undefined };
}

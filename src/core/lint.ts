// runLint(): the migration safety lint of a project, for `schema-lens lint` (and CI). The migration
// files are found as `check` finds them (the DataSource's globs, --migrations); with a database the
// project connects to (read-only), its migration history says which migrations already ran (their
// up() findings become information) and the tables' sizes set the severity of lock findings. A
// database that cannot be reached is a warning, never the end of the lint: it works without one.
import type pg from 'pg';
import { type ConfigOverrides, type DataSourceConfig, describeConnection, discoverDataSources, findFiles, readFileOrUndefined } from './config';
import { postgres } from './dialect';
import { parseFile } from './entities/parse';
import { lintMigrations, type LintThresholds, type MigrationFile, readMigrationFiles } from './migrations';
import { readExecutedMigrations } from './migrations/history';
import type { ReadProblem } from './model/schema';
import type { Finding, Severity } from './rules/finding';
import { applyUserChoices, type SuppressionRange } from './rules/suppress';
import { messageOf } from './errors';

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
      schema: dataSource.schema,
      transactionMode: dataSource.migrationsTransactionMode,
      thresholds: options.thresholds,
      ...(executed ? { executed } : {}),
      ...(connected ? { tableSizes: (tables) => postgres.migrationSql.tableSizes(connected, tables) } : {}),
    });
    return {
      findings: applyUserChoices(raw, migrationSuppressions(texts), options.severities),
      problems,
      dataSource,
      files: files.length,
      statements: files.reduce((sum, file) => sum + file.statements.length, 0),
      ...(connected && dataSource.connection ? { database: describeConnection(dataSource.connection) } : {}),
    };
  } finally {
    await client?.end().catch(() => {});
  }
}

/**
 * The lint findings `check` reports: those of the migrations that have not run on the connected
 * database yet (what the next deploy will do to it), with its table sizes. Migrations that already
 * ran cannot be changed any more (editing one is SL404), so their findings would only be noise.
 */
export async function lintPending(client: pg.ClientBase, dataSource: DataSourceConfig, pending: MigrationFile[], history: readonly MigrationFile[]): Promise<Finding[]> {
  return lintMigrations(pending, {
    history,
    schema: dataSource.schema,
    transactionMode: dataSource.migrationsTransactionMode,
    tableSizes: (tables) => postgres.migrationSql.tableSizes(client, tables),
  });
}

/** Suppression comments in migration files; only files that have one are parsed. */
export function migrationSuppressions(texts: ReadonlyMap<string, string>): SuppressionRange[] {
  const suppressions: SuppressionRange[] = [];
  for (const [file, text] of texts) {
    if (!text.includes('schema-lens-ignore')) continue;
    for (const suppression of parseFile(file, text).suppressions) suppressions.push({ file, ...suppression });
  }
  return suppressions;
}

// Status of every migration: the files (read statically) against the migrations table and Schema
// Lens's checksum table. computeMigrationStatus is pure (what the files and history mean, each
// problem a finding on the migration file); readMigrationStatus gathers its inputs.
import type pg from 'pg';
import { type DataSourceConfig, describeConnection, findFiles } from '../config';
import type { ReadProblem } from '../model/schema';
import type { Finding, Severity } from '../rules/finding';
import { postgres } from '../dialect';
import { type MigrationFile, readMigrationFiles } from './discover';
import { type ExecutedMigration, readExecutedMigrations, readRecordedChecksums } from './history';
import { MIGRATION_CODES } from '../rules/migration-codes';
import { messageOf } from '../errors';

export type MigrationState =
  /** In the migrations table, file present. */
  | 'executed'
  /** File present, not in the table. */
  | 'pending'
  /** In the table, no file with that name. */
  | 'missing'
  /** No database to compare with. */
  | 'unknown';

export interface MigrationStatus {
  name: string;
  timestamp?: number;
  file?: string;
  state: MigrationState;
  /** 1-based position in the migrations table (TypeORM's run order), for executed and missing ones. */
  runOrder?: number;
  /** Pending although a newer migration has already run: TypeORM would run it silently, out of order. */
  outOfOrder: boolean;
  /** Ran through Schema Lens with different file content than the file has now. */
  edited: boolean;
  duplicateTimestamp: boolean;
  duplicateName: boolean;
  migration?: MigrationFile;
}

export interface MigrationStatusReport {
  /** Newest first (by timestamp; run order breaks ties). */
  migrations: MigrationStatus[];
  findings: Finding[];
  connected: boolean;
}

export interface StatusContext {
  schema: string;
  migrationsTableName: string;
  /** Where findings about migrations without a file go (the DataSource file), when known. */
  configFile?: string;
}

export { MIGRATION_CODES } from '../rules/migration-codes';

function groupsOfMany<K>(files: MigrationFile[], key: (file: MigrationFile) => K | undefined): Set<K> {
  const counts = new Map<K, number>();
  for (const file of files) {
    const value = key(file);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, count]) => count > 1).map(([value]) => value));
}

export function computeMigrationStatus(
  files: MigrationFile[],
  executed: ExecutedMigration[] | undefined,
  recordedChecksums: Map<string, string>,
  context: StatusContext,
): MigrationStatusReport {
  const connected = executed !== undefined;
  const runOrder = new Map((executed ?? []).map((row, index) => [row.name, index + 1]));
  const newestExecuted = Math.max(-Infinity, ...(executed ?? []).map((row) => row.timestamp));
  // Files sharing a name share its timestamp too: that is the duplicate-name problem, reported once.
  const distinctNames = [...new Map(files.map((file) => [file.name ?? file.file, file])).values()];
  const duplicateTimestamps = groupsOfMany(distinctNames, (file) => file.timestamp);
  const duplicateNames = groupsOfMany(files, (file) => file.name);
  const fileNames = new Set(files.map((file) => file.name).filter((name): name is string => name !== undefined));

  const migrations: MigrationStatus[] = files.map((migration) => {
    const name = migration.name ?? migration.file;
    const order = migration.name !== undefined ? runOrder.get(migration.name) : undefined;
    const state: MigrationState = !connected ? 'unknown' : order !== undefined ? 'executed' : 'pending';
    const recorded = migration.name !== undefined ? recordedChecksums.get(migration.name) : undefined;
    return {
      name,
      timestamp: migration.timestamp,
      file: migration.file,
      state,
      runOrder: order,
      outOfOrder: state === 'pending' && migration.timestamp !== undefined && migration.timestamp < newestExecuted,
      edited: state === 'executed' && recorded !== undefined && migration.checksum !== '' && recorded !== migration.checksum,
      duplicateTimestamp: migration.timestamp !== undefined && duplicateTimestamps.has(migration.timestamp),
      duplicateName: migration.name !== undefined && duplicateNames.has(migration.name),
      migration,
    };
  });
  for (const row of executed ?? []) {
    if (fileNames.has(row.name)) continue;
    migrations.push({
      name: row.name,
      timestamp: row.timestamp,
      state: 'missing',
      runOrder: runOrder.get(row.name),
      outOfOrder: false,
      edited: false,
      duplicateTimestamp: false,
      duplicateName: false,
    });
  }
  migrations.sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0) || (b.runOrder ?? 0) - (a.runOrder ?? 0) || a.name.localeCompare(b.name));
  return { migrations, findings: migrations.flatMap((status) => statusFindings(status, context)), connected };
}

/** The findings for one migration's status, on its class name (or the file, or the DataSource file). */
export function statusFindings(status: MigrationStatus, context: StatusContext): Finding[] {
  const findings: Finding[] = [];
  const add = (code: string, severity: Severity, message: string): void => {
    findings.push({
      code,
      category: 'migration',
      severity,
      message,
      schema: context.schema,
      table: context.migrationsTableName,
      span: status.migration?.span,
      file: status.file ?? context.configFile,
      fixes: [],
    });
  };
  const { name } = status;
  if (status.state === 'pending') {
    add(MIGRATION_CODES.pending, 'info', `Migration ${name} has not been run on this database.`);
  }
  if (status.state === 'missing') {
    add(
      MIGRATION_CODES.missing,
      'warning',
      `Migration ${name} ran on this database (run #${status.runOrder}) but no migration file has that name: it cannot be reverted, and the schema may contain changes no file explains.`,
    );
  }
  if (status.outOfOrder) {
    add(
      MIGRATION_CODES.outOfOrder,
      'warning',
      `Migration ${name} is pending but older than migrations that already ran; TypeORM would run it silently after them (often a branch merge). Check it does not depend on, or conflict with, the newer ones.`,
    );
  }
  if (status.edited) {
    add(
      MIGRATION_CODES.edited,
      'warning',
      `Migration ${name} was edited after it ran on this database: the database has the old version's changes, the file now says something else. Put the change in a new migration instead.`,
    );
  }
  if (status.duplicateTimestamp) {
    add(MIGRATION_CODES.duplicateTimestamp, 'error', `Migration ${name} shares its timestamp ${status.timestamp} with another migration: their run order is undefined.`);
  }
  if (status.duplicateName) {
    add(MIGRATION_CODES.duplicateName, 'error', `Migration name ${name} is used by more than one file: TypeORM refuses to run any migration until one is renamed.`);
  }
  // What a migration that has not run yet will destroy, read from its static up() SQL.
  const upSql = status.state !== 'executed' && status.state !== 'missing' ? status.migration?.upSql : undefined;
  if (upSql) {
    const pairs = postgres.migrationSql.findDropAndAdd(upSql);
    for (const pair of pairs) {
      add(
        MIGRATION_CODES.dropAndAdd,
        'warning',
        `Migration ${name} drops column ${pair.column} of ${pair.table} and adds it again (TypeORM's migration:generate does this for a type or length change): every value in it is lost. Convert in place with ALTER COLUMN ... TYPE ... USING instead.`,
      );
    }
    const lossy = postgres.migrationSql.analyseStatements(upSql, context.schema).items.filter(
      (item) => ['drop-table', 'drop-column', 'truncate'].includes(item.kind) && !pairs.some((pair) => item.kind === 'drop-column' && sameIdentifier(pair.column, item.column)),
    );
    for (const item of lossy) add(MIGRATION_CODES.losesData, 'warning', `Migration ${name} ${item.detail} when it runs. Make sure that is intended, and back up first.`);
  }
  if (status.migration?.name !== undefined && status.migration.timestamp === undefined) {
    add(MIGRATION_CODES.noTimestamp, 'error', `Migration ${name} does not end in a 13-digit timestamp: TypeORM refuses to load it.`);
  }
  return findings;
}

function sameIdentifier(quoted: string, plain: string | undefined): boolean {
  return plain !== undefined && (quoted === plain || quoted === `"${plain.replace(/"/g, '""')}"`);
}

/** What `status --check` fails on. */
export function needsAttention(status: MigrationStatus): boolean {
  return status.state === 'pending' || status.state === 'missing' || status.outOfOrder || status.edited;
}

export interface ProjectMigrationStatus extends MigrationStatusReport {
  problems: ReadProblem[];
  files: MigrationFile[];
}

/** Codes that need no database: they come from the files alone, so `check` can report them without one. */
export const STATIC_MIGRATION_CODES: ReadonlySet<string> = new Set([MIGRATION_CODES.duplicateTimestamp, MIGRATION_CODES.duplicateName, MIGRATION_CODES.noTimestamp]);

export interface ReadMigrationStatusOptions {
  files?: string[];
  /** File contents already read, by path (the rest are read from disk). */
  texts?: Map<string, string>;
  timeoutMs?: number;
  /** An open connection to read the history with (the caller keeps and ends it) instead of opening one. */
  client?: pg.ClientBase;
}

/**
 * Reads the migration files of a data source and, when it has a connection, its history; a
 * database that cannot be reached is a problem, and the status is then 'unknown'.
 */
export async function readMigrationStatus(dataSource: DataSourceConfig, options: ReadMigrationStatusOptions = {}): Promise<ProjectMigrationStatus> {
  const problems: ReadProblem[] = [];
  const files = readMigrationFiles(options.files ?? (await findFiles(dataSource.root, dataSource.migrationGlobs)), options.texts);
  for (const file of files) problems.push(...file.problems);
  let executed: ExecutedMigration[] | undefined;
  let checksums = new Map<string, string>();
  if (options.client || dataSource.connection) {
    try {
      // Reading the status is analysis: a read-only, time-bounded connection.
      const client = options.client ?? (await postgres.catalog.connectReadOnly(dataSource.connection!, { timeoutMs: options.timeoutMs }));
      try {
        executed = await readExecutedMigrations(client, dataSource);
        checksums = await readRecordedChecksums(client, dataSource);
      } finally {
        if (!options.client) await (client as pg.Client).end().catch(() => {});
      }
    } catch (error) {
      problems.push({
        severity: 'error',
        message: `cannot read the migration history${dataSource.connection ? ` of ${describeConnection(dataSource.connection)}` : ''}: ${messageOf(error)}`,
      });
    }
  }
  const report = computeMigrationStatus(files, executed, checksums, {
    schema: dataSource.schema,
    migrationsTableName: dataSource.migrationsTableName,
    configFile: dataSource.file,
  });
  return { ...report, problems, files };
}

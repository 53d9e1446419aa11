// runCheck(): one full check of a project, for the CLI (and CI). Config discovery -> entities and,
// at the same time, the actual schema (the configured database, read-only; else the shadow replay
// of the project's migrations; else none) -> analyze(). Connection failures surface as
// DatabaseError for the caller to report; reader problems come back as problems next to a partial
// result. Several data sources on one database (twenty's `core` and `metadata`) are checked
// together, each data source's entities read with its own schema, naming and prefix.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { analyze } from './analyze';
import { lintPending, migrationSuppressions } from './lint-pending';
import { describeConnection, discoverDataSources, findFiles, readFileOrUndefined, type ConfigOverrides, type DataSourceConfig } from './config';
import { confirmGeneratedExpressions } from './diff';
import { postgres } from './dialect';
import { EntityReader, type EntityReadResult, type EntityReaderOptions } from './entities';
import { findEntityFiles, readEntityGroups, type DiscoveryReport } from './entities/entity-files';
import { needsAttention, readMigrationStatus, STATIC_MIGRATION_CODES } from './migrations/status';
import { pendingMigrations } from './migrations/pending';
import type { SuppressionRange } from './rules/suppress';
import { withoutUnmappedBookkeeping } from './model/bookkeeping';
import { readCoverage, type Coverage } from './model/coverage';
import type { PendingMigration } from './model/pending';
import type { ReadProblem, SchemaModel } from './model/schema';
import type { Finding, Severity } from './rules/finding';
import { ShadowDatabase } from './shadow';
import { messageOf } from './errors';
import type { TypeormVersion } from './workspace';

export interface CheckOptions {
  root: string;
  overrides?: ConfigOverrides;
  /** 'auto' (default): the shadow only when no database is configured; 'always': never the database. */
  shadow?: 'auto' | 'always' | 'never';
  timeoutMs?: number;
  severities?: Record<string, Severity | 'off'>;
  /** Where the shadow keeps replayed states; default a per-project folder under the OS temp dir. */
  cacheDir?: string;
  /** Compare with nothing: neither the configured database nor the replay (the entity-only checks run). */
  entitiesOnly?: boolean;
  /** When the migrations are replayed: also check each one's down() against its up() (SL624; ~3x the first replay, then cached). */
  checkDown?: boolean;
}

export interface CheckResult {
  findings: Finding[];
  problems: ReadProblem[];
  /** The first data source checked (its connection, migrations and file). */
  dataSource: DataSourceConfig;
  /** Every data source whose entities were checked (the first one and those on the same database). */
  dataSources: DataSourceConfig[];
  /** How each checked data source's entity files were found. */
  discovery: DiscoveryReport[];
  source: 'database' | 'shadow' | 'none';
  /** What the entities were compared with, for people: the database (never its password) or the replay; none for 'none'. */
  comparedWith?: string;
  /** How much of the entities was read statically (the rest was compared with nothing). */
  coverage: Coverage;
  /** The TypeORM whose mapping the entities were read with, and where that was found. */
  typeorm: TypeormVersion;
  /** The entities' model (what the findings were made from, for front ends that show it: docs). */
  intended: SchemaModel;
  /** The database's or the replay's model; none for 'none'. */
  actual?: SchemaModel;
  /**
   * Against a database: the migrations it has not run, oldest first, with the tables their up()
   * changes. They are the root cause of findings on those tables, so reports lead with them.
   */
  pending?: PendingMigration[];
  /**
   * With a database: the migrations `status --check` fails on (pending, missing, out of order,
   * edited after they ran), by name. Without one (the shadow, or none) undefined: not known.
   */
  migrationsNeedingAttention?: string[];
}

interface Actual {
  model?: SchemaModel;
  source: CheckResult['source'];
  findings: Finding[];
  problems: ReadProblem[];
}

export async function runCheck(given: CheckOptions): Promise<CheckResult> {
  const options: CheckOptions = given.entitiesOnly ? { ...given, shadow: 'never' } : given;
  const root = resolve(options.root);
  const discovered = await discoverDataSources(root, options.overrides);
  const problems: ReadProblem[] = [...discovered.problems];
  const dataSource = discovered.dataSources[0]!;
  const shadow = options.shadow ?? 'auto';
  const dataSources = checkedTogether(discovered.dataSources, shadow, problems);
  for (const checked of dataSources) {
    if (typeof checked.naming !== 'string') problems.push({ severity: 'warning', message: `Data source '${checked.name}': naming strategy ${checked.naming.unknown} is not understood; using TypeORM's default naming (pass --naming to choose).`, file: checked.file });
  }

  // Connect before reading entities: an unreachable database fails within the timeout, not after
  // a big project's entities have been parsed.
  const client = dataSource.connection && shadow !== 'always' && !options.entitiesOnly ? await postgres.catalog.connectReadOnly(dataSource.connection, { timeoutMs: options.timeoutMs }) : undefined;
  try {
    return await checkWith(client, dataSources, root, options, problems);
  } finally {
    await client?.end().catch(() => {});
  }
}

/**
 * The data sources checked in one run: the first, and the others on the same database (same
 * connection; without a database, the same migrations, which the shadow replays). The rest are
 * named, not checked against the wrong schema.
 */
function checkedTogether(all: DataSourceConfig[], shadow: CheckOptions['shadow'], problems: ReadProblem[]): DataSourceConfig[] {
  const [first, ...others] = all;
  const together = [first!];
  for (const other of others) {
    const sameDatabase = JSON.stringify(other.connection ?? null) === JSON.stringify(first!.connection ?? null);
    const sameReplay = JSON.stringify(other.migrationGlobs) === JSON.stringify(first!.migrationGlobs);
    const replayed = shadow === 'always' || !first!.connection;
    if (sameDatabase && (!replayed || sameReplay)) together.push(other);
    else {
      const why = replayed ? 'its migrations are not the ones replayed' : 'it connects to another database';
      problems.push({ severity: 'info', message: `Data source '${other.name}' is not checked with '${first!.name}': ${why}.`, file: other.file });
    }
  }
  return together;
}

async function checkWith(client: pg.Client | undefined, dataSources: DataSourceConfig[], root: string, options: CheckOptions, problems: ReadProblem[]): Promise<CheckResult> {
  const dataSource = dataSources[0]!;
  // Found once: the shadow replays them and the migration status reads them.
  const migrationFiles = await findFiles(dataSource.root, dataSource.migrationGlobs);

  // The actual schema is read while the entities are found and parsed: the database server (or the
  // shadow's own process) does its part meanwhile. Which schemas the entities use is only known
  // once they are read, so the database read starts with the data sources' own schemas.
  const ownSchemas = [...new Set(dataSources.map((checked) => checked.schema))];
  const reading = client ? readDatabase(client, dataSource, ownSchemas) : readShadow(dataSource, migrationFiles, options);
  // Its failure is reported where it is awaited; meanwhile it must not count as unhandled.
  reading.catch(() => {});
  const entityFiles = await findEntityFiles(dataSources);
  problems.push(...entityFiles.problems);
  if (entityFiles.groups.every((group) => group.files.length === 0)) {
    // Otherwise every table would look unmapped and nothing else would be checked: say why.
    const where = dataSources.map((checked) => (checked.discovery?.method === 'scan' ? 'no entity class found by its decorators' : `no entity files match ${checked.entityGlobs.join(', ') || 'the entities'}`)).join('; ');
    problems.push({ severity: 'warning', message: `${where} under ${root} (pass --entities GLOB).`, file: dataSource.file });
  }
  const intended = await readEntityGroups(entityFiles, (readerOptions) => readEntitiesWhile(reading, readerOptions));
  problems.push(...intended.problems);
  let actual = await reading;
  const schemas = schemasOf(ownSchemas, intended.model);
  // Entities in other schemas too: read them all again, in one snapshot.
  if (client && schemas.length > ownSchemas.length) actual = await readDatabase(client, dataSource, schemas);
  // The database and the replay are read with TypeORM's own tables: those no entity maps go.
  if (actual.model) actual = { ...actual, model: withoutUnmappedBookkeeping(actual.model, intended.model, dataSource.migrationsTableName) };
  problems.push(...actual.problems);
  // Generated expressions the catalog prints rewritten, with no TypeORM record: the database says whether they are the entity's.
  if (client && actual.model) actual = { ...actual, model: await confirmGeneratedExpressions(intended.model, actual.model, postgres.spelling, (questions) => postgres.catalog.sameExpressions(client, questions)) };

  const migrations = await readMigrations(client, dataSource, migrationFiles, problems);
  const findings = analyze({
    intended: { ...intended, suppressions: [...intended.suppressions, ...migrations.suppressions] },
    actual: actual.model,
    actualSource: actual.source === 'none' ? undefined : actual.source,
    severities: options.severities,
    extraFindings: [...actual.findings, ...migrations.findings],
    readSource: memoised(readFileOrUndefined),
    migrationsTransactionMode: dataSource.migrationsTransactionMode,
  });
  const comparedWith =
    actual.source === 'database' && dataSource.connection
      ? `the database ${describeConnection(dataSource.connection)}`
      : actual.source === 'shadow'
        ? `the schema its ${migrationFiles.length} migration${migrationFiles.length === 1 ? ' builds' : 's build'} (replayed into an embedded PostgreSQL)`
        : undefined;
  return { findings, problems, dataSource, dataSources, discovery: entityFiles.discovery, source: actual.source, ...(comparedWith ? { comparedWith } : {}), coverage: readCoverage(intended.model), typeorm: intended.typeorm, intended: intended.model, ...(actual.model ? { actual: actual.model } : {}), ...(migrations.pending ? { pending: migrations.pending } : {}), ...(migrations.needingAttention ? { migrationsNeedingAttention: migrations.needingAttention } : {}) };
}

/**
 * The migration status findings (SL4xx), the lint findings (SL6xx) of pending migrations, and the
 * migration files' `schema-lens-ignore` comments.
 * Against the real database (the connection check already holds), all of them. Without one (the
 * shadow, or none), only the codes the files alone decide (duplicate timestamp or name, no
 * timestamp): the shadow replays every migration, so it cannot say which ones ran on the team's
 * database, and "pending" or "destroys data when it runs" would then be reported for every
 * migration that ran long ago.
 */
async function readMigrations(client: pg.Client | undefined, dataSource: DataSourceConfig, files: string[], problems: ReadProblem[]): Promise<{ findings: Finding[]; suppressions: SuppressionRange[]; pending?: PendingMigration[]; needingAttention?: string[] }> {
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = readFileOrUndefined(file);
    if (text !== undefined) texts.set(file, text);
  }
  const status = await readMigrationStatus(dataSource, { files, texts, client });
  problems.push(...status.problems);
  const findings = client ? status.findings : status.findings.filter((finding) => STATIC_MIGRATION_CODES.has(finding.code));
  // The migration lint of what the next deploy runs: the pending migrations, with the database's table sizes.
  if (client && status.connected) {
    const pending = status.migrations.flatMap((migration) => (migration.state === 'pending' && migration.migration ? [migration.migration] : []));
    findings.push(...(await lintPending(client, dataSource, pending, status.files)));
    const changed = await pendingMigrations(status, dataSource.schema);
    const needingAttention = status.migrations.filter(needsAttention).map((migration) => migration.name);
    return { findings, suppressions: migrationSuppressions(texts), pending: changed, needingAttention };
  }
  return { findings, suppressions: migrationSuppressions(texts) };
}

/** One read per file for the whole check: fixes for many findings read the same entity file. */
function memoised(read: (file: string) => string | undefined): (file: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (file) => {
    if (!texts.has(file)) texts.set(file, read(file));
    return texts.get(file);
  };
}

/** Every schema the entities use, the data sources' own first. */
function schemasOf(own: string[], intended: SchemaModel): string[] {
  return [...new Set([...own, ...intended.tables.map((table) => table.schema), ...intended.enums.map((type) => type.schema)])];
}

/** How long parsing keeps the event loop before it lets the database's answers in. */
const PARSE_TURN_MS = 10;

/**
 * readEntities(), but the files are parsed one by one (EntityReader.updateFile() parses at once)
 * with a turn of the event loop every few milliseconds, so that `pending`, the actual schema's
 * read, moves on meanwhile: each catalog query needs a turn to take in its answer and send the
 * next one. If `pending` fails meanwhile, its error ends the read at once (a database that is
 * down is reported within its timeout, not after the last file).
 */
async function readEntitiesWhile(pending: Promise<unknown>, options: EntityReaderOptions & { files: string[] }): Promise<EntityReadResult & { typeorm: TypeormVersion }> {
  let failed = false;
  pending.catch(() => (failed = true));
  const reader = new EntityReader(options);
  reader.setFiles(options.files);
  let turn = performance.now();
  for (const file of options.files) {
    reader.updateFile(file);
    if (performance.now() - turn < PARSE_TURN_MS) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (failed) await pending;
    turn = performance.now();
  }
  return { ...reader.read(), typeorm: reader.typeorm };
}

async function readDatabase(client: pg.Client, dataSource: DataSourceConfig, schemas: string[]): Promise<Actual> {
  // With TypeORM's own tables: the ones an entity maps stay (withoutUnmappedBookkeeping, once the entities are read).
  const result = await postgres.catalog.introspect(client, { schemas, migrationsTableName: dataSource.migrationsTableName, statistics: true, includeBookkeeping: true });
  return { model: result.model, source: 'database', findings: [], problems: result.problems };
}

async function readShadow(dataSource: DataSourceConfig, migrationFiles: string[], options: CheckOptions): Promise<Actual> {
  const shadow = options.shadow ?? 'auto';
  if (shadow === 'never') return { source: 'none', findings: [], problems: [] };
  const cacheDir = options.cacheDir ?? join(tmpdir(), 'schema-lens-shadow', createHash('sha1').update(dataSource.root).digest('hex').slice(0, 16));
  const database = new ShadowDatabase({ cacheDir });
  try {
    const result = await database.analyse(dataSource, migrationFiles, { checkDown: options.checkDown === true });
    return { model: result.model, source: 'shadow', findings: result.findings, problems: result.problems };
  } catch (error) {
    if (shadow === 'always') throw error;
    // 'auto': without a database and without a working shadow, the entity-only rules still run.
    const message = `No database and the embedded shadow database failed (${messageOf(error)}): only entity checks ran.`;
    return { source: 'none', findings: [], problems: [{ severity: 'warning', message }] };
  } finally {
    await disposeWithin(database, DISPOSE_WAIT_MS);
  }
}

const DISPOSE_WAIT_MS = 5_000;

/**
 * Disposes the shadow but never waits forever: the timer also keeps the event loop alive, so a
 * dispose() whose promise depends on an unref'ed child cannot end the CLI silently mid-check.
 */
async function disposeWithin(database: ShadowDatabase, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([database.dispose().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

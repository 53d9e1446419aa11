// runCheck(): one full check of a project, for the CLI (and CI). Config discovery -> entities and,
// at the same time, the actual schema (the configured database, read-only; else the shadow replay
// of the project's migrations; else none) -> analyze(). Connection failures surface as
// DatabaseError for the caller to report; reader problems come back as problems next to a partial
// result.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { analyze } from './analyze';
import { discoverDataSources, findFiles, type ConfigOverrides, type DataSourceConfig } from './config';
import { postgres } from './dialect';
import { EntityReader, readerOptions, type EntityReadResult, type EntityReaderOptions } from './entities';
import { parseFile } from './entities/parse';
import { readMigrationStatus, STATIC_MIGRATION_CODES } from './migrations/status';
import type { SuppressionRange } from './rules/suppress';
import { readCoverage, type Coverage } from './model/coverage';
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
}

export interface CheckResult {
  findings: Finding[];
  problems: ReadProblem[];
  dataSource: DataSourceConfig;
  source: 'database' | 'shadow' | 'none';
  /** How much of the entities was read statically (the rest was compared with nothing). */
  coverage: Coverage;
  /** The TypeORM whose mapping the entities were read with, and where that was found. */
  typeorm: TypeormVersion;
}

interface Actual {
  model?: SchemaModel;
  source: CheckResult['source'];
  findings: Finding[];
  problems: ReadProblem[];
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const root = resolve(options.root);
  const discovered = await discoverDataSources(root, options.overrides);
  const problems: ReadProblem[] = [...discovered.problems];
  const dataSource = discovered.dataSources[0]!;
  if (discovered.dataSources.length > 1) {
    problems.push({ severity: 'info', message: `${discovered.dataSources.length} data sources found; checking '${dataSource.name}'.`, file: dataSource.file });
  }
  let naming: 'default' | 'snake' = 'default';
  if (typeof dataSource.naming === 'string') naming = dataSource.naming;
  else problems.push({ severity: 'warning', message: `Naming strategy ${dataSource.naming.unknown} is not understood; using TypeORM's default naming (pass --naming to choose).`, file: dataSource.file });

  const shadow = options.shadow ?? 'auto';
  // Connect before reading entities: an unreachable database fails within the timeout, not after
  // a big project's entities have been parsed.
  const client = dataSource.connection && shadow !== 'always' ? await postgres.catalog.connectReadOnly(dataSource.connection, { timeoutMs: options.timeoutMs }) : undefined;
  try {
    return await checkWith(client, dataSource, root, naming, options, problems);
  } finally {
    await client?.end().catch(() => {});
  }
}

async function checkWith(
  client: pg.Client | undefined,
  dataSource: DataSourceConfig,
  root: string,
  naming: 'default' | 'snake',
  options: CheckOptions,
  problems: ReadProblem[],
): Promise<CheckResult> {
  const files = await findFiles(root, dataSource.entityGlobs);
  if (files.length === 0) {
    // Otherwise every table would look unmapped and nothing else would be checked: say why.
    problems.push({ severity: 'warning', message: `No entity files match ${dataSource.entityGlobs.join(', ')} under ${root} (pass --entities GLOB).`, file: dataSource.file });
  }
  // Found once: the shadow replays them and the migration status reads them.
  const migrationFiles = await findFiles(dataSource.root, dataSource.migrationGlobs);

  // The actual schema is read while the entities are parsed: the database server (or the shadow's
  // own process) does its part meanwhile. Which schemas the entities use is only known once they
  // are read, so the database read starts with the data source's own schema, the usual case.
  const reading = client ? readDatabase(client, dataSource, [dataSource.schema]) : readShadow(dataSource, migrationFiles, options);
  const intended = await readEntitiesWhile(reading, { ...readerOptions(dataSource, naming), files });
  problems.push(...intended.problems);
  let actual = await reading;
  const schemas = schemasOf(dataSource, intended.model);
  // Entities in other schemas too: read them all again, in one snapshot.
  if (client && schemas.length > 1) actual = await readDatabase(client, dataSource, schemas);
  problems.push(...actual.problems);

  const migrations = await readMigrations(client, dataSource, migrationFiles, problems);
  const findings = analyze({
    intended: { ...intended, suppressions: [...intended.suppressions, ...migrations.suppressions] },
    actual: actual.model,
    actualSource: actual.source === 'none' ? undefined : actual.source,
    severities: options.severities,
    extraFindings: [...actual.findings, ...migrations.findings],
    readSource: memoised(readFileOrUndefined),
  });
  return { findings, problems, dataSource, source: actual.source, coverage: readCoverage(intended.model), typeorm: intended.typeorm };
}

/**
 * The migration status findings (SL4xx) and the migration files' `schema-lens-ignore` comments.
 * Against the real database (the connection check already holds), all of them. Without one (the
 * shadow, or none), only the codes the files alone decide (duplicate timestamp or name, no
 * timestamp): the shadow replays every migration, so it cannot say which ones ran on the team's
 * database, and "pending" or "destroys data when it runs" would then be reported for every
 * migration that ran long ago.
 */
async function readMigrations(client: pg.Client | undefined, dataSource: DataSourceConfig, files: string[], problems: ReadProblem[]): Promise<{ findings: Finding[]; suppressions: SuppressionRange[] }> {
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = readFileOrUndefined(file);
    if (text !== undefined) texts.set(file, text);
  }
  const status = await readMigrationStatus(dataSource, { files, texts, client });
  problems.push(...status.problems);
  const findings = client ? status.findings : status.findings.filter((finding) => STATIC_MIGRATION_CODES.has(finding.code));
  return { findings, suppressions: migrationSuppressions(texts) };
}

/** Suppression comments in migration files; only files that have one are parsed (keeps check fast). */
function migrationSuppressions(texts: Map<string, string>): SuppressionRange[] {
  const suppressions: SuppressionRange[] = [];
  for (const [file, text] of texts) {
    if (!text.includes('schema-lens-ignore')) continue;
    for (const suppression of parseFile(file, text).suppressions) suppressions.push({ file, ...suppression });
  }
  return suppressions;
}

/** One read per file for the whole check: fixes for many findings read the same entity file. */
function memoised(read: (file: string) => string | undefined): (file: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (file) => {
    if (!texts.has(file)) texts.set(file, read(file));
    return texts.get(file);
  };
}

function readFileOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every schema the entities use, the data source's own first. */
function schemasOf(dataSource: DataSourceConfig, intended: SchemaModel): string[] {
  return [...new Set([dataSource.schema, ...intended.tables.map((table) => table.schema), ...intended.enums.map((type) => type.schema)])];
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
  const result = await postgres.catalog.introspect(client, { schemas, migrationsTableName: dataSource.migrationsTableName, statistics: true });
  return { model: result.model, source: 'database', findings: [], problems: result.problems };
}

async function readShadow(dataSource: DataSourceConfig, migrationFiles: string[], options: CheckOptions): Promise<Actual> {
  const shadow = options.shadow ?? 'auto';
  if (shadow === 'never') return { source: 'none', findings: [], problems: [] };
  const cacheDir = options.cacheDir ?? join(tmpdir(), 'schema-lens-shadow', createHash('sha1').update(dataSource.root).digest('hex').slice(0, 16));
  const database = new ShadowDatabase({ cacheDir });
  try {
    const result = await database.analyse(dataSource, migrationFiles);
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

// runHealth(): the database on its own, for `schema-lens health` and the editor's Health view. The
// project's database (or --db), read-only: its catalog (introspect, with statistics) and its health
// facts (statistics, sizes, activity), judged by the health rules with the project's thresholds.
// The entities are read too, only so that a finding about a table an entity maps points at the entity.
import { resolve } from 'node:path';
import { sortFindings } from './analyze';
import { describeConnection, discoverDataSources, readFileOrUndefined, readHealthThresholds, type ConfigOverrides, type DataSourceConfig } from './config';
import { DatabaseError, postgres, type HealthFacts } from './dialect';
import { findEntityFiles, readEntityGroups } from './entities';
import type { HealthThresholds } from './model/health-thresholds';
import { emptyModel, type ReadProblem, type SchemaModel } from './model/schema';
import { healthRules, withStatistics } from './rules';
import type { Finding, Severity } from './rules/finding';
import { applyUserChoices, type SuppressionRange } from './rules/suppress';
import { runRulesWhole } from './rules/table-findings';
import { messageOf } from './errors';

export interface HealthOptions {
  root: string;
  overrides?: ConfigOverrides;
  timeoutMs?: number;
  severities?: Record<string, Severity | 'off'>;
  /** Thresholds over schema-lens.json's "health" (the editor's setting). */
  thresholds?: Partial<HealthThresholds>;
  /** This data source, as the editor uses it (its connection with the stored password); default: discovered from the root. */
  dataSource?: DataSourceConfig;
  /** The entities as the editor has read them already; default: read from the data sources' files. */
  entities?: Pick<HealthJudgement, 'intended' | 'suppressions'>;
}

export interface HealthResult {
  findings: Finding[];
  problems: ReadProblem[];
  dataSource: DataSourceConfig;
  /** The database read, for people (never its password). */
  database: string;
  facts: HealthFacts;
  thresholds: HealthThresholds;
  /** The database's schema as read (with statistics): with the facts, all judgeHealth needs of the database. */
  actual: SchemaModel;
}

/** What the health rules judge besides the database: the entities as they are now. */
export interface HealthJudgement {
  intended: SchemaModel;
  suppressions: readonly SuppressionRange[];
  severities?: Record<string, Severity | 'off'>;
  /** Entity files' text (an editor's unsaved buffer), for the entity edits of the fixes. */
  readSource: (file: string) => string | undefined;
  /** The data source's: whether an index migration may build CONCURRENTLY outside a transaction. */
  migrationsTransactionMode?: DataSourceConfig['migrationsTransactionMode'];
}

/** Throws DatabaseError when no database is configured or it cannot be reached or read. */
export async function runHealth(options: HealthOptions): Promise<HealthResult> {
  const root = resolve(options.root);
  const discovered = options.dataSource ? { dataSources: [options.dataSource], problems: [] } : await discoverDataSources(root, options.overrides);
  const { thresholds, problems: thresholdProblems } = readHealthThresholds(root, options.thresholds);
  const problems: ReadProblem[] = [...discovered.problems, ...thresholdProblems];
  const dataSource = discovered.dataSources[0]!;
  if (!dataSource.connection) throw new DatabaseError('not-found', 'no database configured: pass --db postgres://… or configure the project’s DataSource');
  const client = await postgres.catalog.connectReadOnly(dataSource.connection, { timeoutMs: options.timeoutMs });
  try {
    const sameDatabase = discovered.dataSources.filter((other) => JSON.stringify(other.connection ?? null) === JSON.stringify(dataSource.connection));
    const entities = options.entities ?? (await readEntitiesForSpans(sameDatabase, problems));
    const schemas = [...new Set([...sameDatabase.map((source) => source.schema), ...entities.intended.tables.map((table) => table.schema)])];
    const catalog = await postgres.catalog.introspect(client, { schemas, migrationsTableName: dataSource.migrationsTableName, statistics: true });
    problems.push(...catalog.problems);
    const health = await postgres.catalog.readHealth(client, { schemas });
    problems.push(...health.problems.map((message) => ({ severity: 'warning' as const, message })));
    const read = { facts: health.facts, thresholds, actual: catalog.model };
    const findings = judgeHealth(read, { ...entities, severities: options.severities, readSource: readFileOrUndefined, migrationsTransactionMode: dataSource.migrationsTransactionMode });
    return { findings, problems, dataSource, database: describeConnection(dataSource.connection), ...read };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The health rules on a database read and the entities: no database access, so an editor judges
 * its last read again on every analysis (the spans and entity edits follow the buffer, and a
 * recommendation whose decorator the entity now has is gone) without asking the database again.
 */
export function judgeHealth(read: Pick<HealthResult, 'facts' | 'thresholds' | 'actual'>, judgement: HealthJudgement): Finding[] {
  const findings = runRulesWhole(healthRules, {
    intended: judgement.intended,
    actual: read.actual,
    actualSource: 'database',
    dialect: postgres,
    readSource: judgement.readSource,
    migrationsTransactionMode: judgement.migrationsTransactionMode,
    health: { facts: read.facts, thresholds: read.thresholds },
  });
  return sortFindings(applyUserChoices(withStatistics(findings, read.facts), [...judgement.suppressions], judgement.severities));
}

/** The entities, for spans only: a project whose entities cannot be read still gets its database's health. */
async function readEntitiesForSpans(dataSources: DataSourceConfig[], problems: ReadProblem[]): Promise<{ intended: SchemaModel; suppressions: SuppressionRange[] }> {
  try {
    const found = await findEntityFiles(dataSources);
    problems.push(...found.problems);
    const read = await readEntityGroups(found);
    problems.push(...read.problems);
    return { intended: read.model, suppressions: read.suppressions };
  } catch (error) {
    problems.push({ severity: 'warning', message: `The entities could not be read (${messageOf(error)}): findings point at the database only.` });
    return { intended: emptyModel(), suppressions: [] };
  }
}

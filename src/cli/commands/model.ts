// `schema-lens model`: prints the SchemaModel read from the entities, or from a database with --db.
// The JSON shape is documented in docs/model-json.md.
import { discoverDataSources, type DataSourceConfig } from '../../core/config';
import { postgres } from '../../core/dialect';
import { findEntityFiles, readEntityGroups } from '../../core/entities';
import { describeCoverage, describeDiscovery, readCoverage } from '../../core/model';
import { modelJson, type ModelOutput } from '../modelJson';
import { failUsage, parseProjectArguments, projectOptionsHelp, reportProblems } from '../options';
import { EXIT_OK, type Command } from '../command';

const HELP = `usage: schema-lens model [options]

Prints the schema model Schema Lens reads from the project's TypeORM entities, or with --db from
a PostgreSQL database (read-only). The JSON format is described in docs/model-json.md.

${projectOptionsHelp}  --bookkeeping             with --db: also list TypeORM's migrations and typeorm_metadata tables
  --statistics              with --db: read index scan counts (pg_stat_all_indexes)

Exit codes: 0 printed, 2 usage or connection errors.
`;

/** Every data source's entities, each read with its own schema, naming and prefix. */
async function fromEntities(dataSources: DataSourceConfig[]): Promise<ModelOutput> {
  // An unknown custom naming strategy was reported by discovery; TypeORM's default is the closest guess.
  const found = await findEntityFiles(dataSources);
  const result = await readEntityGroups(found);
  return { source: 'entities', model: result.model, problems: [...found.problems, ...result.problems], coverage: readCoverage(result.model), discovery: found.discovery };
}

async function fromDatabase(dataSource: DataSourceConfig, url: string, options: { timeoutMs?: number; bookkeeping: boolean; statistics: boolean }): Promise<ModelOutput> {
  const client = await postgres.catalog.connectReadOnly({ url }, { timeoutMs: options.timeoutMs });
  try {
    const result = await postgres.catalog.introspect(client, {
      schemas: [dataSource.schema],
      includeBookkeeping: options.bookkeeping,
      migrationsTableName: dataSource.migrationsTableName,
      statistics: options.statistics,
    });
    return { source: 'database', model: result.model, problems: result.problems };
  } finally {
    await client.end().catch(() => {});
  }
}

/** A short human summary: one line per table, then its columns. */
function modelText(output: ModelOutput): string {
  const lines: string[] = [`${output.model.tables.length} tables from ${output.source}`];
  for (const table of output.model.tables) {
    lines.push(`${table.schema}.${table.name}`);
    for (const column of table.columns) {
      const key = table.primaryKey?.columns.includes(column.name) ? ' PK' : '';
      lines.push(`  ${column.name} ${column.type}${column.nullable ? '' : ' NOT NULL'}${key}`);
    }
  }
  for (const type of output.model.enums) lines.push(`enum ${type.schema}.${type.name} (${type.values.join(', ')})`);
  for (const view of output.model.views) lines.push(`${view.materialized ? 'materialized view' : 'view'} ${view.schema}.${view.name}`);
  if (output.coverage) lines.push(`Entities: ${describeCoverage(output.coverage)}.`);
  for (const report of output.discovery ?? []) lines.push(describeDiscovery(report));
  return `${lines.join('\n')}\n`;
}

async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseProjectArguments(args, { bookkeeping: { type: 'boolean' }, statistics: { type: 'boolean' } });
  } catch (error) {
    return failUsage('model', error);
  }
  const { project, values } = parsed;
  if (project.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  let output: ModelOutput;
  try {
    const { dataSources, problems } = await discoverDataSources(project.root, project.overrides);
    const dataSource = dataSources[0]!;
    output = project.overrides.db
      ? await fromDatabase(dataSource, project.overrides.db, { timeoutMs: project.timeoutMs, bookkeeping: values.bookkeeping === true, statistics: values.statistics === true })
      : await fromEntities(dataSources);
    output.problems.unshift(...problems);
  } catch (error) {
    // Connection errors are DatabaseErrors: one line, never the password.
    return failUsage('model', error);
  }
  if (project.json) {
    process.stdout.write(modelJson(output, project.root));
  } else {
    reportProblems(output.problems, project.root);
    process.stdout.write(modelText(output));
  }
  return EXIT_OK;
}

const model: Command = { summary: 'print the schema model read from the entities or the database', run };
export default model;

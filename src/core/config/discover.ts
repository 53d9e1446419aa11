// discoverDataSources: finds the project's DataSource(s), reads them statically and applies the
// overrides (flags and settings win). Always returns at least one data source (TypeORM's defaults)
// so callers never need a special case for "no config".
import { resolve } from 'node:path';
import type { ReadProblem } from '../model/schema';
import { projectEnvironment } from './env';
import { ModuleResolver } from './modules';
import { readDataSourceOptions } from './read-options';
import { mergeDeclarations, readProjectFile } from './project-file';
import { findRawDataSources } from './sources';
import { StaticEvaluator } from './static-value';
import { defaultDataSource, type ConfigOverrides, type DataSourceConfig } from './types';
import { messageOf } from '../errors';

/** Option keys whose environment variables matter for connecting. */
const CONNECTION_KEYS = new Set(['url', 'host', 'port', 'username', 'password', 'database', 'ssl']);

export async function discoverDataSources(
  projectRoot: string,
  overrides: ConfigOverrides = {},
): Promise<{ dataSources: DataSourceConfig[]; problems: ReadProblem[] }> {
  const root = resolve(projectRoot);
  const problems: ReadProblem[] = [];
  const found: DataSourceConfig[] = [];
  const evaluator = await readProject(root, found, problems);
  const missing = [...(evaluator?.missingEnv ?? [])].filter(([, key]) => key !== undefined && CONNECTION_KEYS.has(key)).map(([name]) => name);
  if (missing.length > 0) {
    problems.push({ severity: 'info', message: `The connection reads ${missing.sort().join(', ')}, not set in .env or the environment.`, file: found[0]?.file });
  }
  const dataSources = distinct(found);
  if (dataSources.length === 0) dataSources.push(defaultDataSource(root));
  const project = readProjectFile(root);
  problems.push(...project.problems);
  const declarations = mergeDeclarations(project.declarations, overrides.declarations);
  const declared = declarations.decorators || declarations.env ? { declarations } : {};
  return { dataSources: dataSources.map((config) => applyOverrides({ ...config, ...declared }, overrides)), problems };
}

/** Fills `found` and `problems`; a failure of the reader itself is a problem, never an exception. */
async function readProject(root: string, found: DataSourceConfig[], problems: ReadProblem[]): Promise<StaticEvaluator | undefined> {
  try {
    const modules = new ModuleResolver(root);
    const layout = modules.layout;
    const evaluator = new StaticEvaluator(projectEnvironment(root), modules);
    for (const raw of await findRawDataSources(root, modules, evaluator)) {
      const read = readDataSourceOptions(raw, root, layout);
      problems.push(...read.problems);
      if (read.config) found.push(read.config);
    }
    return evaluator;
  } catch (error) {
    problems.push({ severity: 'error', message: `Reading the project's DataSource failed: ${messageOf(error)}` });
    return undefined;
  }
}

/**
 * The same options reached twice (a data-source.ts whose options a Nest module also passes to
 * forRoot) count once: the first, preferred, occurrence is kept. Names are made unique.
 */
function distinct(configs: DataSourceConfig[]): DataSourceConfig[] {
  const seen = new Set<string>();
  const names = new Set<string>();
  const result: DataSourceConfig[] = [];
  for (const config of configs) {
    const { name, file, ...content } = config;
    const key = JSON.stringify(content);
    if (seen.has(key)) continue;
    seen.add(key);
    let unique = name;
    for (let n = 2; names.has(unique); n++) unique = `${name}-${n}`;
    names.add(unique);
    result.push({ ...config, name: unique, file });
  }
  return result;
}

function applyOverrides(config: DataSourceConfig, overrides: ConfigOverrides): DataSourceConfig {
  const result: DataSourceConfig = {
    ...config,
    entityGlobs: overrides.entities?.length ? [...overrides.entities] : config.entityGlobs,
    migrationGlobs: overrides.migrations?.length ? [...overrides.migrations] : config.migrationGlobs,
    naming: overrides.naming ?? config.naming,
    schema: overrides.schema || config.schema,
  };
  if (overrides.db) result.connection = { url: overrides.db };
  return result;
}

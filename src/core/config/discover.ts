// discoverDataSources: finds the project's DataSource(s), reads them statically and applies the
// overrides (flags and settings win). Always returns at least one data source so callers never
// need a special case for "no config": without one, TypeORM's defaults, its entities found by a
// decorator scan. Says for each how its entity files are found (DataSourceConfig.discovery).
import { resolve } from 'node:path';
import type { ReadProblem } from '../model/schema';
import { projectEnvironment } from './env';
import { fileGlob } from './globs';
import { ModuleResolver } from './modules';
import { readDataSourceOptions } from './read-options';
import { mergeDeclarations, readProjectFile, type DeclaredDataSource, type DeclaredEntities } from './project-file';
import { spanOf } from './read-options';
import { findRawDataSources, type FeatureList } from './sources';
import { ClassReference, Instance, StaticEvaluator, Unresolved } from './static-value';
import { defaultDataSource, type ConfigOverrides, type DataSourceConfig, type MappingOption } from './types';
import { messageOf } from '../errors';

/** Option keys whose environment variables matter for connecting. */
const CONNECTION_KEYS = new Set(['url', 'host', 'port', 'username', 'password', 'database', 'ssl']);

/** A data source as read, before duplicates are merged and forFeature lists attached. */
interface Found {
  config: DataSourceConfig;
  problems: ReadProblem[];
  autoLoadEntities: boolean;
}

export async function discoverDataSources(
  projectRoot: string,
  overrides: ConfigOverrides = {},
): Promise<{ dataSources: DataSourceConfig[]; problems: ReadProblem[] }> {
  const root = resolve(projectRoot);
  const problems: ReadProblem[] = [];
  const found: Found[] = [];
  const features: FeatureList[] = [];
  const project = readProjectFile(root);
  problems.push(...project.problems);
  const declarations = mergeDeclarations(project.declarations, overrides.declarations);
  const declaredOptions = (name: string): Set<MappingOption> => {
    const options = project.dataSources?.[name] ?? {};
    return new Set(Object.keys(options).map((key) => (key === 'naming' ? 'namingStrategy' : key)) as MappingOption[]);
  };
  const evaluator = await readProject(root, declarations.env, declaredOptions, found, features, problems);
  const kept = distinct(found);
  for (const entry of kept) problems.push(...entry.problems);
  for (const entry of kept) if (entry.autoLoadEntities) attachFeatures(entry.config, features, root, problems);
  const missing = [...(evaluator?.missingEnv ?? [])].filter(([, key]) => key !== undefined && CONNECTION_KEYS.has(key)).map(([name]) => name);
  if (missing.length > 0) {
    problems.push({ severity: 'info', message: `The connection reads ${missing.sort().join(', ')}, not set in .env or the environment.`, file: kept[0]?.config.file });
  }
  const dataSources = kept.map((entry) => entry.config);
  if (dataSources.length === 0) dataSources.push({ ...defaultDataSource(root), discovery: { method: 'scan', reason: 'no DataSource was found' } });
  const declared = Object.keys(declarations).length > 0 ? { declarations } : {};
  return { dataSources: dataSources.map((config) => applyOverrides(applyDeclared({ ...config, ...declared }, project.dataSources), overrides, project.entities)), problems };
}

/**
 * Fills `found`, `features` and `problems`; a failure of the reader itself is a problem, never an
 * exception. The environment: .env and the process's, under what schema-lens.json or the settings
 * declare (`null`: declared not set).
 */
async function readProject(
  root: string,
  declaredEnv: Record<string, string | null> | undefined,
  declaredOptions: (name: string) => Set<MappingOption>,
  found: Found[],
  features: FeatureList[],
  problems: ReadProblem[],
): Promise<StaticEvaluator | undefined> {
  try {
    const modules = new ModuleResolver(root);
    const layout = modules.layout;
    const environment: Record<string, string | null | undefined> = { ...projectEnvironment(root), ...declaredEnv };
    const evaluator = new StaticEvaluator(environment, modules);
    const raw = await findRawDataSources(root, modules, evaluator);
    features.push(...raw.features);
    for (const source of raw.dataSources) {
      const read = readDataSourceOptions(source, root, layout, declaredOptions(source.name));
      if (read.config) found.push({ config: read.config, problems: read.problems, autoLoadEntities: read.autoLoadEntities === true });
      else problems.push(...read.problems);
    }
    return evaluator;
  } catch (error) {
    problems.push({ severity: 'error', message: `Reading the project's DataSource failed: ${messageOf(error)}` });
    return undefined;
  }
}

/**
 * The same options reached twice (a data-source.ts whose options a Nest module also passes to
 * forRoot) count once: the first, preferred, occurrence is kept, with the other's name as an
 * alias (forFeature lists name Nest's), and its problems once. Names are made unique.
 */
function distinct(found: Found[]): Found[] {
  const byContent = new Map<string, Found>();
  const names = new Set<string>();
  const result: Found[] = [];
  for (const entry of found) {
    const { name, file, aliases: _aliases, ...content } = entry.config;
    const key = JSON.stringify(content);
    const kept = byContent.get(key);
    if (kept) {
      if (name !== kept.config.name && !kept.config.aliases?.includes(name)) kept.config.aliases = [...(kept.config.aliases ?? []), name];
      kept.autoLoadEntities ||= entry.autoLoadEntities;
      continue;
    }
    let unique = name;
    for (let n = 2; names.has(unique); n++) unique = `${name}-${n}`;
    names.add(unique);
    const config = { ...entry.config, name: unique, file };
    if (unique !== name) config.aliases = [name];
    const copy = { ...entry, config };
    byContent.set(key, copy);
    result.push(copy);
  }
  return result;
}

/**
 * NestJS `autoLoadEntities`: the classes of every forFeature list for this data source are its
 * entities, besides its own `entities`. A list that cannot be read, or none at all, leaves its
 * entities unknown: they are found by a decorator scan.
 */
function attachFeatures(config: DataSourceConfig, features: FeatureList[], root: string, problems: ReadProblem[]): void {
  const names = new Set([config.name, ...(config.aliases ?? [])]);
  const globs = new Set(config.entityGlobs);
  let unreadable: { reason: string; node: import('ts-morph').Node } | undefined;
  let lists = 0;
  for (const list of features) {
    if (list.dataSource instanceof Unresolved) {
      // It may be this data source's.
      unreadable ??= { reason: `the data source of a forFeature list cannot be read statically (${list.dataSource.reason})`, node: list.dataSource.node };
      continue;
    }
    if (!names.has(list.dataSource)) continue;
    lists++;
    for (const entity of list.entities) {
      if (entity instanceof ClassReference || (entity instanceof Instance && entity.className === 'EntitySchema')) globs.add(fileGlob(entity.file, root));
      else unreadable ??= { reason: `an entry of a forFeature list cannot be read statically${entity instanceof Unresolved ? ` (${entity.reason})` : ''}`, node: entity instanceof Unresolved ? entity.node : list.node };
    }
  }
  config.entityGlobs = [...globs];
  if (config.discovery?.method === 'scan') return;
  if (unreadable) {
    problems.push({ severity: 'warning', message: `Data source '${config.name}': ${unreadable.reason}: entity classes are found by their decorators.`, span: spanOf(unreadable.node) });
    (config.unread ??= {}).entities = { reason: unreadable.reason, span: spanOf(unreadable.node) };
    config.discovery = { method: 'scan', reason: unreadable.reason };
  } else if (lists === 0 && config.entityGlobs.length === 0) {
    const reason = `data source '${config.name}' loads its entities from TypeOrmModule.forFeature lists (autoLoadEntities), and none was found`;
    problems.push({ severity: 'info', message: `Data source '${config.name}': autoLoadEntities, but no TypeOrmModule.forFeature list names it: entity classes are found by their decorators.`, file: config.file });
    config.discovery = { method: 'scan', reason };
  } else {
    config.discovery = { method: 'forFeature' };
  }
}

/** schema-lens.json `dataSources`: what the app runs with, for options of the data source's name; they are read, then. */
function applyDeclared(config: DataSourceConfig, declared: Record<string, DeclaredDataSource> | undefined): DataSourceConfig {
  const options = [config.name, ...(config.aliases ?? [])].map((name) => declared?.[name]).find((found) => found !== undefined);
  if (!options) return config;
  const result: DataSourceConfig = { ...config, unread: { ...config.unread } };
  if (options.schema !== undefined) result.schema = options.schema;
  if (options.uuidExtension !== undefined) result.uuidExtension = options.uuidExtension;
  if (options.entityPrefix !== undefined) result.entityPrefix = options.entityPrefix || undefined;
  if (options.naming !== undefined) result.naming = options.naming;
  for (const [key, given] of [['schema', options.schema], ['uuidExtension', options.uuidExtension], ['entityPrefix', options.entityPrefix], ['namingStrategy', options.naming]] as const) {
    if (given !== undefined) delete result.unread![key];
  }
  if (result.entityPrefix === undefined) delete result.entityPrefix;
  if (Object.keys(result.unread!).length === 0) delete result.unread;
  return result;
}

/** Flags and settings win over schema-lens.json (`entities`), which wins over the DataSource. */
function applyOverrides(config: DataSourceConfig, overrides: ConfigOverrides, declared?: DeclaredEntities): DataSourceConfig {
  const result: DataSourceConfig = {
    ...config,
    migrationGlobs: overrides.migrations?.length ? [...overrides.migrations] : config.migrationGlobs,
    naming: overrides.naming ?? config.naming,
    schema: overrides.schema || config.schema,
  };
  const names = [config.name, ...(config.aliases ?? [])];
  const given = overrides.entities?.length ? overrides.entities : Array.isArray(declared) ? declared : names.map((name) => declared?.[name]).find((globs) => globs !== undefined);
  if (given?.length) {
    result.entityGlobs = [...given];
    // The project's own globs still say which data source a file belongs to (several of them).
    if (config.discovery?.method !== 'scan' && config.entityGlobs.length > 0) result.ownEntityGlobs = config.entityGlobs;
    result.discovery = { method: 'user' };
  }
  if (overrides.naming && result.unread?.namingStrategy) result.unread = without(result.unread, 'namingStrategy');
  if (overrides.schema && result.unread?.schema) result.unread = without(result.unread, 'schema');
  if (result.unread && Object.keys(result.unread).length === 0) delete result.unread;
  if (overrides.db) result.connection = { url: overrides.db };
  return result;
}

function without<T extends object, K extends keyof T>(value: T, key: K): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

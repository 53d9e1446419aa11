// discoverDataSources: finds the project's DataSource(s) and applies overrides. Always returns at
// least one data source (the defaults) so callers never need a special case for "no config".
import type { ReadProblem } from '../model/schema';
import {
  DEFAULT_ENTITY_GLOBS,
  DEFAULT_MIGRATION_GLOBS,
  DEFAULT_MIGRATIONS_TABLE,
  DEFAULT_SCHEMA,
  type ConfigOverrides,
  type DataSourceConfig,
} from './types';

export async function discoverDataSources(
  root: string,
  overrides: ConfigOverrides = {},
): Promise<{ dataSources: DataSourceConfig[]; problems: ReadProblem[] }> {
  const base: DataSourceConfig = {
    name: 'default',
    root,
    entityGlobs: [...DEFAULT_ENTITY_GLOBS],
    migrationGlobs: [...DEFAULT_MIGRATION_GLOBS],
    migrationsTableName: DEFAULT_MIGRATIONS_TABLE,
    migrationsTransactionMode: 'all',
    naming: 'default',
    schema: DEFAULT_SCHEMA,
  };
  return { dataSources: [applyOverrides(base, overrides)], problems: [] };
}

function applyOverrides(config: DataSourceConfig, overrides: ConfigOverrides): DataSourceConfig {
  return {
    ...config,
    entityGlobs: overrides.entities?.length ? overrides.entities : config.entityGlobs,
    migrationGlobs: overrides.migrations?.length ? overrides.migrations : config.migrationGlobs,
    naming: overrides.naming ?? config.naming,
    schema: overrides.schema || config.schema,
    connection: overrides.db ? { url: overrides.db } : config.connection,
  };
}

// Config discovery: the project's DataSource(s), read statically (see ./discover).
export type { ConnectionSettings, DataSourceConfig, ConfigOverrides, NamingConfig } from './types';
export { findFiles } from './files';
export { describeConnection } from './describe';
export { discoverDataSources } from './discover';

// Config discovery: the project's DataSource(s), read statically (see ./discover).
export type { ConnectionSettings, DataSourceConfig, ConfigOverrides, DeclaredDecorator, DeclaredDecorators, EntityDiscovery, MappingOption, NamingConfig, ReaderDeclarations, UnreadOption } from './types';
export { unreadOptionFact } from './types';
export { checkDeclarations, PROJECT_FILE, readHealthThresholds, readProjectFile } from './project-file';
export { findFiles, readFileOrUndefined } from './files';
export { describeConnection } from './describe';
export { discoverDataSources } from './discover';
export { checkHealthThresholds, healthThresholds, HEALTH_THRESHOLD_DEFAULTS, type HealthThresholds } from './health-thresholds';

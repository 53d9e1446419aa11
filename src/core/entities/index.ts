// The entity reader's public face: entity source files -> SchemaModel "intended", read statically.
export { EntityReader, readEntities, readerOptions, type EntityReaderOptions, type EntityReadResult, type NamingChoice, type Suppression } from './reader';
export { findEntityFiles, readEntityGroups, type DiscoveryReport } from './entity-files';

// The entity reader's public face: entity source files -> SchemaModel "intended", read statically.
export { EntityReader, readEntities, type EntityReaderOptions, type EntityReadResult, type NamingChoice, type Suppression } from './reader';

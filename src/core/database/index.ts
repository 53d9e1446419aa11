// PostgreSQL side: read-only connections and catalog introspection into the SchemaModel.
export { connectReadOnly, type ConnectOptions } from './connect';
export { DatabaseError, type DatabaseErrorKind } from './errors';
export { CHECKSUM_TABLE, introspect, type IntrospectOptions, type IntrospectResult } from './introspect';

// PostgreSQL side: read-only connections and catalog introspection into the SchemaModel.
export { connectReadOnly, type ConnectOptions } from './connect';
export { DatabaseError, type DatabaseErrorKind } from './errors';
export { introspect, type IntrospectOptions, type IntrospectResult } from './introspect';

// PostgreSQL's catalog: read-only connections and catalog introspection into the SchemaModel.
export { connectReadOnly } from './connect';
export { DatabaseError, type DatabaseErrorKind } from '../../database-error';
export { introspect } from './introspect';
export { sameExpressions } from './same-expressions';
export { readHealth } from './health';

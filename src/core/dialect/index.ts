// Public face of the dialect seam: the interface, and the one implementation there is.
export type { Catalog, ColumnDefinition, ConnectOptions, Ddl, DescribedStatement, DefaultContext, Dialect, ExpressionQuestion, IntrospectOptions, IntrospectResult, MigrationSql, QueryRunnerCall, RiskItem, RiskKind, Spelling, SqlDescription, SqlOperation, StatementsRisk, TableSize, TypeFamily, TypeormColumn, TypeormDriver, TypeormMajor, TypeormType } from './dialect';
export { DatabaseError, type DatabaseErrorKind } from './database-error';
export { postgres } from './postgres';
export type { BloatEstimate, CacheUse, ColumnStats, ConnectionUse, HealthFacts, HealthReadOptions, HealthReadResult, IndexActivity, RunningQuery, SequenceUse, StatementStats, StatementsState, TableActivity } from './health';

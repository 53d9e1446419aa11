// The PostgreSQL dialect: what src/core/dialect/dialect.ts asks of a database, for PostgreSQL 14-18.
import type pg from 'pg';
import type { Dialect } from '../dialect';
import { connectReadOnly, introspect, readHealth, sameExpressions } from './catalog';
import * as ddl from './ddl';
import { avoidDropAndAdd, findDropAndAdd } from './migration-sql/drop-and-add';
import { countRowsAtStake } from './migration-sql/rows-at-stake';
import { analyseStatements } from './migration-sql/statement-risks';
import { describe } from './migration-sql/describe';
import { ready } from './migration-sql/parse';
import { tableSizes } from './migration-sql/table-sizes';
import { typeChangeKeepsRows } from './migration-sql/type-change';
import { canonicalType, typeWithoutModifier } from './spelling/types';
import { quoteIdentifier, quoteLiteral, storedIdentifier } from './spelling/identifiers';
import { normaliseExpression } from './spelling/expressions';
import { fixedAtCreation, storedDefault } from './spelling/defaults';
import { columnType, defaultFunction, defaultLiteral, normalizeType, uuidDefault } from './typeorm-driver';
import { queryRunnerSql } from './typeorm-query-runner';

export const postgres = {
  name: 'postgres',
  spelling: { canonicalType, typeWithoutModifier, normaliseExpression, storedDefault, fixedAtCreation, quoteIdentifier, quoteLiteral, storedIdentifier },
  typeorm: { normalizeType, columnType, defaultLiteral, defaultFunction, uuidDefault, queryRunnerSql, dataSourceTypes: ['postgres', 'aurora-postgres'] },
  ddl,
  migrationSql: { ready, describe, tableSizes, analyseStatements, countRowsAtStake, findDropAndAdd, avoidDropAndAdd, typeChangeKeepsRows },
  catalog: { connectReadOnly, introspect, sameExpressions, readHealth },
} satisfies Dialect<pg.Client>;

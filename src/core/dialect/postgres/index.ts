// The PostgreSQL dialect: what src/core/dialect/dialect.ts asks of a database, for PostgreSQL 14-18.
import type { Dialect } from '../dialect';
import { canonicalType, typeWithoutModifier } from './spelling/types';
import { quoteIdentifier, quoteLiteral } from './spelling/identifiers';
import { normaliseExpression } from './spelling/expressions';
import { storedDefault } from './spelling/defaults';

export const postgres: Dialect = {
  name: 'postgres',
  spelling: { canonicalType, typeWithoutModifier, normaliseExpression, storedDefault, quoteIdentifier, quoteLiteral },
};

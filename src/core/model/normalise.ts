// The PostgreSQL spelling of types, defaults and expressions now lives behind the dialect seam
// (src/core/dialect/postgres/spelling). This file only keeps the entity reader's import working
// until the reader takes its spelling from the dialect; nothing else may import it
// (test/unit/layering.test.ts lists it as the one exception to the layer table).
export { canonicalType, typeWithoutModifier } from '../dialect/postgres/spelling/types';
export { quoteIdentifier, quoteLiteral } from '../dialect/postgres/spelling/identifiers';
export { normaliseExpression } from '../dialect/postgres/spelling/expressions';
export { canonicalArrayLiteral, storedDefault, storedLiteral } from '../dialect/postgres/spelling/defaults';
export type { DefaultContext } from '../dialect/dialect';

// Public face of the shadow database: an embedded PostgreSQL (PGlite) that the project's own
// migrations are replayed into, so drift can be checked with no database at all.
export { ShadowDatabase } from './shadow-database';
export type { ShadowOptions } from './shadow-database';
export type { ShadowResult } from './protocol';

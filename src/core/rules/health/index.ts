// `schema-lens health`'s rules: the database-only checks (SL503-SL512, judged on the health facts
// the catalog reads), and the schema rules whose findings are about the database on its own (no
// primary key, invalid, redundant and unused indexes, foreign keys without an index), reused as they are.
import type { Rule } from '../rule';
import { foreignKeyUnindexed } from '../foreign-key-unindexed';
import { indexRedundant } from '../index-redundant';
import { indexUnused } from '../index-unused';
import { tableWithoutPrimaryKey } from '../table-without-primary-key';
import { indexInvalid } from '../index-invalid';
import { sequenceNearMax } from './sequences';
import { indexBloat, tableBloat } from './bloat';
import { cacheHitRatio } from './cache';
import { deadRows, neverVacuumed } from './maintenance';
import { blockedQuery, longRunning } from './activity';
import { connectionsNearMax } from './connections';
import { statementsMissing } from './statements';
import { enumLikeCheck, nonNegativeCheck } from './recommendations';
import { ginForContainment, indexForStatement } from './index-recommendation';
import { ginForTextSearch } from './text-search';

export { withStatistics } from './statistics';

/** The rules that judge HealthFacts; they report nothing without them. */
export const healthFactRules: Rule[] = [sequenceNearMax, tableBloat, indexBloat, cacheHitRatio, neverVacuumed, deadRows, longRunning, blockedQuery, connectionsNearMax, statementsMissing, enumLikeCheck, nonNegativeCheck, indexForStatement, ginForContainment, ginForTextSearch];

/** Every rule `schema-lens health` runs. */
export const healthRules: Rule[] = [tableWithoutPrimaryKey, indexInvalid, foreignKeyUnindexed, indexRedundant, indexUnused, ...healthFactRules];

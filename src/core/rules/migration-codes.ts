// The migration status codes (SL401-SL411) and their catalogue entries (docs links, SARIF rules,
// severity overrides). The findings themselves come from src/core/migrations/status.ts; the codes
// live with the rules so the catalogue (rules/index.ts) never imports the migrations code.
import type { RuleInfo } from './rule';

export const MIGRATION_CODES = {
  pending: 'SL401',
  missing: 'SL402',
  outOfOrder: 'SL403',
  edited: 'SL404',
  duplicateTimestamp: 'SL405',
  duplicateName: 'SL406',
  noTimestamp: 'SL407',
  losesData: 'SL410',
  dropAndAdd: 'SL411',
} as const;

function info(code: string, defaultSeverity: RuleInfo['defaultSeverity'], title: string, help: string): RuleInfo {
  return { code, category: 'migration', defaultSeverity, title, help, docs: `docs/rules/${code}.md` };
}

export const migrationRuleInfos: RuleInfo[] = [
  info(MIGRATION_CODES.pending, 'info', 'Pending migration', 'The migration has not run on this database yet: the schema the entities expect may not be there.'),
  info(MIGRATION_CODES.missing, 'warning', 'Executed migration whose file is missing', 'The database ran a migration no file has: it cannot be reverted, and the schema may hold changes no file explains.'),
  info(MIGRATION_CODES.outOfOrder, 'warning', 'Pending migration older than one that already ran', 'TypeORM runs it silently after newer ones (often after a branch merge); check it does not depend on or conflict with them.'),
  info(MIGRATION_CODES.edited, 'warning', 'Migration edited after it ran', 'The database has the old version\'s changes and the file now says something else: put the change in a new migration.'),
  info(MIGRATION_CODES.duplicateTimestamp, 'error', 'Two migrations share a timestamp', 'Their run order is undefined and may differ between environments.'),
  info(MIGRATION_CODES.duplicateName, 'error', 'Two migration files use the same name', 'TypeORM refuses to run any migration until one is renamed.'),
  info(MIGRATION_CODES.noTimestamp, 'error', 'Migration name without a 13-digit timestamp', 'TypeORM takes the timestamp from the end of the name and refuses to load the migration without one.'),
  info(MIGRATION_CODES.losesData, 'warning', 'Pending migration destroys data when it runs', 'It drops a table or column or truncates: make sure that is intended, and back up first.'),
  info(MIGRATION_CODES.dropAndAdd, 'warning', 'Column dropped and added again', 'migration:generate does this for a type or length change, losing every value; convert in place with ALTER COLUMN ... TYPE ... USING.'),
];

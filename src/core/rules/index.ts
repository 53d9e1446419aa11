// The rule catalogue: every rule Schema Lens runs, in code order. A code keeps its meaning forever.
import type { Rule, RuleInfo } from './rule';
import { unknownFacts } from './unknown-facts';
import { tableMissing } from './table-missing';
import { columnMissing } from './column-missing';
import { columnType } from './column-type';
import { columnNullable } from './column-nullable';
import { columnDefault } from './column-default';
import { enumValues } from './enum-values';
import { primaryKey } from './primary-key';
import { uniqueMissing } from './unique-missing';
import { checkMissing } from './check-missing';
import { tableUnmapped } from './table-unmapped';
import { columnUnmapped } from './column-unmapped';
import { nameTooLong } from './name-too-long';
import { foreignKeyMissing } from './foreign-key-missing';
import { foreignKeyActions } from './foreign-key-actions';
import { referenceWithoutRelation } from './reference-without-relation';
import { foreignKeyUnindexed } from './foreign-key-unindexed';
import { indexRedundant } from './index-redundant';
import { indexMissing } from './index-missing';
import { indexUnused } from './index-unused';
import { tableWithoutPrimaryKey } from './table-without-primary-key';
import { indexInvalid } from './index-invalid';
import { healthFactRules } from './health';
import { shadowRuleInfos } from './shadow-codes';
import { migrationRuleInfos } from './migration-codes';
import { lintRuleInfos } from './lint';

export type { Rule, RuleContext, RuleInfo } from './rule';
export { nextStep } from './next-steps';
export { uniqueEdits } from './source-edit';
export { healthFactRules, healthRules, withStatistics } from './health';
export { LINT_CODES, lintRules, lintRuleInfos, type LintIssue, type LintRule, type LintState } from './lint';
export type { Category, Finding, Fix, RelatedLocation, Severity, SourceEdit } from './finding';

export const rules: Rule[] = [
  unknownFacts,
  tableMissing,
  columnMissing,
  columnType,
  columnNullable,
  columnDefault,
  enumValues,
  primaryKey,
  uniqueMissing,
  checkMissing,
  tableUnmapped,
  columnUnmapped,
  nameTooLong,
  foreignKeyMissing,
  foreignKeyActions,
  referenceWithoutRelation,
  foreignKeyUnindexed,
  indexRedundant,
  indexMissing,
  indexUnused,
  tableWithoutPrimaryKey,
  indexInvalid,
];

/**
 * The codes that say the entities and a schema differ (one finding per difference of diff()):
 * what `lint` reports of check's comparison with the schema the migrations build.
 */
export const entityDifferenceCodes: ReadonlySet<string> = new Set(
  [tableMissing, columnMissing, columnType, columnNullable, columnDefault, enumValues, primaryKey, uniqueMissing, checkMissing, tableUnmapped, columnUnmapped, nameTooLong, foreignKeyMissing, foreignKeyActions, indexMissing].map((rule) => rule.info.code),
);

/** Every code Schema Lens reports: these rules, plus the codes other parts of the core emit as findings. */
export const ruleCatalogue: RuleInfo[] = [...rules.map((rule) => rule.info), ...healthFactRules.map((rule) => rule.info), ...shadowRuleInfos, ...migrationRuleInfos, ...lintRuleInfos];

export function ruleInfo(code: string): RuleInfo | undefined {
  return ruleCatalogue.find((info) => info.code === code);
}

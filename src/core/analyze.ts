// analyze(): the pure heart of Schema Lens. Intended model (entities) x actual model (database or
// shadow) -> diff -> every rule -> the user's suppressions and severity choices. No I/O: the
// editor calls this on every keystroke, so only the tables whose objects changed since the last
// call are diffed and checked again (src/core/rules/table-findings.ts).
import { postgres, type Dialect } from './dialect';
import type { SchemaModel } from './model/schema';
import type { Finding, Severity } from './rules/finding';
import { rules } from './rules';
import { runRulesByTable, runRulesWhole, type RuleInput } from './rules/table-findings';
import { applyUserChoices, type SuppressionRange } from './rules/suppress';

export interface AnalysisInput {
  /** The entity reader's result (EntityReadResult from src/core/entities); only these fields are read. */
  intended: { model: SchemaModel; suppressions: SuppressionRange[] };
  /** undefined = no database: entity-only rules. */
  actual?: SchemaModel;
  actualSource?: 'database' | 'shadow';
  /** Per-code overrides; 'off' disables the code. */
  severities?: Record<string, Severity | 'off'>;
  /** e.g. migration findings; suppression and severities still apply. */
  extraFindings?: Finding[];
  /** Current text of an entity file (an unsaved buffer in the editor), for source-edit fixes. */
  readSource?: (file: string) => string | undefined;
  /** The database's dialect; PostgreSQL, the one there is, when not given. */
  dialect?: Dialect;
  /** The data source's migrationsTransactionMode, for migration fixes (see RuleContext). */
  migrationsTransactionMode?: 'all' | 'each' | 'none';
}

export function analyze(input: AnalysisInput): Finding[] {
  return finish(runRulesByTable(rules, ruleInput(input)), input);
}

/** analyze() without reusing anything from earlier calls: every rule over the whole models. Same result. */
export function analyzeFromScratch(input: AnalysisInput): Finding[] {
  return finish(runRulesWhole(rules, ruleInput(input)), input);
}

function ruleInput(input: AnalysisInput): RuleInput {
  return {
    intended: input.intended.model,
    actual: input.actual,
    actualSource: input.actual ? (input.actualSource ?? 'database') : undefined,
    dialect: input.dialect ?? postgres,
    readSource: input.readSource,
    migrationsTransactionMode: input.migrationsTransactionMode,
  };
}

function finish(findings: Finding[], input: AnalysisInput): Finding[] {
  findings.push(...(input.extraFindings ?? []));
  return sortFindings(applyUserChoices(findings, input.intended.suppressions, input.severities));
}

/** Stable order for every front end: by file, position, code, then what it is about and says (a total order). */
export function sortFindings(findings: Finding[]): Finding[] {
  const file = (finding: Finding): string => finding.span?.file ?? finding.file ?? '';
  return findings.sort(
    (a, b) =>
      compareText(file(a), file(b)) ||
      (a.span?.start.line ?? -1) - (b.span?.start.line ?? -1) ||
      (a.span?.start.character ?? -1) - (b.span?.start.character ?? -1) ||
      compareText(a.code, b.code) ||
      compareText(`${a.schema}.${a.table}.${a.column ?? ''}`, `${b.schema}.${b.table}.${b.column ?? ''}`) ||
      compareText(a.constraint ?? '', b.constraint ?? '') ||
      compareText(a.message, b.message),
  );
}

/**
 * By code unit, not localeCompare: the same order on every machine and locale (CI and the editor
 * agree), and without ICU's cost, which was a fifth of analyze() for a few hundred findings.
 */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

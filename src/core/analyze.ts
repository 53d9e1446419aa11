// analyze(): the pure heart of Schema Lens. Intended model (entities) x actual model (database or
// shadow) -> diff -> every rule -> the user's suppressions and severity choices. No I/O: the
// editor calls this on every keystroke, so it must stay linear in the size of the models.
import { diff } from './diff';
import type { SchemaModel } from './model/schema';
import type { Finding, Severity } from './rules/finding';
import { rules } from './rules';
import type { RuleContext } from './rules/rule';
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
}

export function analyze(input: AnalysisInput): Finding[] {
  const context: RuleContext = {
    intended: input.intended.model,
    actual: input.actual,
    actualSource: input.actual ? (input.actualSource ?? 'database') : undefined,
    changes: input.actual ? diff(input.intended.model, input.actual) : [],
    readSource: input.readSource,
  };
  const findings = rules.flatMap((rule) => rule.check(context));
  findings.push(...(input.extraFindings ?? []));
  return sortFindings(applyUserChoices(findings, input.intended.suppressions, input.severities));
}

/** Stable order for every front end: by file, position, then code. */
export function sortFindings(findings: Finding[]): Finding[] {
  const file = (finding: Finding): string => finding.span?.file ?? finding.file ?? '';
  return findings.sort(
    (a, b) =>
      file(a).localeCompare(file(b)) ||
      (a.span?.start.line ?? -1) - (b.span?.start.line ?? -1) ||
      (a.span?.start.character ?? -1) - (b.span?.start.character ?? -1) ||
      a.code.localeCompare(b.code) ||
      `${a.schema}.${a.table}.${a.column ?? ''}`.localeCompare(`${b.schema}.${b.table}.${b.column ?? ''}`),
  );
}

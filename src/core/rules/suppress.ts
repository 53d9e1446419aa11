// What the user asked not to see: `// schema-lens-ignore SL301` comments (ranges from the entity
// reader) and per-code severity settings ('off' removes the code).
import type { Finding, Severity } from './finding';

/** Structurally the entity reader's Suppression (src/core/entities). */
export interface SuppressionRange {
  file: string;
  /** Empty = every code. */
  codes: string[];
  /** 0-based inclusive line range. */
  startLine: number;
  endLine: number;
}

export function isSuppressed(finding: Finding, suppressions: readonly SuppressionRange[]): boolean {
  const span = finding.span;
  const file = span?.file ?? finding.file;
  if (!file) return false;
  const line = span?.start.line;
  return suppressions.some(
    (suppression) =>
      suppression.file === file &&
      (suppression.codes.length === 0 || suppression.codes.includes(finding.code)) &&
      // A finding with no line (a whole file) is only hidden by a range that starts at the top.
      (line === undefined ? suppression.startLine === 0 : line >= suppression.startLine && line <= suppression.endLine),
  );
}

export function applyUserChoices(
  findings: readonly Finding[],
  suppressions: readonly SuppressionRange[],
  severities: Record<string, Severity | 'off'> = {},
): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const choice = severities[finding.code];
    if (choice === 'off' || isSuppressed(finding, suppressions)) continue;
    result.push(choice ? { ...finding, severity: choice } : finding);
  }
  return result;
}

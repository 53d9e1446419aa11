// What the Health view and its status bar item say about a set of findings. Pure (no VS Code), so
// unit-tested on its own.
import type { ReadProblem } from '../../core/model/index';
import type { Finding, Severity } from '../../core/rules/index';

const ORDER: Severity[] = ['error', 'warning', 'info'];

/**
 * `health: 1 error, 2 warnings`; `health: ok` when nothing above information; `, 1 part unread` when
 * a read had gaps (readGaps): what could not be read is not healthy, only unknown.
 */
export function healthStatusText(findings: readonly Finding[], gaps = 0): string {
  const counts = ORDER.map((severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const);
  const serious = counts.filter(([severity, count]) => severity !== 'info' && count > 0).map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : 's'}`);
  const unread = gaps > 0 ? `, ${gaps} part${gaps === 1 ? '' : 's'} unread` : '';
  return `health: ${serious.length ? serious.join(', ') : 'ok'}${unread}`;
}

/** A health read's problems that leave something unknown (a part the server refused, a threshold ignored): not the information ones. */
export function readGaps(problems: readonly ReadProblem[]): ReadProblem[] {
  return problems.filter((problem) => problem.severity !== 'info');
}

/** Findings most serious first, then as the core sorted them. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
}

/** A finding's label in the tree: its code and what it is about. */
export function findingLabel(finding: Finding): string {
  const subject = finding.constraint ?? (finding.column ? `${finding.table}.${finding.column}` : finding.table);
  return subject ? `${finding.code} ${subject}` : finding.code;
}

/**
 * The findings an entity maps, by entity file: those become diagnostics on the entity (at the
 * property or class their span names); a finding without a span stays in the view only.
 */
export function onEntities(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.span) continue;
    const list = byFile.get(finding.span.file);
    if (list) list.push(finding);
    else byFile.set(finding.span.file, [finding]);
  }
  return byFile;
}

// `--format text`: for a person at a terminal. Grouped by file, one line per finding with
// file:line:col (clickable in most terminals and editors), severity, code and message, and under it
// a `help:` line saying what to do next.
import { describeCoverage, type Coverage } from '../model/coverage';
import { describeDiscovery, type DiscoveryReport } from '../model/discovery';
import type { Finding, Severity } from '../rules/finding';
import { nextStep } from '../rules/next-steps';
import { printedLocation } from './location';

export interface TextOptions {
  root: string;
  /** ANSI colour; the CLI enables it only on a TTY and never with NO_COLOR. */
  color: boolean;
  /** The entity reader's coverage, printed under the summary. */
  coverage?: Coverage;
  /** How each data source's entity files were found, printed under the coverage. */
  discovery?: DiscoveryReport[];
}

const COLOURS: Record<Severity | 'dim' | 'bold', string> = { error: '31', warning: '33', info: '36', dim: '2', bold: '1' };

export function formatText(findings: readonly Finding[], options: TextOptions): string {
  const paint = (style: keyof typeof COLOURS, text: string): string => (options.color ? `\u001b[${COLOURS[style]}m${text}\u001b[0m` : text);
  const groups = new Map<string, { where: string; finding: Finding }[]>();
  for (const finding of findings) {
    const location = printedLocation(finding, options.root);
    // Findings with no source location (a table no entity maps) are grouped under the database.
    const group = location.file ?? 'database';
    const where = location.file
      ? `${location.file}${location.line ? `:${location.line}:${location.column}` : ''}`
      : `${finding.schema}.${finding.table}${finding.column ? `.${finding.column}` : ''}`;
    const list = groups.get(group) ?? [];
    list.push({ where, finding });
    groups.set(group, list);
  }
  const lines: string[] = [];
  for (const [group, entries] of groups) {
    lines.push(paint('bold', group));
    for (const { where, finding } of entries) {
      lines.push(`  ${where}  ${paint(finding.severity, finding.severity.padEnd(7))} ${paint('dim', finding.code)}  ${finding.message}`);
      const help = helpLine(finding);
      if (help) lines.push(`      ${paint('dim', 'help:')} ${help}`);
    }
    lines.push('');
  }
  lines.push(summary(findings));
  if (options.coverage) lines.push(`Entities: ${describeCoverage(options.coverage)}.`);
  for (const report of options.discovery ?? []) lines.push(describeDiscovery(report));
  return `${lines.join('\n')}\n`;
}

/** What to do next: the code's next step, and the command that writes the migration when there is one. */
export function helpLine(finding: Finding): string | undefined {
  const step = nextStep(finding.code);
  const migration = finding.fixes.some((fix) => fix.kind === 'migration');
  const entityEdit = finding.fixes.some((fix) => fix.kind === 'source-edit');
  const writes = migration ? `\`schema-lens generate NAME\` writes the migration${entityEdit ? ' and the entity edit' : ''}` : undefined;
  return step && writes ? `${step}; ${writes}` : step ?? writes;
}

export function summary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const count = (severity: Severity): number => findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
}

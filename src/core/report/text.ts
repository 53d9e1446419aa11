// `--format text`: for a person at a terminal. Grouped by file, one line per finding with
// file:line:col (clickable in most terminals and editors), severity, code and message, and under it
// a `help:` line saying what to do next.
import { describeCoverage, type Coverage } from '../model/coverage';
import { describeDiscovery, type DiscoveryReport } from '../model/discovery';
import { groupByPendingMigration, type PendingMigration } from '../model/pending';
import { MIGRATION_CODES } from '../rules/migration-codes';
import type { Finding, Severity } from '../rules/finding';
import { nextStep } from '../rules/next-steps';
import { printedLocation, relativePath } from './location';

export interface TextOptions {
  root: string;
  /** ANSI colour; the CLI enables it only on a TTY and never with NO_COLOR. */
  color: boolean;
  /** The entity reader's coverage, printed under the summary. */
  coverage?: Coverage;
  /** How each data source's entity files were found, printed under the coverage. */
  discovery?: DiscoveryReport[];
  /** Migrations the database has not run: printed first, with the findings on the tables they change. */
  pending?: PendingMigration[];
}

const COLOURS: Record<Severity | 'dim' | 'bold', string> = { error: '31', warning: '33', info: '36', dim: '2', bold: '1' };

export function formatText(findings: readonly Finding[], options: TextOptions): string {
  const paint = (style: keyof typeof COLOURS, text: string): string => (options.color ? `\u001b[${COLOURS[style]}m${text}\u001b[0m` : text);
  const whereOf = (finding: Finding): { group: string; where: string } => {
    const location = printedLocation(finding, options.root);
    // Findings with no source location (a table no entity maps) are grouped under the database.
    return {
      group: location.file ?? 'database',
      where: location.file
        ? `${location.file}${location.line ? `:${location.line}:${location.column}` : ''}`
        : `${finding.schema}.${finding.table}${finding.column ? `.${finding.column}` : ''}`,
    };
  };
  const findingLines = (finding: Finding, indent: string): string[] => {
    const help = helpLine(finding);
    return [
      `${indent}${whereOf(finding).where}  ${paint(finding.severity, finding.severity.padEnd(7))} ${paint('dim', finding.code)}  ${finding.message}`,
      ...(help ? [`${indent}    ${paint('dim', 'help:')} ${help}`] : []),
    ];
  };

  const lines: string[] = [];
  // The root cause first: the migrations the database has not run, each with the findings on the
  // tables it changes (they are likely what running it fixes). Their SL401 lines would say it twice.
  const pending = options.pending ?? [];
  const { groups: explained, rest } = groupByPendingMigration(
    findings.filter((finding) => !(finding.code === MIGRATION_CODES.pending && pending.some((migration) => migration.file !== undefined && (finding.span?.file ?? finding.file) === migration.file))),
    pending,
  );
  if (pending.length > 0) {
    const count = pending.length === 1 ? '1 pending migration has' : `${pending.length} pending migrations have`;
    lines.push(paint('bold', `${count} not run on this database: run ${pending.length === 1 ? 'it' : 'them'} first, then check again`));
    lines.push(`    ${paint('dim', 'help:')} \`schema-lens migrate\` runs ${pending.length === 1 ? 'it' : 'them'} (\`schema-lens status\` lists them)`);
    for (const { migration, findings: onItsTables } of explained) {
      const file = migration.file ? `${relativePath(options.root, migration.file)}  ` : '';
      const changes = migration.tables.length > 0 ? ` changes ${migration.tables.map((key) => key.replace(/^public\./, '')).join(', ')}` : '';
      lines.push(`  ${file}${migration.name}${changes}${onItsTables.length > 0 ? `; ${onItsTables.length === 1 ? 'this finding is' : `these ${onItsTables.length} findings are`} on ${migration.tables.length === 1 ? 'that table' : 'those tables'}:` : ''}`);
      for (const finding of onItsTables) lines.push(...findingLines(finding, '    '));
    }
    lines.push('');
  }
  const groups = new Map<string, Finding[]>();
  for (const finding of rest) {
    const { group } = whereOf(finding);
    groups.set(group, [...(groups.get(group) ?? []), finding]);
  }
  for (const [group, entries] of groups) {
    lines.push(paint('bold', group));
    for (const finding of entries) lines.push(...findingLines(finding, '  '));
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

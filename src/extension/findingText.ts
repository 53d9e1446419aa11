// The words a finding gets in the editor beyond its message: the `fix:` line of its diagnostic
// (what to do next) and, in the hover, the SQL its migration fix would run. Pure, so the wording is
// unit-tested without VS Code.
import type { PendingMigration } from '../core/model';
import { type Finding, type Fix, nextStep } from '../core/rules';

/**
 * The diagnostic's text: the root cause first when a pending migration changes the finding's table,
 * then the message, then what to do about it.
 */
export function diagnosticMessage(finding: Finding, cause?: PendingMigration, staleSince?: string): string {
  const lines = [finding.message];
  if (staleSince) lines.unshift(`Stale: from the last good read of the database (${staleSince}); it does not answer now, and Schema Lens retries by itself.`);
  if (cause) lines.unshift(`Pending migration ${cause.name} changes this table and has not run on this database: run it first, it is the likely cause.`);
  const step = cause ? 'run the pending migrations (quick fix: Run Pending Migrations), then see what is left' : nextStep(finding.code);
  if (step) lines.push(`fix: ${step}${!cause && finding.fixes.length > 0 ? ' (quick fix available)' : ''}`);
  return lines.join('\n');
}

type MigrationFix = Extract<Fix, { kind: 'migration' }>;

/** Markdown previewing the migration each finding's quick fix would write: its up() SQL. */
export function migrationFixPreview(findings: readonly Finding[]): string | undefined {
  const sections = findings.flatMap((finding) => {
    const fix = finding.fixes.find((candidate): candidate is MigrationFix => candidate.kind === 'migration');
    if (!fix) return [];
    const sql = fix.up.map((statement) => `${statement.trimEnd().replace(/;$/, '')};`).join('\n');
    // A fence longer than any run of backticks in the SQL, so none can close it early.
    const fence = '`'.repeat(Math.max(3, ...[...sql.matchAll(/`+/g)].map((run) => run[0].length + 1)));
    return [`**${finding.code}** quick fix — ${fix.title}:\n\n${fence}sql\n${sql}\n${fence}`];
  });
  return sections.length > 0 ? sections.join('\n\n') : undefined;
}

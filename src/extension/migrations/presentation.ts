// How a migration looks in the Migrations tree: icon, description, tooltip and the context value
// the item menus key on. Pure (no vscode import) so it is unit-tested; tree.ts turns it into items.
import type { MigrationStatus } from '../../core/migrations';

export interface MigrationPresentation {
  label: string;
  description: string;
  /** A codicon id. */
  icon: string;
  /** A theme colour id for the icon, when the state deserves one. */
  color?: string;
  tooltip: string;
  /** `migration.<state>` plus `.problem` flags; menus match with regular expressions. */
  contextValue: string;
}

/** `AddEmail1700000000000` -> `AddEmail`, with the timestamp as a date in the description. */
function splitName(status: MigrationStatus): { base: string; when?: string } {
  if (status.timestamp === undefined) return { base: status.name };
  const base = status.name.endsWith(String(status.timestamp)) ? status.name.slice(0, -13) : status.name;
  return { base: base || status.name, when: new Date(status.timestamp).toISOString().slice(0, 16).replace('T', ' ') };
}

export function presentMigration(status: MigrationStatus): MigrationPresentation {
  const { base, when } = splitName(status);
  const problems: string[] = [];
  if (status.outOfOrder) problems.push('out of order');
  if (status.edited) problems.push('edited after it ran');
  if (status.duplicateTimestamp) problems.push('duplicate timestamp');
  if (status.duplicateName) problems.push('duplicate name');

  let state: string;
  let icon: string;
  let color: string | undefined;
  switch (status.state) {
    case 'executed':
      state = `executed #${status.runOrder}`;
      icon = 'pass-filled';
      color = 'testing.iconPassed';
      break;
    case 'pending':
      state = 'pending';
      icon = 'circle-large-outline';
      break;
    case 'missing':
      state = `executed #${status.runOrder}, file missing`;
      icon = 'warning';
      color = 'problemsWarningIcon.foreground';
      break;
    default:
      state = 'not connected';
      icon = 'circle-small';
  }
  if (status.duplicateName || status.duplicateTimestamp) {
    icon = 'error';
    color = 'problemsErrorIcon.foreground';
  } else if (status.edited) {
    icon = 'diff-modified';
    color = 'problemsWarningIcon.foreground';
  } else if (status.outOfOrder) {
    icon = 'arrow-swap';
    color = 'problemsWarningIcon.foreground';
  }
  const description = [state, ...problems].join(' · ');
  const tooltip = [
    status.name,
    when ? `timestamp ${status.timestamp} (${when} UTC)` : undefined,
    `state: ${state}`,
    ...problems.map((problem) => `problem: ${problem}`),
    status.migration?.transaction === false ? 'runs without a transaction (transaction = false)' : undefined,
    status.migration && status.migration.upSql === undefined ? 'SQL built at run time: Show SQL captures it' : undefined,
    status.file ?? 'no file',
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
  const contextValue = `migration.${status.state}${problems.length > 0 ? '.problem' : ''}`;
  return { label: base, description, icon, color, tooltip, contextValue };
}

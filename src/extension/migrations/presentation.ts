// How a migration looks in the Migrations tree: icon, description, tooltip and the context value
// the item menus key on. Pure (no vscode import) so it is unit-tested; tree.ts turns it into items.
import type { MigrationStatus } from '../../core/migrations';
import { type ConnectionState, describeState } from '../statusModel';

/** Where a migration got in the embedded replay, when that is what the project is compared with. */
export type ReplayState = 'replayed' | 'failed' | 'not replayed';

/**
 * Each migration's place in the embedded replay: it runs them in timestamp order and stops at the
 * first that fails (the files SL450-SL452 name), so the ones after it were not replayed.
 */
export function replayStates(migrations: readonly MigrationStatus[], failedFiles: readonly string[]): Map<MigrationStatus, ReplayState> {
  const failed = new Set(failedFiles);
  const stops = migrations.filter((m) => m.file !== undefined && failed.has(m.file)).map((m) => m.timestamp ?? Infinity);
  const stop = stops.length > 0 ? Math.min(...stops) : Infinity;
  return new Map(migrations.map((m): [MigrationStatus, ReplayState] => [m, m.file !== undefined && failed.has(m.file) ? 'failed' : (m.timestamp ?? Infinity) < stop ? 'replayed' : 'not replayed']));
}

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

/**
 * @param replay where it got in the embedded replay (embedded comparison only)
 * @param state what the data source is compared with, for a migration whose status is unknown
 */
export function presentMigration(status: MigrationStatus, replay?: ReplayState, state?: ConnectionState): MigrationPresentation {
  const { base, when } = splitName(status);
  const problems: string[] = [];
  if (status.outOfOrder) problems.push('out of order');
  if (status.edited) problems.push('edited after it ran');
  if (status.duplicateTimestamp) problems.push('duplicate timestamp');
  if (status.duplicateName) problems.push('duplicate name');

  let stateText: string;
  let icon: string;
  let color: string | undefined;
  switch (status.state) {
    case 'executed':
      stateText = `executed #${status.runOrder}`;
      icon = 'pass-filled';
      color = 'testing.iconPassed';
      break;
    case 'pending':
      stateText = 'pending';
      icon = 'circle-large-outline';
      break;
    case 'missing':
      stateText = `executed #${status.runOrder}, file missing`;
      icon = 'warning';
      color = 'problemsWarningIcon.foreground';
      break;
    default:
      // No database to ask: the embedded replay (or nothing) is all there is to say.
      if (replay === 'replayed') {
        stateText = 'replayed in the embedded database';
        icon = 'pass';
        color = 'testing.iconPassed';
      } else if (replay === 'failed') {
        stateText = 'replay failed in the embedded database';
        icon = 'error';
        color = 'problemsErrorIcon.foreground';
      } else if (replay === 'not replayed') {
        stateText = 'not replayed (an earlier migration failed)';
        icon = 'circle-slash';
      } else {
        stateText = `status unknown: ${state ? describeState(state).short : 'no database'}`;
        icon = 'circle-small';
      }
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
  const description = [stateText, ...problems].join(' · ');
  const tooltip = [
    status.name,
    when ? `timestamp ${status.timestamp} (${when} UTC)` : undefined,
    `state: ${stateText}`,
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

// What a data source is compared with, in one vocabulary for every place that says it: the status
// bar, the Database and Migrations views, CodeLens and hovers (issue 20, point 2). Pure, so the
// wording and the "next useful action" are unit-tested without an editor.

export type ConnectionState =
  | { kind: 'starting' }
  | { kind: 'connected'; description: string }
  | { kind: 'embedded'; migrations: number }
  /** `no-migrations`: nothing configured and no migration files, so there is no schema to replay. */
  | { kind: 'disconnected'; reason?: 'no-migrations' }
  /**
   * `staleSince`: the last good read of the database is kept and its findings still shown, marked
   * stale (when it failed, as a clock time); a retry runs by itself until it answers again.
   */
  | { kind: 'error'; message: string; staleSince?: string }
  /** Untrusted workspace, nothing configured: entity-only analysis, no embedded replay. */
  | { kind: 'restricted' };

export interface DataSourceStatus {
  /** `name` for one folder, `folder / name` when there are several. */
  label: string;
  state: ConnectionState;
  /** How much of its entities was read statically (core's describeCoverage()), once they are read. */
  coverage?: string;
}

export type NextAction = 'connect' | 'refresh' | 'disconnect' | 'showOutput' | 'manageTrust';

export interface StatusPresentation {
  text: string;
  tooltip: string;
  /** Shown with the status bar's error colour. */
  isError: boolean;
  /** Offered when the item is clicked, most useful first. */
  actions: NextAction[];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What the data source is compared with: `short` for a view's description, `long` for tooltips. */
export function describeState(state: ConnectionState): { short: string; long: string } {
  switch (state.kind) {
    case 'starting': return { short: 'reading…', long: 'reading the project…' };
    case 'connected': return { short: state.description, long: `connected to ${state.description}` };
    case 'embedded': return { short: `embedded database · ${plural(state.migrations, 'migration')} replayed`, long: `embedded database (${plural(state.migrations, 'migration')} replayed)` };
    case 'disconnected': return state.reason === 'no-migrations'
      ? { short: 'no database, no migrations · entity-only checks', long: 'no database and no migrations to replay: entity-only checks' }
      : { short: 'no database · entity-only checks', long: 'no database: entity-only checks' };
    case 'restricted': return { short: 'restricted mode · entity-only checks', long: 'restricted mode: entity-only checks (trust the workspace to replay migrations)' };
    case 'error': return state.staleSince
      ? { short: `database unreachable · findings from ${state.staleSince}`, long: `database error: ${state.message} (showing the findings of the last good read, ${state.staleSince}, marked stale; retrying)` }
      : { short: 'database unreachable', long: `database error: ${state.message} (entity-only checks meanwhile)` };
  }
}

/**
 * The CodeLens above an entity. "No findings" must never read as all clear when the database could
 * not be read: then it says the entity was not checked against it.
 */
export function codeLensTitle(findings: number, state: ConnectionState, compared: boolean): string {
  if (state.kind === 'error' && state.staleSince) return `${findings > 0 ? plural(findings, 'difference') : 'in sync'} at ${state.staleSince} · stale: database unreachable`;
  if (state.kind === 'error') return `not checked: database unreachable${findings > 0 ? ` · ${plural(findings, 'entity-only finding')}` : ''}`;
  if (findings > 0) return compared ? plural(findings, 'difference') : plural(findings, 'finding');
  if (compared) return `$(check) in sync with ${state.kind === 'embedded' ? 'the schema the migrations build' : 'the database'}`;
  return `no findings (entity-only: ${state.kind === 'restricted' ? 'restricted mode' : 'no database'})`;
}

export function presentStatus(sources: DataSourceStatus[]): StatusPresentation {
  const tooltip = sources.length === 0
    ? 'Schema Lens: no TypeORM data source found'
    : sources.map((source) => `${source.label}: ${describeState(source.state).long}${source.coverage ? `\n  entities: ${source.coverage}` : ''}`).join('\n');
  const kinds = new Set(sources.map((source) => source.state.kind));
  const errors = sources.filter((source) => source.state.kind === 'error');

  if (errors.length > 0) {
    return { text: '$(error) Schema Lens', tooltip, isError: true, actions: ['refresh', 'connect', 'showOutput'] };
  }
  if (sources.length === 0 || kinds.has('starting')) {
    return { text: '$(sync~spin) Schema Lens', tooltip, isError: false, actions: ['showOutput'] };
  }
  if (kinds.has('disconnected')) {
    return { text: '$(debug-disconnect) Schema Lens', tooltip, isError: false, actions: ['connect', 'showOutput'] };
  }
  if (kinds.has('restricted')) {
    return { text: '$(shield) Schema Lens', tooltip, isError: false, actions: ['manageTrust', 'connect', 'showOutput'] };
  }
  if (kinds.has('embedded')) {
    return { text: '$(server-environment) Schema Lens: embedded', tooltip, isError: false, actions: ['connect', 'refresh', 'showOutput'] };
  }
  const only = sources.length === 1 && sources[0].state.kind === 'connected' ? `: ${sources[0].state.description}` : '';
  return { text: `$(database) Schema Lens${only}`, tooltip, isError: false, actions: ['refresh', 'disconnect', 'connect', 'showOutput'] };
}

/**
 * No DataSource file, no migrations and no database named anywhere: a folder Schema Lens has
 * nothing to compare in. The views then show their welcome content instead of a "default" row.
 */
export function noDataSourceFound(projects: ReadonlyArray<{ config: { file?: string }; migrations: readonly unknown[]; state: ConnectionState }>): boolean {
  return projects.every((project) => !project.config.file && project.migrations.length === 0 && project.state.kind !== 'connected' && project.state.kind !== 'error');
}

/** An error message in lines a sidebar can show: at sentence and `: ` boundaries, then by words. */
export function messageLines(message: string, width = 48): string[] {
  const lines: string[] = [];
  for (const part of message.split(/(?<=[.;:?!])\s+/)) {
    let line = '';
    for (const word of part.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  }
  return lines;
}

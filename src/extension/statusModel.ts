// What the status bar says, from the connection state of every data source in the workspace.
// Pure, so the wording and the "next useful action" are unit-tested without an editor.

export type ConnectionState =
  | { kind: 'starting' }
  | { kind: 'connected'; description: string }
  | { kind: 'embedded'; migrations: number }
  | { kind: 'disconnected' }
  | { kind: 'error'; message: string }
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

function stateLine(state: ConnectionState): string {
  switch (state.kind) {
    case 'starting': return 'reading the project…';
    case 'connected': return `connected to ${state.description}`;
    case 'embedded': return `embedded database (${state.migrations} migration${state.migrations === 1 ? '' : 's'} replayed)`;
    case 'disconnected': return 'no database: entity-only checks';
    case 'restricted': return 'restricted mode: entity-only checks (trust the workspace to replay migrations)';
    case 'error': return `database error: ${state.message} (entity-only checks meanwhile)`;
  }
}

export function presentStatus(sources: DataSourceStatus[]): StatusPresentation {
  const tooltip = sources.length === 0
    ? 'Schema Lens: no TypeORM data source found'
    : sources.map((source) => `${source.label}: ${stateLine(source.state)}${source.coverage ? `\n  entities: ${source.coverage}` : ''}`).join('\n');
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

// Which database a data source is compared with: the user's explicit choice first, then the
// `schemaLens.database.url` setting, then the connection the DataSource / .env declares, then
// the embedded database that replays the migrations. Pure, so the precedence (and the
// workspace-trust restrictions) are unit-tested.
import type { ConnectionSettings } from '../core/config/index';
import type { StoredConnection } from './connectionUrl';
import type { ConnectionState } from './statusModel';

/** What the user picked in "Connect to Database…", remembered per data source in workspace state. */
export type ConnectionChoice =
  | { mode: 'database'; connection: StoredConnection }
  | { mode: 'discovered' }
  | { mode: 'embedded' }
  | { mode: 'off' };

export type ConnectionPlan =
  /** `needsSecret`: the stored password (SecretStorage) is added when the settings carry none. */
  | { kind: 'database'; connection: ConnectionSettings; needsSecret: boolean }
  | { kind: 'shadow' }
  | { kind: 'none'; state: ConnectionState };

export interface PlanInput {
  choice: ConnectionChoice | undefined;
  settingsUrl: string;
  discovered: ConnectionSettings | undefined;
  trusted: boolean;
  shadowEnabled: boolean;
  /** How many migration files the data source has: with none, the embedded replay has no schema to build. */
  migrationCount: number;
}

function database(connection: ConnectionSettings): ConnectionPlan {
  return { kind: 'database', connection, needsSecret: connection.password === undefined && !/^[^/]*\/\/[^/@]*:[^/@]*@/.test(connection.url ?? '') };
}

export function planConnection(input: PlanInput): ConnectionPlan {
  const { choice, trusted } = input;
  switch (choice?.mode) {
    case 'off':
      return { kind: 'none', state: { kind: 'disconnected' } };
    case 'database':
      return database({ ...choice.connection });
    case 'discovered':
      return input.discovered ? database(input.discovered) : { kind: 'none', state: { kind: 'disconnected' } };
    case 'embedded':
      return trusted ? { kind: 'shadow' } : { kind: 'none', state: { kind: 'restricted' } };
    case undefined:
      break;
  }
  if (input.settingsUrl) return database({ url: input.settingsUrl });
  // An untrusted project's own config could point anywhere: connect to it only when asked.
  if (!trusted) return { kind: 'none', state: { kind: 'restricted' } };
  if (input.discovered) return database(input.discovered);
  // No migrations (a project on `synchronize`, or not one at all): an empty replay would call every
  // table missing. Unknown is not absent: check the entities alone, and say why.
  if (input.shadowEnabled && input.migrationCount === 0) return { kind: 'none', state: { kind: 'disconnected', reason: 'no-migrations' } };
  if (input.shadowEnabled) return { kind: 'shadow' };
  return { kind: 'none', state: { kind: 'disconnected' } };
}

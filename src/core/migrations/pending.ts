// The migrations a database has not run, as reports lead with them: oldest first (the order they
// will run in, so the first to change a table explains its findings), each with the tables its up()
// changes. One place for the CLI's check and the editor.
import type { PendingMigration } from '../model/pending';
import { tablesChangedByUp } from './lint';
import type { MigrationStatusReport } from './status';

/** Nothing when the status was not read from a database (then nothing is known to be pending). */
export async function pendingMigrations(status: MigrationStatusReport, schema: string): Promise<PendingMigration[]> {
  if (!status.connected) return [];
  const ordered = status.migrations.filter((migration) => migration.state === 'pending').sort((a, b) => (a.timestamp ?? Infinity) - (b.timestamp ?? Infinity));
  return Promise.all(ordered.map(async (migration) => ({
    name: migration.name,
    ...(migration.file ? { file: migration.file } : {}),
    tables: migration.migration ? await tablesChangedByUp(migration.migration, schema) : [],
  })));
}

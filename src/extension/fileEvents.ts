// What a file event on disk means for one data source: pure, so the routing is tested without an
// editor. The engine debounces and carries out the actions.
import { relative } from 'node:path';
import picomatch from 'picomatch';
import type { DataSourceConfig } from '../core/config/index';

/** Files a decorator scan may find an entity in: a new one means scanning again. */
const SCANNED = ['**/*.{ts,mts,cts,tsx}'];

/** Files the data sources are read from besides the DataSource file itself. */
const CONFIG_FILE = /(^|\/)(\.env(\..*)?|ormconfig\.(json|js))$/;

export type FileEventKind = 'change' | 'create' | 'delete';

/**
 * - `rediscover`: the project's configuration changed; read every data source again (nothing else matters)
 * - `migrations`: a migration was written or edited; re-read them (and replay, where that is the comparison)
 * - `entity`: an entity file changed on disk outside an open buffer; re-read that file
 * - `entityFiles`: a file appeared or went away where entities are found; find the entity files again
 */
export type FileEventAction = 'rediscover' | 'migrations' | 'entity' | 'entityFiles';

export interface WatchedSource {
  readonly config: DataSourceConfig;
  owns(file: string): boolean;
}

/**
 * @param hasOpenBuffer whether the editor holds the file: open buffers are followed through their
 *   own change events, so a save is not read twice
 */
export function fileEventActions(source: WatchedSource, file: string, kind: FileEventKind, hasOpenBuffer: boolean): FileEventAction[] {
  const rel = relative(source.config.root, file);
  if (rel.startsWith('..')) return [];
  if (file === source.config.file || CONFIG_FILE.test(rel)) return ['rediscover'];
  const actions: FileEventAction[] = [];
  if (picomatch(source.config.migrationGlobs, { dot: true })(rel)) actions.push('migrations');
  if (kind === 'change') {
    if (source.owns(file) && !hasOpenBuffer) actions.push('entity');
  } else if (picomatch(source.config.discovery?.method === 'scan' ? SCANNED : source.config.entityGlobs, { dot: true })(rel)) {
    actions.push('entityFiles');
  }
  return actions;
}

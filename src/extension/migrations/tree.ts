// The Migrations tree: one node per data source, its migrations newest first (state icon,
// description, tooltip; a click opens the file), then its backups. Status is read statically plus
// one history query per data source; nothing here runs project code.
import { basename, relative } from 'node:path';
import * as vscode from 'vscode';
import { describeConnection, type DataSourceConfig } from '../../core/config';
import { type BackupResult, backupsFolder, listBackups, type MigrationStatus, type ProjectMigrationStatus, readMigrationStatus } from '../../core/migrations';
import { type ConnectionState, describeState } from '../statusModel';
import { type ShownItem, shownItem } from '../treeSnapshot';
import { presentMigration, type ReplayState, replayStates } from './presentation';
import { messageOf } from '../../core/errors';

export type MigrationNode =
  | { kind: 'dataSource'; dataSource: DataSourceConfig; status?: ProjectMigrationStatus; error?: string }
  | { kind: 'migration'; dataSource: DataSourceConfig; status: MigrationStatus; replay?: ReplayState; state?: ConnectionState }
  | { kind: 'backups'; dataSource: DataSourceConfig; backups: BackupResult[] }
  | { kind: 'backup'; dataSource: DataSourceConfig; backup: BackupResult };

/** What the editor compares a data source with (the engine's project state), in the views' words. */
export interface MigrationsComparison {
  state: ConnectionState;
  /** Migration files the embedded replay stopped at (SL450-SL452), when it is the comparison. */
  replayFailures: string[];
}

export class MigrationsTree implements vscode.TreeDataProvider<MigrationNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<MigrationNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<MigrationNode[]> | undefined;

  constructor(
    private readonly dataSources: () => Promise<DataSourceConfig[]>,
    private readonly backupsSetting: (dataSource: DataSourceConfig) => string | undefined,
    private readonly log: vscode.LogOutputChannel,
    /** Called with every data source's status after each load (for diagnostics on migration files). */
    private readonly onLoaded: (loaded: Array<{ dataSource: DataSourceConfig; status: ProjectMigrationStatus }>) => void,
    private readonly comparison: (dataSource: DataSourceConfig) => MigrationsComparison | undefined,
    /** No TypeORM data source in the workspace: the view shows its welcome content instead. */
    private readonly noDataSource: () => boolean,
  ) {}

  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  /** The comparison changed (connected, replayed, unreachable): draw again without re-reading. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** The current data source nodes (read once per refresh). */
  nodes(): Promise<MigrationNode[]> {
    this.roots ??= this.load();
    return this.roots;
  }

  private async load(): Promise<MigrationNode[]> {
    const dataSources = await this.dataSources();
    const nodes = await Promise.all(
      dataSources.map(async (dataSource): Promise<MigrationNode> => {
        try {
          const status = await readMigrationStatus(dataSource, { timeoutMs: 10_000 });
          for (const problem of status.problems.filter((p) => p.severity === 'error')) this.log.warn(`${dataSource.name}: ${problem.message}`);
          return { kind: 'dataSource', dataSource, status };
        } catch (error) {
          return { kind: 'dataSource', dataSource, error: messageOf(error) };
        }
      }),
    );
    this.onLoaded(nodes.flatMap((node) => (node.kind === 'dataSource' && node.status ? [{ dataSource: node.dataSource, status: node.status }] : [])));
    return nodes;
  }

  /** The whole tree as the view shows it: for tests (through an internal command) and logs. */
  async snapshot(node?: MigrationNode): Promise<Array<ShownItem & { decoratedByProblems: boolean; node: MigrationNode; children: unknown[] }>> {
    const children = await this.getChildren(node);
    return Promise.all(
      children.map(async (child) => {
        const item = this.getTreeItem(child);
        return {
          ...shownItem(item),
          decoratedByProblems: item.resourceUri !== undefined,
          node: child,
          children: item.collapsibleState === vscode.TreeItemCollapsibleState.None ? [] : await this.snapshot(child),
        };
      }),
    );
  }

  async getChildren(node?: MigrationNode): Promise<MigrationNode[]> {
    if (!node) return this.noDataSource() ? [] : this.nodes();
    if (node.kind === 'dataSource') {
      const comparison = node.status?.connected ? undefined : this.comparison(node.dataSource);
      const statuses = node.status?.migrations ?? [];
      const replay = comparison?.state.kind === 'embedded' ? replayStates(statuses, comparison.replayFailures) : undefined;
      const migrations: MigrationNode[] = statuses.map((status) => ({ kind: 'migration', dataSource: node.dataSource, status, replay: replay?.get(status), state: comparison?.state }));
      const backups = listBackups(backupsFolder(node.dataSource.root, this.backupsSetting(node.dataSource)));
      return backups.length > 0 ? [...migrations, { kind: 'backups', dataSource: node.dataSource, backups }] : migrations;
    }
    if (node.kind === 'backups') return node.backups.map((backup) => ({ kind: 'backup', dataSource: node.dataSource, backup }));
    return [];
  }

  getTreeItem(node: MigrationNode): vscode.TreeItem {
    switch (node.kind) {
      case 'dataSource': {
        const item = new vscode.TreeItem(node.dataSource.name === 'default' ? basename(node.dataSource.root) : node.dataSource.name, vscode.TreeItemCollapsibleState.Expanded);
        // Connected: the database this tree reads; otherwise what the editor compares with, in the Database view's words.
        const comparison = this.comparison(node.dataSource);
        const where = node.dataSource.connection ? describeConnection(node.dataSource.connection) : comparison ? describeState(comparison.state).short : 'no database';
        const pending = node.status?.migrations.filter((m) => m.state === 'pending').length ?? 0;
        item.description = node.error ? `error: ${node.error}` : node.status?.connected ? `${where}${pending ? ` · ${pending} pending` : ''}` : where;
        item.tooltip = node.error ?? [`${node.dataSource.name} (${node.dataSource.root})`, where, `migrations table ${node.dataSource.schema}.${node.dataSource.migrationsTableName}`, `transaction mode ${node.dataSource.migrationsTransactionMode}`, ...(node.status?.problems.map((p) => p.message) ?? [])].join('\n');
        item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'database');
        item.contextValue = node.dataSource.connection ? 'dataSource.connected' : 'dataSource';
        item.id = `ds:${node.dataSource.root}:${node.dataSource.name}`;
        return item;
      }
      case 'migration': {
        const shown = presentMigration(node.status, node.replay, node.state);
        const item = new vscode.TreeItem(shown.label, vscode.TreeItemCollapsibleState.None);
        item.description = shown.description;
        item.tooltip = shown.tooltip;
        item.iconPath = new vscode.ThemeIcon(shown.icon, shown.color ? new vscode.ThemeColor(shown.color) : undefined);
        item.contextValue = shown.contextValue;
        item.id = `m:${node.dataSource.root}:${node.dataSource.name}:${node.status.name}:${node.status.file ?? ''}`;
        if (node.status.file) {
          // No resourceUri: VS Code would colour the row with every problem in the file (a missing
          // 'typeorm' module, say); the row shows Schema Lens' own state and findings only.
          item.command = { command: 'vscode.open', title: 'Open Migration', arguments: [vscode.Uri.file(node.status.file)] };
        }
        return item;
      }
      case 'backups': {
        const item = new vscode.TreeItem('Backups', vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${node.backups.length}`;
        item.iconPath = new vscode.ThemeIcon('archive');
        item.contextValue = 'backups';
        return item;
      }
      case 'backup': {
        const item = new vscode.TreeItem(node.backup.manifest.reason, vscode.TreeItemCollapsibleState.None);
        item.description = node.backup.manifest.createdAt.slice(0, 19).replace('T', ' ');
        item.tooltip = [
          relative(node.dataSource.root, node.backup.file),
          ...node.backup.manifest.tables.map((t) => `${t.schema}.${t.name}: ${t.rows} rows`),
          `taken after: ${node.backup.manifest.migrations.at(-1) ?? 'no migration'}`,
        ].join('\n');
        item.iconPath = new vscode.ThemeIcon('history');
        item.contextValue = 'backup';
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

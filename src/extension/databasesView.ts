// The "Database" view in the Schema Lens container: each data source and what it is compared
// with, in the status bar's words (statusModel.describeState). An unreachable database shows its
// whole message and a Retry. Empty while nothing is connected, or when the folder has no TypeORM
// data source at all, so the view's welcome content (Connect…, or what Schema Lens looks for) shows.
import * as vscode from 'vscode';
import type { Project } from './project';
import { type ShownItem, shownItem } from './treeSnapshot';
import { type ConnectionState, describeState, messageLines, noDataSourceFound } from './statusModel';

function iconOf(state: ConnectionState): string {
  switch (state.kind) {
    case 'connected': return 'database';
    case 'embedded': return 'server-environment';
    case 'error': return 'error';
    case 'starting': return 'sync~spin';
    case 'restricted': return 'shield';
    case 'disconnected': return 'debug-disconnect';
  }
}

export type DatabaseNode =
  | { kind: 'project'; project: Project }
  /** One line of an unreachable database's message (the description would cut it off). */
  | { kind: 'message'; text: string }
  | { kind: 'retry' };

export class DatabasesView implements vscode.TreeDataProvider<DatabaseNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly projects: () => Project[]) {}

  refresh(): void {
    this.changed.fire();
  }

  getChildren(element?: DatabaseNode): DatabaseNode[] {
    if (element?.kind === 'project') {
      const { state } = element.project;
      return state.kind === 'error' ? [...messageLines(state.message).map((text): DatabaseNode => ({ kind: 'message', text })), { kind: 'retry' }] : [];
    }
    if (element) return [];
    const projects = this.projects();
    if (noDataSourceFound(projects)) return [];
    return projects.some((p) => p.actual !== undefined || p.state.kind === 'error') ? projects.map((project) => ({ kind: 'project', project })) : [];
  }

  getTreeItem(node: DatabaseNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.contextValue = 'databaseMessage';
      return item;
    }
    if (node.kind === 'retry') {
      const item = new vscode.TreeItem('Retry', vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('refresh');
      item.command = { title: 'Retry', command: 'schemaLens.refresh' };
      return item;
    }
    const { project } = node;
    const { short, long } = describeState(project.state);
    const failed = project.state.kind === 'error';
    const item = new vscode.TreeItem(project.label, failed ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.description = short;
    item.tooltip = project.config.file ? `${project.label}: ${long}\n${project.config.file}` : `${project.label}: ${long}`;
    item.iconPath = new vscode.ThemeIcon(iconOf(project.state));
    // The Retry button on the row (package.json: view/item/context, inline) keys on this.
    item.contextValue = failed ? 'database.error' : 'database';
    item.id = `db:${project.key}`;
    if (!failed) item.command = { title: 'Connect', command: 'schemaLens.connect', arguments: [{ dataSource: project.key }] };
    return item;
  }

  /** The view as it shows it: for tests (through the engine) and logs. */
  snapshot(element?: DatabaseNode): Array<ShownItem & { children: unknown[] }> {
    return this.getChildren(element).map((child) => ({ ...shownItem(this.getTreeItem(child)), children: this.snapshot(child) }));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

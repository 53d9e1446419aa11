// The "Database" view in the Schema Lens container: each data source and what it is compared
// with. Empty while nothing is connected, so the view's welcome content (Connect…) shows.
import * as vscode from 'vscode';
import type { Project } from './project';
import type { ConnectionState } from './statusModel';

function describe(state: ConnectionState): { text: string; icon: string } {
  switch (state.kind) {
    case 'connected': return { text: state.description, icon: 'database' };
    case 'embedded': return { text: `embedded (${state.migrations} migrations)`, icon: 'server-environment' };
    case 'error': return { text: state.message, icon: 'error' };
    case 'starting': return { text: 'reading…', icon: 'sync~spin' };
    case 'restricted': return { text: 'restricted mode: entity-only', icon: 'shield' };
    case 'disconnected': return { text: 'entity-only', icon: 'debug-disconnect' };
  }
}

export class DatabasesView implements vscode.TreeDataProvider<Project>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly projects: () => Project[]) {}

  refresh(): void {
    this.changed.fire();
  }

  getChildren(element?: Project): Project[] {
    if (element) return [];
    const projects = this.projects();
    return projects.some((p) => p.actual !== undefined || p.state.kind === 'error') ? projects : [];
  }

  getTreeItem(project: Project): vscode.TreeItem {
    const { text, icon } = describe(project.state);
    const item = new vscode.TreeItem(project.label, vscode.TreeItemCollapsibleState.None);
    item.description = text;
    item.tooltip = project.config.file ? `${project.label}: ${text}\n${project.config.file}` : `${project.label}: ${text}`;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.command = { title: 'Connect', command: 'schemaLens.connect', arguments: [{ dataSource: project.key }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

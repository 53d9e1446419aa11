// "Schema Lens: Connect to Database…": pick the data source (when there are several), then how to
// reach its database. Called with an argument ({ url, dataSource }) it skips the questions, which
// is how scripts and tests connect. The password goes to SecretStorage, the rest to workspace state.
import * as vscode from 'vscode';
import { describeConnection } from '../core/config/index';
import type { ConnectionChoice } from './connectionPlan';
import { describeStored, isPostgresUrl, splitPassword, type StoredConnection } from './connectionUrl';
import type { Project } from './project';

export interface ConnectRequest {
  /** A data source name (`default`) or key; the only one when omitted. */
  dataSource?: string;
  url?: string;
  embedded?: boolean;
  off?: boolean;
}

export interface ConnectDecision {
  project: Project;
  choice: ConnectionChoice;
  password?: string;
}

function parseRequest(value: unknown): ConnectRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  return {
    dataSource: typeof r.dataSource === 'string' ? r.dataSource : undefined,
    url: typeof r.url === 'string' ? r.url : undefined,
    embedded: r.embedded === true,
    off: r.off === true,
  };
}

export async function pickProject(projects: Project[], wanted: string | undefined, purpose: string): Promise<Project | undefined> {
  if (wanted !== undefined) return projects.find((p) => p.key === wanted || p.config.name === wanted || p.label === wanted);
  if (projects.length <= 1) return projects[0];
  const picked = await vscode.window.showQuickPick(projects.map((project) => ({ label: project.label, description: project.config.file ? vscode.workspace.asRelativePath(project.config.file) : '', project })), { title: purpose, placeHolder: 'Which data source?' });
  return picked?.project;
}

async function askUrl(): Promise<{ stored: StoredConnection; password?: string } | undefined> {
  const url = await vscode.window.showInputBox({
    title: 'Connection URL',
    prompt: 'The password may be included: it is moved to secret storage and never written to settings or logs.',
    placeHolder: 'postgres://user:password@localhost:5432/database',
    ignoreFocusOut: true,
    validateInput: (text) => (isPostgresUrl(text) ? undefined : 'A postgres:// or postgresql:// URL'),
  });
  if (!url) return undefined;
  const split = splitPassword(url);
  const password = split.password ?? (await vscode.window.showInputBox({ title: 'Password (leave empty for none)', password: true, ignoreFocusOut: true }));
  return { stored: { url: split.url }, password: password || undefined };
}

async function askFields(): Promise<{ stored: StoredConnection; password?: string } | undefined> {
  const ask = (title: string, value: string, password = false) => vscode.window.showInputBox({ title, value, password, ignoreFocusOut: true });
  const host = await ask('Host', 'localhost');
  if (host === undefined) return undefined;
  const port = await ask('Port', '5432');
  if (port === undefined) return undefined;
  const user = await ask('User', 'postgres');
  if (user === undefined) return undefined;
  const database = await ask('Database', '');
  if (database === undefined) return undefined;
  const password = await ask('Password (leave empty for none)', '', true);
  if (password === undefined) return undefined;
  return { stored: { host, port: Number(port) || 5432, user, database }, password: password || undefined };
}

/** Ask (or read from the argument) how this data source should be compared. */
export async function decideConnection(projects: Project[], argument: unknown, trusted: boolean): Promise<ConnectDecision | undefined> {
  const request = parseRequest(argument);
  const project = await pickProject(projects, request?.dataSource, 'Schema Lens: Connect to Database');
  if (!project) {
    if (request?.dataSource) throw new Error(`No data source named ${request.dataSource}`);
    return undefined;
  }
  if (request?.url) {
    const split = splitPassword(request.url);
    return { project, choice: { mode: 'database', connection: { url: split.url } }, password: split.password };
  }
  if (request?.embedded) return { project, choice: { mode: 'embedded' } };
  if (request?.off) return { project, choice: { mode: 'off' } };

  type Item = vscode.QuickPickItem & { pick: 'discovered' | 'url' | 'fields' | 'embedded' | 'off' };
  const items: Item[] = [];
  if (project.config.connection) {
    items.push({ label: '$(database) Use the project\'s connection', description: describeConnection(project.config.connection), detail: project.config.file ? `from ${vscode.workspace.asRelativePath(project.config.file)}` : undefined, pick: 'discovered' });
  }
  items.push({ label: '$(link) Enter a connection URL…', pick: 'url' });
  items.push({ label: '$(list-flat) Enter host, port, user and database…', pick: 'fields' });
  if (trusted) items.push({ label: '$(server-environment) Use an embedded database', detail: 'Replays the project\'s migrations into an embedded PostgreSQL (runs the migration files)', pick: 'embedded' });
  items.push({ label: '$(debug-disconnect) No database', detail: 'Entity-only checks', pick: 'off' });
  const choice = project.state.kind === 'connected' ? ` (now: ${project.state.description})` : '';
  const picked = await vscode.window.showQuickPick(items, { title: `Connect ${project.label}${choice}`, ignoreFocusOut: true });
  if (!picked) return undefined;
  switch (picked.pick) {
    case 'discovered': return { project, choice: { mode: 'discovered' } };
    case 'embedded': return { project, choice: { mode: 'embedded' } };
    case 'off': return { project, choice: { mode: 'off' } };
    case 'url':
    case 'fields': {
      const answer = picked.pick === 'url' ? await askUrl() : await askFields();
      if (!answer) return undefined;
      return { project, choice: { mode: 'database', connection: answer.stored }, password: answer.password };
    }
  }
}

export function describeChoice(choice: ConnectionChoice): string {
  switch (choice.mode) {
    case 'database': return describeStored(choice.connection);
    case 'discovered': return 'the project\'s connection';
    case 'embedded': return 'an embedded database';
    case 'off': return 'no database';
  }
}

// "Schema Lens: Show ER Diagram": one webview panel per window, drawn by dist/er-diagram.js from the
// graph core/schema-docs builds out of a data source's models and findings. The panel follows the
// analysis (a new graph only when it changed), opens an entity at its class when a table is
// clicked, saves exports, and comes back after a reload through the WebviewPanelSerializer
// (extension.ts registers it at activation and hands the panel here).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_STATE, exportBytes, readState, readWebviewMessage, type DiagramState, type HostMessage, type WebviewMessage } from '../core/diagram-protocol';
import { emptyModel, qualifiedKey } from '../core/model/index';
import { buildErGraph, documentedTables } from '../core/schema-docs/index';
import { diagramHtml } from './erDiagramHtml';
import type { Project } from './project';
import { spanToRange } from './vscodeTypes';

export const ER_DIAGRAM_VIEW_TYPE = 'schemaLens.erDiagram';

export class ErDiagramPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: DiagramState = { ...DEFAULT_STATE };
  /** The last graph message sent, so an analysis that changed nothing drawn sends nothing. */
  private lastSent = '';
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly projects: () => Project[],
    private readonly log: vscode.LogOutputChannel,
  ) {}

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(ER_DIAGRAM_VIEW_TYPE, 'ER Diagram', vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: this.resourceRoots() });
    this.attach(panel, { ...DEFAULT_STATE });
  }

  /** A panel VS Code restored after a reload, with the state its webview saved. */
  restore(panel: vscode.WebviewPanel, saved: unknown): void {
    this.panel?.dispose();
    this.attach(panel, readState(saved));
  }

  /**
   * The analysis changed: redraw if the panel is in sight. A hidden panel's webview is discarded
   * (no retained context) and asks again when shown, so typing pays nothing for a panel behind others.
   */
  update(): void {
    if (this.panel?.visible && this.ready) this.send();
  }

  private resourceRoots(): vscode.Uri[] {
    return [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')];
  }

  private attach(panel: vscode.WebviewPanel, state: DiagramState): void {
    this.panel = panel;
    this.state = state;
    this.lastSent = '';
    this.ready = false;
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: this.resourceRoots() };
    webview.html = diagramHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'er-diagram.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'er-diagram.css')).toString(),
    });
    // This panel's own listeners: a panel restored in its place has its own.
    const listeners: vscode.Disposable[] = [];
    listeners.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = readWebviewMessage(raw);
        if (message && this.panel === panel) void this.receive(message).catch((error: unknown) => this.log.error(`ER diagram: ${error instanceof Error ? error.message : String(error)}`));
      }),
      // Shown again: its webview was discarded while hidden and will say 'ready' when it is back.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const listener of listeners) listener.dispose();
      }),
    );
  }

  private project(): Project | undefined {
    const projects = this.projects();
    return projects.find((project) => project.key === this.state.project) ?? projects[0];
  }

  private async receive(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A reloaded webview knows its own state best (pan, zoom, filter since the last save).
        if (message.state) this.state = message.state;
        this.ready = true;
        this.lastSent = '';
        this.send();
        return;
      case 'state': {
        const redraw = message.state.view !== this.state.view || message.state.project !== this.state.project;
        this.state = message.state;
        if (redraw) this.send();
        return;
      }
      case 'open':
        await this.open(message.table);
        return;
      case 'export':
        await this.save(message);
        return;
    }
  }

  private send(): void {
    const project = this.project();
    let message: HostMessage;
    if (!project) message = { type: 'empty', message: 'No TypeORM data source found in this workspace.' };
    else {
      const tables = documentedTables(project.intended?.model ?? emptyModel(), project.actual?.model, project.findings);
      this.state = { ...this.state, project: project.key };
      message = { type: 'graph', graph: buildErGraph(tables, this.state.view, project.config.root), project: { key: project.key, label: project.label }, projects: this.projects().map((p) => ({ key: p.key, label: p.label })), state: this.state };
    }
    // The state is sent along but is the webview's own: compare what is drawn.
    const drawn = JSON.stringify(message.type === 'graph' ? [message.graph, message.project, message.projects] : message);
    if (drawn === this.lastSent) return;
    this.lastSent = drawn;
    void this.panel?.webview.postMessage(message);
  }

  /** Opens the table's entity file with the class selected. */
  private async open(table: string): Promise<void> {
    const project = this.project();
    const found = project?.intended?.model.tables.find((candidate) => qualifiedKey(candidate) === table);
    const file = found?.span?.file ?? found?.entity?.file;
    if (!found || !file) return;
    // Beside the diagram, which stays in sight for the next click.
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: found.span ? spanToRange(found.span) : undefined, viewColumn: vscode.ViewColumn.Beside });
  }

  private async save(message: Extract<WebviewMessage, { type: 'export' }>): Promise<void> {
    const folder = this.project()?.config.root;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.file(join(folder, `er-diagram.${message.format}`)) : undefined,
      filters: message.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      title: `Save the ER diagram as ${message.format.toUpperCase()}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, exportBytes(message));
    this.log.info(`ER diagram saved to ${target.fsPath}`);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

// The status bar item: one for the whole workspace, summarising every data source. Clicking it
// offers the next useful action (presentStatus decides which).
import * as vscode from 'vscode';
import { presentStatus, type DataSourceStatus, type NextAction, type StatusPresentation } from './statusModel';

export const statusActionsCommand = 'schemaLens.statusActions';

const actionItems: Record<NextAction, { label: string; command: string }> = {
  connect: { label: '$(plug) Connect to Database…', command: 'schemaLens.connect' },
  refresh: { label: '$(refresh) Refresh (reconnect and re-analyse)', command: 'schemaLens.refresh' },
  disconnect: { label: '$(debug-disconnect) Disconnect (entity-only checks)', command: 'schemaLens.disconnect' },
  showOutput: { label: '$(output) Show Output', command: 'schemaLens.showOutput' },
  manageTrust: { label: '$(shield) Manage Workspace Trust…', command: 'workbench.trust.manage' },
};

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('schemaLens.status', vscode.StatusBarAlignment.Left, 10);
  private presentation: StatusPresentation = presentStatus([]);

  constructor() {
    this.item.name = 'Schema Lens';
    this.item.command = statusActionsCommand;
    this.render();
    this.item.show();
  }

  update(sources: DataSourceStatus[]): void {
    this.presentation = presentStatus(sources);
    this.render();
  }

  /** The state shown now; the e2e tests read it through the `schemaLens.statusActions` result. */
  get current(): StatusPresentation {
    return this.presentation;
  }

  async pickAction(): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      this.presentation.actions.map((action) => actionItems[action]),
      { title: 'Schema Lens', placeHolder: this.presentation.tooltip.split('\n')[0] },
    );
    if (picked) await vscode.commands.executeCommand(picked.command);
  }

  private render(): void {
    this.item.text = this.presentation.text;
    this.item.tooltip = this.presentation.tooltip;
    this.item.backgroundColor = this.presentation.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

// Activation: wiring only. Everything heavy is created lazily so activation stays cheap.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Schema Lens', { log: true });
  context.subscriptions.push(log, vscode.commands.registerCommand('schemaLens.showOutput', () => log.show()));
  log.info('Schema Lens activated');
}

export function deactivate(): void {}

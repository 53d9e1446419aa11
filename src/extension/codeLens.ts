// A CodeLens above each @Entity class: "in sync" or "N differences"; clicking lists them.
import * as vscode from 'vscode';
import { findingsForTable, tablesInFile } from './modelLookup';
import type { Project } from './project';
import { codeLensTitle } from './statusModel';
import { classCommentLine } from './suppressionEdit';

export interface ShowDifferencesRequest {
  projectKey: string;
  schema: string;
  table: string;
}

export class EntityCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly projectsFor: (file: string) => Project[], private readonly enabled: () => boolean) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled()) return [];
    const file = document.uri.fsPath;
    const lines = document.getText().split(/\r?\n/);
    return this.projectsFor(file).flatMap((project) => {
      const model = project.intended?.model;
      if (!model) return [];
      return tablesInFile(model, file).map((table) => {
        const count = findingsForTable(project.findings, table.schema, table.name).length;
        const title = codeLensTitle(count, project.state, project.actual !== undefined);
        const request: ShowDifferencesRequest = { projectKey: project.key, schema: table.schema, table: table.name };
        // Above the decorators, where a reader looks first.
        const line = classCommentLine(lines, table.span!.start.line);
        return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command: 'schemaLens.showDifferences', arguments: [request] });
      });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

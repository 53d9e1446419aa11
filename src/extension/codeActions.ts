// Quick fixes for Schema Lens diagnostics: the finding's own fixes (a migration to scaffold, or an
// entity edit), one migration for every difference of the entity, and ignore comments.
import * as vscode from 'vscode';
import type { Table } from '../core/model';
import { migrationFromFindings } from '../core/migrations';
import type { Finding, Fix } from '../core/rules';
import { diagnosticSource, type DiagnosticEntry } from './diagnostics';
import type { CreateMigrationRequest } from './migrationWriter';
import { findingsForTable } from './modelLookup';
import type { Project } from './project';
import { classCommentLine, ignoreCommentInsertion } from './suppressionEdit';

export interface CodeActionHost {
  projectsFor(file: string): Project[];
  entries(file: string): DiagnosticEntry[];
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
  return a.range.isEqual(b.range) && a.message === b.message && code(a) === code(b);
}

function migrationAction(title: string, request: CreateMigrationRequest, diagnostics: vscode.Diagnostic[], preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.command = { title, command: 'schemaLens.createMigration', arguments: [request] };
  action.diagnostics = diagnostics;
  action.isPreferred = preferred;
  return action;
}

function sourceEditAction(fix: Extract<Fix, { kind: 'source-edit' }>, document: vscode.TextDocument, diagnostic: vscode.Diagnostic, preferred: boolean, project: Project | undefined): vscode.CodeAction | undefined {
  // The edit alone would leave the migration half safe (NOT VALID, never validated): both or nothing.
  if (fix.migration && !project) return undefined;
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const change of fix.edits) {
    const uri = vscode.Uri.file(change.file);
    // Offsets are into the text the reader last saw: the open buffer for this document.
    const target = change.file === document.uri.fsPath ? document : vscode.workspace.textDocuments.find((d) => d.uri.fsPath === change.file);
    if (!target) continue;
    edit.replace(uri, new vscode.Range(target.positionAt(change.startOffset), target.positionAt(change.endOffset)), change.newText);
  }
  action.edit = edit;
  // The follow-up migration is written after the edit is applied (VS Code runs the command second).
  if (fix.migration && project) {
    const request: CreateMigrationRequest = { projectKey: project.key, ...fix.migration };
    action.command = { title: fix.title, command: 'schemaLens.createMigration', arguments: [request] };
  }
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  return action;
}

function runPendingAction(migration: string, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const title = `Run Pending Migrations (${migration} changes this table)`;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.command = { title, command: 'schemaLens.migrations.runPending' };
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return action;
}

function ignoreAction(title: string, document: vscode.TextDocument, line: number, code: string, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
  const lines = document.getText().split(/\r?\n/);
  const insertion = ignoreCommentInsertion(lines, line, code);
  if (!insertion.text) return undefined;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, new vscode.Position(insertion.line, insertion.character), insertion.text);
  action.diagnostics = [diagnostic];
  return action;
}

/** "Create migration: add index on …", whatever wording the rule chose for its fix. */
function migrationTitle(fixTitle: string): string {
  return /^create migration/i.test(fixTitle) ? fixTitle : `Create migration: ${fixTitle[0].toLowerCase()}${fixTitle.slice(1)}`;
}

function allDifferencesAction(project: Project, finding: Finding, diagnostics: vscode.Diagnostic[]): vscode.CodeAction | undefined {
  // The same collection "generate migration from differences" uses: first fix of each, deduplicated.
  const collected = migrationFromFindings(findingsForTable(project.findings, finding.schema, finding.table));
  if (collected.titles.length < 2) return undefined;
  const request: CreateMigrationRequest = { projectKey: project.key, name: `sync ${finding.table}`, up: collected.up, down: collected.down, ...(collected.transaction === false ? { transaction: false as const } : {}) };
  return migrationAction(`Create migration for all differences in this entity (${collected.titles.length})`, request, diagnostics, false);
}

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly host: CodeActionHost) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const file = document.uri.fsPath;
    const entries = this.host.entries(file);
    const actions: vscode.CodeAction[] = [];
    const seenTables = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      const entry = entries.find((e) => e.finding && sameDiagnostic(e.diagnostic, diagnostic));
      const finding = entry?.finding;
      if (!finding) continue;
      // A health finding names its project; a drift finding is one of its project's findings.
      const project = this.host.projectsFor(file).find((p) => (entry.projectKey ? p.key === entry.projectKey : p.findings.includes(finding)));
      // The root cause first: a pending migration that changes this table is likely the fix.
      if (entry.cause) actions.push(runPendingAction(entry.cause.name, diagnostic));
      const onlyOne = finding.fixes.length === 1 && !entry.cause;
      // A health recommendation's entity edit writes its migration too: the whole fix, preferred over the migration alone.
      const whole = entry.projectKey ? finding.fixes.find((fix) => fix.kind === 'source-edit' && fix.migration !== undefined) : undefined;
      for (const fix of finding.fixes) {
        if (fix.kind === 'migration') {
          if (project) actions.push(migrationAction(migrationTitle(fix.title), { projectKey: project.key, name: fix.name, up: fix.up, down: fix.down, ...(fix.transaction === false ? { transaction: false as const } : {}) }, [diagnostic], onlyOne));
        } else {
          const action = sourceEditAction(fix, document, diagnostic, onlyOne || fix === whole, project);
          if (action) actions.push(action);
        }
      }
      const tableKey = `${finding.schema}.${finding.table}`;
      if (project && !entry.projectKey && !seenTables.has(tableKey)) {
        seenTables.add(tableKey);
        const all = allDifferencesAction(project, finding, [diagnostic]);
        if (all) actions.push(all);
      }
      const line = ignoreAction(`Ignore ${finding.code} on this line`, document, diagnostic.range.start.line, finding.code, diagnostic);
      if (line) actions.push(line);
      const table = project?.intended?.model.tables.find((t: Table) => t.schema === finding.schema && t.name === finding.table);
      if (table?.span && table.span.file === file) {
        const classLine = classCommentLine(document.getText().split(/\r?\n/), table.span.start.line);
        if (classLine !== diagnostic.range.start.line) {
          const forClass = ignoreAction(`Ignore ${finding.code} for this class`, document, classLine, finding.code, diagnostic);
          if (forClass) actions.push(forClass);
        }
      }
    }
    return actions;
  }
}

// Findings -> VS Code diagnostics. Each diagnostic carries its finding code linked to the docs
// page, the finding's severity and related locations. Files whose diagnostics did not change
// are not re-published, so a keystroke in one entity of a large project touches one file.
import * as vscode from 'vscode';
import { diagnosticMessage } from './findingText';
import { type PendingMigration, pendingCause, type ReadProblem } from '../core/model';
import type { Finding } from '../core/rules';
import { relatedLocations } from './modelLookup';
import type { Project } from './project';
import { firstLineOf } from './ranges';
import { spanToLocation, spanToRange, toRange, toSeverity } from './vscodeTypes';

export const diagnosticSource = 'Schema Lens';

export interface DiagnosticEntry {
  diagnostic: vscode.Diagnostic;
  finding?: Finding;
  /** The pending migration that changes the finding's table: its likely cause (run it first). */
  cause?: PendingMigration;
  /** A health finding's project (health findings are not among the project's own findings). */
  projectKey?: string;
}

function openDocument(file: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
}

export function findingRange(finding: Finding): vscode.Range {
  const span = finding.span!;
  // A class-level finding would underline the whole class: show it on the class's first line.
  if (finding.column === undefined && span.end.line > span.start.line) {
    const document = openDocument(span.file);
    if (document) return toRange(firstLineOf(span, (line) => document.lineAt(line).text.length));
  }
  return spanToRange(span);
}

/** Where the rule pages ship inside the extension (docs/rules/SLxxx.md). */
export function rulesDocsRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
}

/** Any finding's diagnostic: its severity, our source, and its code linked to the rule's page. */
export function codeDiagnostic(finding: Finding, range: vscode.Range, docsRoot: vscode.Uri, cause?: PendingMigration, staleSince?: string): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, diagnosticMessage(finding, cause, staleSince), toSeverity(finding.severity));
  diagnostic.source = diagnosticSource;
  diagnostic.code = { value: finding.code, target: vscode.Uri.joinPath(docsRoot, `${finding.code}.md`) };
  return diagnostic;
}

function findingDiagnostic(finding: Finding, docsRoot: vscode.Uri, project: Project, cause: PendingMigration | undefined): vscode.Diagnostic {
  const staleSince = project.state.kind === 'error' ? project.state.staleSince : undefined;
  const diagnostic = codeDiagnostic(finding, finding.span ? findingRange(finding) : new vscode.Range(0, 0, 0, 0), docsRoot, cause, staleSince);
  const related = relatedLocations(finding, project.intended?.model, project.migrations);
  if (cause?.file) related.unshift({ message: `pending migration ${cause.name}`, span: { file: cause.file, start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, startOffset: 0, endOffset: 0 } });
  if (related.length) diagnostic.relatedInformation = related.map((r) => new vscode.DiagnosticRelatedInformation(spanToLocation(r.span), r.message));
  return diagnostic;
}

function problemDiagnostic(problem: ReadProblem): vscode.Diagnostic {
  const range = problem.span ? spanToRange(problem.span) : new vscode.Range(0, 0, 0, 0);
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = diagnosticSource;
  return diagnostic;
}

/** The diagnostics of one project, by file. */
export function projectDiagnostics(project: Project, docsRoot: vscode.Uri): Map<string, DiagnosticEntry[]> {
  const byFile = new Map<string, DiagnosticEntry[]>();
  const add = (file: string, entry: DiagnosticEntry) => {
    const list = byFile.get(file);
    if (list) list.push(entry);
    else byFile.set(file, [entry]);
  };
  for (const finding of project.findings) {
    const file = finding.span?.file ?? finding.file;
    const cause = pendingCause(finding, project.pendingMigrations);
    if (file) add(file, { diagnostic: findingDiagnostic(finding, docsRoot, project, cause), finding, ...(cause ? { cause } : {}) });
  }
  for (const problem of project.intended?.problems ?? []) {
    const file = problem.span?.file ?? problem.file;
    if (file) add(file, { diagnostic: problemDiagnostic(problem) });
  }
  return byFile;
}

function signature(entries: readonly DiagnosticEntry[]): string {
  return entries.map(({ diagnostic: d }) => {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    return `${code}|${d.severity}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${d.message}|${d.relatedInformation?.length ?? 0}`;
  }).join('\n');
}

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  private readonly byProject = new Map<string, Map<string, DiagnosticEntry[]>>();
  private readonly published = new Map<string, string>();

  /** One publisher per collection: the drift diagnostics' ('schemaLens') and the health ones' never overwrite each other. */
  constructor(name: string) {
    this.collection = vscode.languages.createDiagnosticCollection(name);
  }

  publish(projectKey: string, byFile: Map<string, DiagnosticEntry[]>): void {
    const previous = this.byProject.get(projectKey);
    this.byProject.set(projectKey, byFile);
    const files = new Set([...byFile.keys(), ...(previous?.keys() ?? [])]);
    for (const file of files) this.publishFile(file);
  }

  remove(projectKey: string): void {
    const previous = this.byProject.get(projectKey);
    this.byProject.delete(projectKey);
    for (const file of previous?.keys() ?? []) this.publishFile(file);
  }

  /** The diagnostics of a file with the finding behind each, for code actions. */
  entries(file: string): DiagnosticEntry[] {
    return [...this.byProject.values()].flatMap((byFile) => byFile.get(file) ?? []);
  }

  private publishFile(file: string): void {
    const entries = this.entries(file);
    const key = signature(entries);
    if (this.published.get(file) === key) return;
    this.published.set(file, key);
    this.collection.set(vscode.Uri.file(file), entries.map((e) => e.diagnostic));
  }

  dispose(): void {
    this.collection.dispose();
  }
}

// Health findings -> diagnostics on the entities, in a collection of their own ("schemaLens.health"),
// so a health read never replaces the drift diagnostics of typing and typing never clears the
// health ones. Only findings an entity maps (with a span) become diagnostics; the rest (a table no
// entity maps, the server's cache or connections) stay in the Health view. Their quick fixes come
// from the same provider as the drift fixes (codeActions.ts), which finds the project by projectKey.
import type * as vscode from 'vscode';
import type { Finding } from '../../core/rules/index';
import { codeDiagnostic, type DiagnosticEntry, findingRange } from '../diagnostics';
import { onEntities } from './summary';

/** The diagnostics of one project's health findings, by file. */
export function healthDiagnostics(projectKey: string, findings: readonly Finding[], docsRoot: vscode.Uri): Map<string, DiagnosticEntry[]> {
  const byFile = new Map<string, DiagnosticEntry[]>();
  for (const [file, onFile] of onEntities(findings)) {
    byFile.set(file, onFile.map((finding) => ({ diagnostic: codeDiagnostic(finding, findingRange(finding), docsRoot), finding, projectKey })));
  }
  return byFile;
}

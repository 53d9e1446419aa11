// Health findings -> diagnostics on the entities, in a collection of their own ("schemaLens.health"),
// so a health read never replaces the drift diagnostics of typing and typing never clears the
// health ones. Only findings an entity maps (with a span) become diagnostics; the rest (a table no
// entity maps, the server's cache or connections) stay in the Health view. The schema rules health
// reuses (no primary key, invalid, redundant, unused indexes, unindexed foreign keys) are the
// analysis's own diagnostics already, kept current on every database read: shown twice they would
// also outlive the fix that clears the analysis's one until the next health read. Their quick fixes come
// from the same provider as the drift fixes (codeActions.ts), which finds the project by projectKey.
import type * as vscode from 'vscode';
import { type Finding, healthFactRules } from '../../core/rules/index';
import { codeDiagnostic, type DiagnosticEntry, findingRange } from '../diagnostics';
import { onEntities } from './summary';

/** The diagnostics of one project's health findings, by file. */
export function healthDiagnostics(projectKey: string, findings: readonly Finding[], docsRoot: vscode.Uri): Map<string, DiagnosticEntry[]> {
  const byFile = new Map<string, DiagnosticEntry[]>();
  const ownCodes = new Set(healthFactRules.map((rule) => rule.info.code));
  for (const [file, onFile] of onEntities(findings.filter((finding) => ownCodes.has(finding.code)))) {
    byFile.set(file, onFile.map((finding) => ({ diagnostic: codeDiagnostic(finding, findingRange(finding), docsRoot), finding, projectKey })));
  }
  return byFile;
}

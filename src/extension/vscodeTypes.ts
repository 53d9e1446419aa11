// The one place the core's positions become vscode types.
import * as vscode from 'vscode';
import type { SourceSpan } from '../core/model';
import type { Severity } from '../core/rules';
import { spanToPlainRange, type PlainRange } from './ranges';

export function toRange(range: PlainRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function spanToRange(span: SourceSpan): vscode.Range {
  return toRange(spanToPlainRange(span));
}

export function spanToLocation(span: SourceSpan): vscode.Location {
  return new vscode.Location(vscode.Uri.file(span.file), spanToRange(span));
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    case 'info': return vscode.DiagnosticSeverity.Information;
  }
}

// Where a finding is, as front ends print it: the file relative to the project root and 1-based
// line and column.
import { isAbsolute, relative, sep } from 'node:path';
import type { ReadProblem } from '../model/schema';
import type { Finding } from '../rules/finding';

export interface PrintedLocation {
  /** Relative to the root, with forward slashes. */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export function relativePath(root: string, file: string): string {
  const path = isAbsolute(file) ? relative(root, file) : file;
  return path.split(sep).join('/');
}

export function printedLocation(finding: Finding, root: string): PrintedLocation {
  const span = finding.span;
  if (span) {
    return {
      file: relativePath(root, span.file),
      line: span.start.line + 1,
      column: span.start.character + 1,
      endLine: span.end.line + 1,
      endColumn: span.end.character + 1,
    };
  }
  return finding.file ? { file: relativePath(root, finding.file) } : {};
}

/** A read problem as reports print it: severity, message, and where when it is known. */
export interface PrintedProblem extends Pick<PrintedLocation, 'file' | 'line' | 'column'> {
  severity: ReadProblem['severity'];
  message: string;
}

export function printedProblem(problem: ReadProblem, root: string): PrintedProblem {
  const file = problem.span?.file ?? problem.file;
  return {
    severity: problem.severity,
    message: problem.message,
    ...(file ? { file: relativePath(root, file) } : {}),
    ...(problem.span ? { line: problem.span.start.line + 1, column: problem.span.start.character + 1 } : {}),
  };
}

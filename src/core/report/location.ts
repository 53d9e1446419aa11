// Where a finding is, as front ends print it: the file relative to the project root and 1-based
// line and column.
import { isAbsolute, relative, sep } from 'node:path';
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

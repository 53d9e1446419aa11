// Source spans from the core -> plain ranges. Pure, so the conversion is unit-tested; the vscode
// types are built from these in one place (editorTypes.ts).
import type { SourceSpan } from '../core/model';

export interface PlainRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export function spanToPlainRange(span: SourceSpan): PlainRange {
  // An inverted or empty span would be invisible; show at least one character at its start.
  const start = span.start;
  const endsBefore = span.end.line < start.line || (span.end.line === start.line && span.end.character <= start.character);
  const end = endsBefore ? { line: start.line, character: start.character + 1 } : span.end;
  return { start: { ...start }, end: { ...end } };
}

export function spanContainsOffset(span: SourceSpan, offset: number): boolean {
  return span.startOffset <= offset && offset <= span.endOffset;
}

/** The first line of a span: where a finding reported on a whole class should be underlined. */
export function firstLineOf(span: SourceSpan, lineLength: (line: number) => number): PlainRange {
  if (span.end.line === span.start.line) return spanToPlainRange(span);
  return { start: { ...span.start }, end: { line: span.start.line, character: Math.max(span.start.character + 1, lineLength(span.start.line)) } };
}

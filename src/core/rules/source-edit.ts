// Source edits for fixes that change an entity file: add a decorator above a property, with the
// decorator's import from 'typeorm' added or extended. Works on the text the caller has (unsaved
// buffer or disk), by offsets, so an editor can apply it as one workspace edit.
import type { SourceEdit } from './finding';

const TYPEORM_IMPORT = /import\s*\{([^}]*)\}\s*from\s*(['"])typeorm\2\s*;?/;

/** The edit that makes `name` importable from 'typeorm' in `text`, or none when it already is. */
export function importEdit(file: string, text: string, name: string): SourceEdit | undefined {
  const match = TYPEORM_IMPORT.exec(text);
  if (!match) {
    const quote = /from\s+"/.test(text) && !/from\s+'/.test(text) ? '"' : "'";
    const semicolon = /from\s+['"][^'"]+['"]\s*;/.test(text) || !/from\s+['"]/.test(text) ? ';' : '';
    return { file, startOffset: 0, endOffset: 0, newText: `import { ${name} } from ${quote}typeorm${quote}${semicolon}\n` };
  }
  const names = match[1]!.split(',').map((part) => part.trim()).filter(Boolean);
  if (names.some((part) => part === name || part.endsWith(` as ${name}`))) return undefined;
  // Insert after the last named import, keeping the author's spacing and trailing comma.
  const braceStart = match.index + match[0].indexOf('{') + 1;
  const inner = match[1]!;
  const lastName = inner.trimEnd().replace(/,$/, '');
  const insertAt = braceStart + lastName.length;
  return { file, startOffset: insertAt, endOffset: insertAt, newText: names.length ? `, ${name}` : ` ${name} ` };
}

/**
 * Edits that add `decorator` (e.g. `@Index()`) on its own line above the line containing
 * `offset` (a property or its first decorator), at that line's indentation, plus the import.
 */
export function addDecoratorEdits(file: string, text: string, offset: number, decorator: string, importName: string): SourceEdit[] {
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const edits: SourceEdit[] = [];
  const importChange = importEdit(file, text, importName);
  if (importChange) edits.push(importChange);
  edits.push({ file, startOffset: lineStart, endOffset: lineStart, newText: `${indent}${decorator}\n` });
  return edits;
}

/**
 * `text` with `edits` applied (all made against that same text). Identical edits count once, so two
 * fixes that both add `Index` to the typeorm import add it once; an edit that overlaps one already
 * taken is dropped rather than corrupting the file.
 */
export function applySourceEdits(text: string, edits: readonly SourceEdit[]): string {
  const unique = uniqueEdits(edits);
  // From the end backwards, so earlier offsets stay valid; at one offset, in the order given.
  const ordered = unique.map((edit, order) => ({ edit, order })).sort((a, b) => b.edit.startOffset - a.edit.startOffset || b.order - a.order);
  let result = text;
  let limit = Infinity;
  for (const { edit } of ordered) {
    if (edit.endOffset > limit) continue;
    result = result.slice(0, edit.startOffset) + edit.newText + result.slice(edit.endOffset);
    limit = edit.startOffset;
  }
  return result;
}

/** The edits with identical ones (same file, place and text: two fixes adding one import) once. */
export function uniqueEdits(edits: readonly SourceEdit[]): SourceEdit[] {
  return [...new Map(edits.map((edit) => [JSON.stringify([edit.file, edit.startOffset, edit.endOffset, edit.newText]), edit])).values()];
}

// "Ignore SLxxx on this line / for this class": the comment the entity reader understands
// (`// schema-lens-ignore SL301`), inserted on its own line above, with the line's indentation.
// Pure: computes the insertion from the document's text.

export interface Insertion {
  line: number;
  character: number;
  text: string;
}

function indentationOf(lineText: string): string {
  return /^\s*/.exec(lineText)?.[0] ?? '';
}

/**
 * Insert (or extend) an ignore comment just above `line`. When the line above already is an
 * ignore comment, the code is appended to it instead of stacking a second comment.
 */
export function ignoreCommentInsertion(lines: readonly string[], line: number, code: string): Insertion {
  const above = line > 0 ? lines[line - 1] : undefined;
  const existing = above !== undefined ? /^(\s*\/\/\s*schema-lens-ignore\b)(.*)$/.exec(above) : null;
  if (existing && above !== undefined) {
    return { line: line - 1, character: above.trimEnd().length, text: existing[2].split(/\s+/).includes(code) ? '' : ` ${code}` };
  }
  return { line, character: 0, text: `${indentationOf(lines[line] ?? '')}// schema-lens-ignore ${code}\n` };
}

/**
 * The line a class-wide ignore comment goes above: the class's first decorator. The span may
 * start at `export class`, so walk up over decorator lines (`@Entity(...)`, `@Index([...])`).
 */
export function classCommentLine(lines: readonly string[], classSpanStartLine: number): number {
  let line = classSpanStartLine;
  while (line > 0 && /^\s*@/.test(lines[line - 1])) line--;
  return line;
}

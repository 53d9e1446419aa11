// Hover on an entity property or class: the column or table as the database has it.
import * as vscode from 'vscode';
import { migrationFixPreview } from './findingText';
import { renderHover } from './hoverText';
import { findingsForTable, findTable, objectAt, type ObjectAtCursor } from './modelLookup';
import type { Project } from './project';
import type { ConnectionState } from './statusModel';

function reasonFor(state: ConnectionState): string | undefined {
  switch (state.kind) {
    case 'error': return `database error: ${state.message}`;
    case 'disconnected': return 'not connected';
    case 'restricted': return 'restricted mode';
    case 'starting': return 'still reading';
    default: return undefined;
  }
}

/**
 * Spans cover a property's decorator, not its name: on the `author!: User;` line, look at the
 * decorators above it (up to a few lines, stopping at a blank line or another property).
 */
function memberAt(document: vscode.TextDocument, position: vscode.Position, lookup: (offset: number) => ObjectAtCursor | undefined): ObjectAtCursor | undefined {
  const direct = lookup(document.offsetAt(position));
  if (direct?.column || direct?.foreignKey) return direct;
  for (let line = position.line - 1; line >= Math.max(0, position.line - 8); line--) {
    const text = document.lineAt(line);
    if (text.isEmptyOrWhitespace || /[;}]\s*$/.test(text.text)) break;
    const above = lookup(document.offsetAt(new vscode.Position(line, text.firstNonWhitespaceCharacterIndex)));
    if (above?.column || above?.foreignKey) return above;
  }
  return direct;
}

export class EntityHoverProvider implements vscode.HoverProvider {
  constructor(private readonly projectsFor: (file: string) => Project[]) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const file = document.uri.fsPath;
    for (const project of this.projectsFor(file)) {
      const model = project.intended?.model;
      if (!model) continue;
      const target = memberAt(document, position, (offset) => objectAt(model, file, offset));
      if (!target) continue;
      // Inside a class but not on a column: only the class header (decorators, name) hovers the table.
      if (!target.column && !target.foreignKey) {
        const word = document.getText(document.getWordRangeAtPosition(position));
        if (word !== target.table.entity?.className && word !== 'Entity') continue;
      }
      const actual = project.actual ? findTable(project.actual.model, target.table.schema, target.table.name) : undefined;
      const markdown = renderHover(target, actual, project.actual?.source ?? 'none', reasonFor(project.state));
      // The SQL the quick fixes of the findings on this member (or, on the class, on the table) would run.
      const column = target.column?.name ?? target.foreignKey?.columns[0];
      const preview = migrationFixPreview(findingsForTable(project.findings, target.table.schema, target.table.name).filter((finding) => finding.column === column));
      return new vscode.Hover(new vscode.MarkdownString(preview ? `${markdown}\n\n---\n\n${preview}` : markdown));
    }
    return undefined;
  }
}

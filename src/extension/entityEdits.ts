// Applies the entity edits that go with a generated migration (e.g. `@Index()` beside its CREATE
// INDEX) as one workspace edit, which the user sees in the editor and can undo. Their offsets were
// computed on the files as saved: a file with unsaved changes is left alone and reported.
import * as vscode from 'vscode';
import type { CollectedMigration } from '../core/migrations';
import { uniqueEdits } from '../core/rules';

export interface AppliedEntityEdits {
  edited: vscode.Uri[];
  /** Files left alone because their buffers differ from what is saved. */
  skipped: string[];
}

export async function applyEntityEdits(entityEdits: CollectedMigration['entityEdits']): Promise<AppliedEntityEdits> {
  const edit = new vscode.WorkspaceEdit();
  const documents = new Map<string, vscode.TextDocument | undefined>();
  for (const change of uniqueEdits(entityEdits.flatMap((fix) => fix.edits))) {
    if (!documents.has(change.file)) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(change.file));
      documents.set(change.file, document.isDirty ? undefined : document);
    }
    const document = documents.get(change.file);
    if (!document) continue;
    edit.replace(document.uri, new vscode.Range(document.positionAt(change.startOffset), document.positionAt(change.endOffset)), change.newText);
  }
  const edited = [...documents.values()].filter((document): document is vscode.TextDocument => document !== undefined);
  if (edited.length > 0 && (await vscode.workspace.applyEdit(edit))) {
    // Saved, so the next check and the migration on disk agree.
    await Promise.all(edited.map((document) => document.save()));
  }
  return { edited: edited.map((document) => document.uri), skipped: [...documents].filter(([, document]) => !document).map(([file]) => file) };
}

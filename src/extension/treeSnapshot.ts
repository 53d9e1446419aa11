// A tree item as a view shows it, as plain data: what the views' test-only snapshots return, so an
// e2e test reads the sidebar's words and icons without a DOM.
import * as vscode from 'vscode';

export interface ShownItem {
  label: string;
  description?: string;
  /** The codicon id. */
  icon?: string;
  contextValue?: string;
}

export function shownItem(item: vscode.TreeItem): ShownItem {
  return {
    label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
    description: typeof item.description === 'string' ? item.description : undefined,
    icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
    contextValue: item.contextValue,
  };
}

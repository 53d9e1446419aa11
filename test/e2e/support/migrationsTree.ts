// The Migrations tree as the view shows it, read through the extension's test-only snapshot
// command: rows of `label | description | icon`, newest first.
import * as vscode from 'vscode';
import { waitFor } from './index';

interface SnapshotItem {
  label: string;
  description?: string;
  icon?: string;
  contextValue?: string;
  node: unknown;
  children: SnapshotItem[];
}

export async function migrationItems(): Promise<SnapshotItem[]> {
  const roots = (await vscode.commands.executeCommand<SnapshotItem[]>('schemaLens.migrations.treeSnapshot')) ?? [];
  return roots[0]?.children.filter((item) => item.contextValue?.startsWith('migration.')) ?? [];
}

function shown(items: SnapshotItem[]): string[] {
  return items.map((item) => `${item.label} | ${item.description} | ${item.icon}`);
}

/** Waits until the tree shows exactly these rows (label | description | icon), newest first. */
export async function treeShows(expected: string[]): Promise<SnapshotItem[]> {
  let last: string[] = [];
  return waitFor(
    () => `the Migrations tree to show ${JSON.stringify(expected)}; it shows ${JSON.stringify(last)}`,
    async () => {
      const items = await migrationItems();
      last = shown(items);
      return JSON.stringify(last) === JSON.stringify(expected) ? items : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}

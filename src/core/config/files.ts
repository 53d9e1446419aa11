// Globs relative to a project root -> absolute file paths, the same way for every caller; and a
// project file's text, when there is one.
import { readFileSync } from 'node:fs';
import fg from 'fast-glob';

/** The file's text, or undefined when it cannot be read (gone, a directory, no permission). */
export function readFileOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Absolute, sorted, de-duplicated; node_modules is never searched. */
export async function findFiles(root: string, globs: string[]): Promise<string[]> {
  if (globs.length === 0) return [];
  const files = await fg(globs, {
    cwd: root,
    absolute: true,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ['**/node_modules/**'],
  });
  return [...new Set(files)].sort();
}

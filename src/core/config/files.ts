// Globs relative to a project root -> absolute file paths, the same way for every caller.
import fg from 'fast-glob';

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

// Entity and migration locations as a DataSource writes them (compiled-output globs, __dirname
// paths, class references) -> globs over the project's TypeScript sources, relative to the root.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import type { ProjectLayout } from '../workspace';

/**
 * `dist/**\/*.entity.js` -> `src/**\/*.entity.ts`, absolute -> relative, `{.ts,.js}` -> `.ts`.
 * A relative glob is taken from `base`, the folder TypeORM would run in (the package the
 * DataSource file belongs to: its working directory), and `layout` is that package's tsconfig.
 * The result is relative to `root`.
 */
export function sourceGlob(glob: string, root: string, layout: ProjectLayout, base = root): string {
  const absolute = isAbsolute(glob) ? resolve(glob) : resolve(base, toPosix(glob).replace(/^\.\//, ''));
  const fromBase = compiledToSource(toPosix(relative(base, absolute)), base, layout);
  return toPosix(relative(root, resolve(base, fromBase)))
    .replace(/\{\.(?:ts|js)(?:,\.(?:ts|js))+\}$/, '.ts')
    .replace(/\.\{(?:ts|js)(?:,(?:ts|js))+\}$/, '.ts')
    .replace(/\.js$/, '.ts');
}

/** The glob that matches exactly one file (a class's file), special characters escaped. */
export function fileGlob(file: string, root: string): string {
  return fg.escapePath(toPosix(relative(root, file)));
}

/**
 * The folder a DataSource file's relative globs are read from: the nearest folder with a
 * package.json at or above the file, not above the root (in a monorepo, the package).
 */
export function packageFolder(file: string | undefined, root: string): string {
  if (!file) return root;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const inside = relative(root, dir);
    if (inside.startsWith('..') || isAbsolute(inside)) return root;
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dir === root || dirname(dir) === dir) return root;
  }
}

/**
 * A glob into the build output maps back to the sources it was compiled from: the tsconfig's
 * rootDir, `src`, or the package itself, whichever has the folder the glob starts in (the first
 * when none has it).
 */
function compiledToSource(glob: string, base: string, layout: ProjectLayout): string {
  const outputs = new Set<string>();
  if (layout.outDir) outputs.add(toPosix(relative(base, layout.outDir)));
  for (const output of ['dist', 'build', 'out']) outputs.add(output);
  for (const output of outputs) {
    if (!output || output.startsWith('..') || isAbsolute(output)) continue;
    if (glob !== output && !glob.startsWith(`${output}/`)) continue;
    const rest = glob.slice(output.length + 1);
    const sources: string[] = [];
    if (layout.rootDir) {
      const rootDir = toPosix(relative(base, layout.rootDir));
      if (!rootDir.startsWith('..')) sources.push(rootDir);
    }
    if (existsSync(join(base, 'src'))) sources.push('src');
    sources.push('');
    const candidates = [...new Set(sources)].map((source) => (source ? `${source}/${rest}` : rest));
    // The candidate most of whose fixed folders exist (the folder itself may not exist yet).
    let best = candidates[0]!;
    let bestScore = -1;
    for (const candidate of candidates) {
      const folders = staticPrefix(candidate).split('/').filter(Boolean);
      let score = 0;
      while (score < folders.length && isDirectory(join(base, ...folders.slice(0, score + 1)))) score++;
      const complete = folders.length > 0 && score === folders.length ? 1000 : 0;
      if (complete + score > bestScore) {
        best = candidate;
        bestScore = complete + score;
      }
    }
    return best;
  }
  return glob;
}

/** The folders of a glob before its first pattern character. */
function staticPrefix(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?[\]{}()!]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

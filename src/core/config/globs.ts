// Entity and migration locations as a DataSource writes them (compiled-output globs, __dirname
// paths, class references) -> globs over the project's TypeScript sources, relative to the root.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import type { ProjectLayout } from '../workspace';

/** `dist/**\/*.entity.js` -> `src/**\/*.entity.ts`, absolute -> relative, `{.ts,.js}` -> `.ts`. */
export function sourceGlob(glob: string, root: string, layout: ProjectLayout): string {
  let relativeGlob = isAbsolute(glob) ? toPosix(relative(root, resolve(glob))) : toPosix(glob).replace(/^\.\//, '');
  relativeGlob = compiledToSource(relativeGlob, root, layout);
  return relativeGlob
    .replace(/\{\.(?:ts|js)(?:,\.(?:ts|js))+\}$/, '.ts')
    .replace(/\.\{(?:ts|js)(?:,(?:ts|js))+\}$/, '.ts')
    .replace(/\.js$/, '.ts');
}

/** The glob that matches exactly one file (a class's file), special characters escaped. */
export function fileGlob(file: string, root: string): string {
  return fg.escapePath(toPosix(relative(root, file)));
}

/** A glob into the build output maps back to the sources it was compiled from. */
function compiledToSource(glob: string, root: string, layout: ProjectLayout): string {
  const pairs: [string, string][] = [];
  if (layout.outDir) pairs.push([toPosix(relative(root, layout.outDir)), layout.rootDir ? toPosix(relative(root, layout.rootDir)) || '.' : guessSourceDir(root)]);
  for (const output of ['dist', 'build', 'out']) pairs.push([output, guessSourceDir(root)]);
  for (const [output, source] of pairs) {
    // Only where the mapping is obvious: a known output folder and a known source folder.
    if (!output || output.startsWith('..') || !source) continue;
    if (glob === output || glob.startsWith(`${output}/`)) {
      const rest = glob.slice(output.length + 1);
      return source === '.' ? rest : `${source}/${rest}`;
    }
  }
  return glob;
}

function guessSourceDir(root: string): string {
  return existsSync(join(root, 'src')) ? 'src' : '';
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

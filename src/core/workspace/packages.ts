// The packages of a workspace: where its root is (package.json `workspaces` as an array or as
// { packages }, pnpm-workspace.yaml, lerna.json), which package folders its patterns name, and what
// a package's `exports` map says a subpath is.
import * as path from 'node:path';
import fg from 'fast-glob';
import type { FileCache } from './files';

export interface PackageInfo {
  name: string;
  /** Absolute folder holding its package.json. */
  dir: string;
  json: Record<string, unknown>;
}

export interface WorkspaceLayout {
  /** Absolute folder of the workspace root (the project's own folder when it is no workspace). */
  root: string;
  /** What declared the packages: 'package.json', 'pnpm-workspace.yaml', 'lerna.json', or 'none'. */
  declaredBy: 'package.json' | 'pnpm-workspace.yaml' | 'lerna.json' | 'none';
  /** The workspace patterns as written (negations start with '!'). */
  patterns: string[];
  /** By package name: every workspace package, and the root's and the project's own package. */
  packages: Map<string, PackageInfo>;
}

/** The workspace patterns a folder declares, and in which file; undefined when it declares none. */
export function workspacePatterns(dir: string, files: FileCache): { patterns: string[]; declaredBy: WorkspaceLayout['declaredBy'] } | undefined {
  const pnpm = files.text(path.join(dir, 'pnpm-workspace.yaml')) ?? files.text(path.join(dir, 'pnpm-workspace.yml'));
  if (pnpm !== undefined) return { patterns: parsePnpmWorkspace(pnpm), declaredBy: 'pnpm-workspace.yaml' };
  const json = files.json(path.join(dir, 'package.json'));
  const workspaces = json?.workspaces;
  const list = Array.isArray(workspaces) ? workspaces : workspaces && typeof workspaces === 'object' ? (workspaces as { packages?: unknown }).packages : undefined;
  if (Array.isArray(list)) return { patterns: list.filter((p): p is string => typeof p === 'string'), declaredBy: 'package.json' };
  const lerna = files.json(path.join(dir, 'lerna.json'));
  if (lerna) {
    const packages = Array.isArray(lerna.packages) ? lerna.packages.filter((p): p is string => typeof p === 'string') : ['packages/*'];
    return { patterns: packages, declaredBy: 'lerna.json' };
  }
  return undefined;
}

/**
 * The `packages:` list of a pnpm-workspace.yaml (block or flow style, quoted or not, comments
 * allowed); the rest of the file (catalogs, settings) is not read.
 */
export function parsePnpmWorkspace(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const result: string[] = [];
  const unquote = (value: string): string => value.trim().replace(/^(['"])(.*)\1$/, '$2');
  for (let i = 0; i < lines.length; i++) {
    const match = /^packages\s*:\s*(.*)$/.exec(lines[i]!);
    if (!match) continue;
    const rest = stripComment(match[1]!).trim();
    if (rest.startsWith('[')) {
      return rest
        .replace(/^\[|\]$/g, '')
        .split(',')
        .map(unquote)
        .filter(Boolean);
    }
    for (let j = i + 1; j < lines.length; j++) {
      const line = stripComment(lines[j]!);
      if (line.trim() === '') continue;
      if (!/^\s/.test(line)) break;
      const item = /^\s*-\s*(.+)$/.exec(line);
      if (item) result.push(unquote(item[1]!));
    }
    return result.filter(Boolean);
  }
  return result;
}

function stripComment(line: string): string {
  // A '#' starts a comment unless it is inside quotes (patterns rarely hold one).
  const match = /^((?:[^#'"]|'[^']*'|"[^"]*")*)#/.exec(line);
  return match ? match[1]! : line;
}

/** The nearest folder at or above `start` that declares workspace packages, with its patterns. */
export function findWorkspaceRoot(start: string, files: FileCache): { root: string; patterns: string[]; declaredBy: WorkspaceLayout['declaredBy'] } | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const declared = workspacePatterns(dir, files);
    if (declared) return { root: dir, ...declared };
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The workspace a project folder belongs to: the nearest folder at or above it that declares
 * workspace packages, with its packages (and the project's own package). Without one, the project
 * alone (its own package).
 */
export function readWorkspace(projectRoot: string, files: FileCache): WorkspaceLayout {
  const declared = findWorkspaceRoot(projectRoot, files);
  const packages = new Map<string, PackageInfo>();
  const add = (dir: string): void => {
    const json = files.json(path.join(dir, 'package.json'));
    if (json && typeof json.name === 'string' && json.name !== '' && !packages.has(json.name)) packages.set(json.name, { name: json.name, dir, json });
  };
  if (declared) {
    for (const dir of packageDirs(declared.root, declared.patterns)) add(dir);
    add(declared.root);
  }
  const own = nearestPackageDir(projectRoot, files);
  if (own) add(own);
  return { root: declared?.root ?? own ?? projectRoot, declaredBy: declared?.declaredBy ?? 'none', patterns: declared?.patterns ?? [], packages };
}

/** Folders (absolute, shallowest first) with a package.json that the workspace patterns name. */
export function packageDirs(root: string, patterns: string[]): string[] {
  const positive = patterns.filter((p) => !p.startsWith('!')).map((p) => `${trimPattern(p)}/package.json`.replace(/^\/+/, ''));
  const negative = patterns.filter((p) => p.startsWith('!')).flatMap((p) => [trimPattern(p.slice(1)), `${trimPattern(p.slice(1))}/**`]);
  if (positive.length === 0) return [];
  const found = fg.sync(positive, { cwd: root, ignore: ['**/node_modules/**', ...negative.map((p) => `${p}/package.json`)], onlyFiles: true, absolute: true, suppressErrors: true, followSymbolicLinks: false });
  return found
    .map((file) => path.dirname(path.normalize(file)))
    .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || (a < b ? -1 : a > b ? 1 : 0));
}

function trimPattern(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** The nearest folder at or above `dir` with a package.json. */
export function nearestPackageDir(dir: string, files: FileCache): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (files.isFile(path.join(current, 'package.json'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** Where package.json declares dependencies. */
export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** node_modules/<name>, the nearest at or above `dir` (as Node looks a package up), as a package; undefined when none is installed. */
export function installedPackage(name: string, dir: string, files: FileCache): PackageInfo | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', name);
    if (files.isDirectory(candidate)) return { name, dir: candidate, json: files.json(path.join(candidate, 'package.json')) ?? {} };
    if (path.dirname(current) === current) return undefined;
  }
}

/** '@scope/name/sub/path' -> { name: '@scope/name', subpath: 'sub/path' }; undefined when it is no package name. */
export function splitPackageSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return { name: parts.slice(0, count).join('/'), subpath: parts.slice(count).join('/') };
}

/** The conditions a static reader may follow, in no particular order: the map's own order decides. */
export const EXPORT_CONDITIONS: ReadonlySet<string> = new Set(['source', 'typescript', 'development', 'types', 'typings', 'import', 'module', 'require', 'node', 'default']);

/**
 * What an `exports` field maps a subpath ('.', './utils', './lib/x.js') to: the targets
 * ('./dist/utils.js', ...) in the order they are to be tried, conditions in the map's order.
 * Exact keys win over patterns ('./*', './lib/*.js'); of the patterns, the longest prefix wins;
 * a key ending in '/' maps a whole folder (the older form). Empty when the subpath is not exported.
 */
export function exportsTargets(exportsField: unknown, subpath: string, conditions: ReadonlySet<string> = EXPORT_CONDITIONS): string[] {
  if (exportsField === null || exportsField === undefined) return [];
  const map: Record<string, unknown> =
    typeof exportsField === 'string' || Array.isArray(exportsField) || (typeof exportsField === 'object' && !Object.keys(exportsField).some((key) => key.startsWith('.')))
      ? { '.': exportsField }
      : (exportsField as Record<string, unknown>);
  if (Object.prototype.hasOwnProperty.call(map, subpath) && !subpath.includes('*')) return targetsOf(map[subpath], conditions, undefined);
  let best: { key: string; match: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star >= 0) {
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (subpath.length < key.length - 1 || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
      if (!best || prefix.length > best.key.indexOf('*') || (prefix.length === best.key.indexOf('*') && key.length > best.key.length)) {
        best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
      }
    } else if (key.endsWith('/') && subpath.startsWith(key) && (!best || (!best.key.includes('*') && key.length > best.key.length))) {
      best = { key, match: subpath.slice(key.length) };
    }
  }
  if (!best) return [];
  const folder = !best.key.includes('*');
  return targetsOf(map[best.key], conditions, best.match).map((target) => (folder ? target + best.match : target));
}

function targetsOf(value: unknown, conditions: ReadonlySet<string>, match: string | undefined, depth = 0): string[] {
  if (depth > 8) return [];
  if (typeof value === 'string') return [match === undefined || value.endsWith('/') ? value : value.split('*').join(match)];
  if (Array.isArray(value)) return value.flatMap((item) => targetsOf(item, conditions, match, depth + 1));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([condition, inner]) => (conditions.has(condition) ? targetsOf(inner, conditions, match, depth + 1) : []));
  }
  return [];
}

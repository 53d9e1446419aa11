// Which TypeORM the project runs, without running it: the nearest node_modules/typeorm (what is
// installed is what runs), else the version the lockfile locks for the package that declares
// typeorm (package-lock.json v1-v3, yarn.lock v1 and berry, pnpm-lock.yaml v5-v9, bun.lock), else the
// range that package.json declares. The reader reproduces two mappings: '0.3' (0.2.x and 0.3.x)
// and '1' (1.x).
import * as path from 'node:path';
import { FileCache } from './files';
import { DEPENDENCY_FIELDS, installedPackage, readWorkspace, type WorkspaceLayout } from './packages';
import { typeormPackageOf } from './typeorm-module';

/** The TypeORM mapping the reader reproduces. */
export type TypeormSemantics = '0.3' | '1';

export interface TypeormVersion {
  semantics: TypeormSemantics;
  /** The exact version, when installed or locked ('0.3.20'). */
  version?: string;
  /** The range package.json declares ('^0.3.17'). */
  range?: string;
  /** Where it was read. */
  source: 'given' | 'node_modules' | 'lockfile' | 'package.json' | 'default';
  /** The file it was read from (absolute). */
  file?: string;
  /** One line for people: "TypeORM 0.3.20 (locked in yarn.lock)". */
  description: string;
}

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'] as const;
export type LockfileKind = (typeof LOCKFILES)[number];

/** '0.2.45' / '0.3.x' / '^0.3.17' -> '0.3'; '1.0.0' / '^1.1' -> '1'; undefined when the text names no version ('latest', '*', 'catalog:'). */
export function semanticsOf(versionOrRange: string): TypeormSemantics | undefined {
  const match = /(\d+)(?:\.(\d+|x|\*))?/.exec(versionOrRange.replace(/^npm:typeorm@/, ''));
  if (!match) return undefined;
  return Number(match[1]) === 0 ? '0.3' : '1';
}

/**
 * The TypeORM version of a project rooted at `root`. `given` (a setting) wins; then what is
 * installed, what is locked, what is declared; else 1.x is assumed, and said so. `near` (the
 * folder of an entity file) is where to look when the root itself says nothing: a repository
 * whose application lives in a subfolder with its own package.json.
 */
export function detectTypeormVersion(root: string, given?: string, workspace?: WorkspaceLayout, files: FileCache = new FileCache(), near?: string): TypeormVersion {
  root = path.resolve(root);
  if (given) return { semantics: semanticsOf(given) ?? '1', version: given, source: 'given', description: `TypeORM ${given} (given)` };
  const shown = (file: string): string => path.relative(root, file) || path.basename(file);
  const layout = workspace ?? readWorkspace(root, files);
  const declaring = declaringPackage(root, layout, files) ?? (near ? declaringAbove(path.resolve(near), root, files) : undefined);
  // `typeorm`, or the fork the project declares instead (n8n's `@n8n/typeorm`).
  const name = declaring?.name ?? 'typeorm';
  for (const start of declaring && declaring.dir !== root ? [root, declaring.dir] : [root]) {
    const installed = installedVersion(start, files, name);
    if (installed) return { semantics: semanticsOf(installed.version) ?? '1', version: installed.version, source: 'node_modules', file: installed.file, description: `TypeORM ${installed.version} (installed: ${shown(installed.file)})` };
  }
  if (declaring) {
    const locked = lockedFor(declaring.dir, layout.root, declaring.range, files, name);
    if (locked) {
      return { semantics: semanticsOf(locked.version) ?? '1', version: locked.version, range: declaring.range, source: 'lockfile', file: locked.file, description: `TypeORM ${locked.version} (locked in ${shown(locked.file)})` };
    }
    const semantics = semanticsOf(declaring.range);
    if (semantics) {
      return { semantics, range: declaring.range, source: 'package.json', file: declaring.file, description: `TypeORM ${declaring.range} (declared in ${shown(declaring.file)}; no lockfile entry)` };
    }
  }
  return { semantics: '1', source: 'default', description: 'TypeORM 1.x assumed (no node_modules/typeorm, no lockfile entry and no readable typeorm range in package.json)' };
}

/** The nearest package.json declaring typeorm from `dir` up to `root`. */
function declaringAbove(dir: string, root: string, files: FileCache): Declared | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const found = declaredIn(current, files);
    if (found) return found;
    if (current === root || path.dirname(current) === current || path.relative(root, current).startsWith('..')) return undefined;
  }
}

/** What the package.json in `dir` declares for typeorm (or a fork of it: `name`), if anything. */
function declaredIn(dir: string, files: FileCache): Declared | undefined {
  const file = path.join(dir, 'package.json');
  const json = files.json(file);
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = (json?.[field] as Record<string, unknown> | undefined) ?? {};
    const name = typeormPackageOf(Object.keys(dependencies));
    const range = name ? dependencies[name] : undefined;
    if (name && typeof range === 'string') return { dir, file, range, name };
  }
  return undefined;
}

interface Declared {
  dir: string;
  file: string;
  range: string;
  /** The package: `typeorm`, or a fork's name. */
  name: string;
}

/** node_modules/<name>/package.json nearest at or above `dir`. */
function installedVersion(dir: string, files: FileCache, name: string): { version: string; file: string } | undefined {
  const installed = installedPackage(name, dir, files);
  const version = installed?.json.version;
  return installed && typeof version === 'string' ? { version, file: path.join(installed.dir, 'package.json') } : undefined;
}

/** The package.json that declares typeorm: the project's own (nearest above the root), else a workspace package under the root, else the workspace root's. */
function declaringPackage(root: string, layout: WorkspaceLayout, files: FileCache): Declared | undefined {
  const declared = (dir: string) => declaredIn(dir, files);
  for (let current = root; ; current = path.dirname(current)) {
    if (files.isFile(path.join(current, 'package.json'))) {
      const found = declared(current);
      if (found) return found;
    }
    if (current === layout.root || path.dirname(current) === current) break;
  }
  const inside = [...layout.packages.values()]
    .map((info) => info.dir)
    .filter((dir) => dir !== root && path.relative(root, dir).split(path.sep)[0] !== '..')
    .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || (a < b ? -1 : 1));
  for (const dir of inside) {
    const found = declared(dir);
    if (found) return found;
  }
  return declared(layout.root);
}

/** The version a lockfile at or above `packageDir` (up to the workspace root) locks for it. */
function lockedFor(packageDir: string, workspaceRoot: string, range: string, files: FileCache, name: string): { version: string; file: string } | undefined {
  for (let current = packageDir; ; current = path.dirname(current)) {
    for (const kind of LOCKFILES) {
      const file = path.join(current, kind);
      const text = files.text(file);
      if (text === undefined) continue;
      const importer = path.relative(current, packageDir).split(path.sep).join('/');
      const version = lockedVersion(kind, text, importer, range, name);
      if (version) return { version, file };
    }
    if (current === workspaceRoot || path.dirname(current) === current || path.relative(workspaceRoot, current).startsWith('..')) return undefined;
  }
}

/**
 * The typeorm version a lockfile locks for the package at `importer` (its folder relative to the
 * lockfile, '' for the lockfile's own) that declares `range`; undefined when it locks none, or
 * several without telling which one is this package's.
 */
export function lockedVersion(kind: LockfileKind, text: string, importer: string, range?: string, name = 'typeorm'): string | undefined {
  switch (kind) {
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return packageLockVersion(text, importer, name);
    case 'yarn.lock':
      return yarnLockVersion(text, range, name);
    case 'pnpm-lock.yaml':
      return pnpmLockVersion(text, importer, name);
    case 'bun.lock':
      return bunLockVersion(text, name);
  }
}

/** v2/v3: `packages["<importer>/node_modules/typeorm"]`, as Node looks it up from the importer upward; v1: `dependencies.typeorm`. */
function packageLockVersion(text: string, importer: string, name: string): string | undefined {
  let lock: { packages?: Record<string, { version?: unknown }>; dependencies?: Record<string, { version?: unknown }> };
  try {
    lock = JSON.parse(text) as typeof lock;
  } catch {
    return undefined;
  }
  if (lock.packages) {
    const segments = importer === '' ? [] : importer.split('/');
    for (let i = segments.length; i >= 0; i--) {
      const key = [...segments.slice(0, i), 'node_modules', name].join('/');
      const version = lock.packages[key]?.version;
      if (typeof version === 'string') return version;
    }
  }
  const version = lock.dependencies?.[name]?.version;
  return typeof version === 'string' ? version : undefined;
}

/**
 * yarn v1 (`typeorm@^0.3.17, typeorm@^0.3.20:` / `version "0.3.20"`) and berry
 * (`"typeorm@npm:^0.3.17":` / `version: 0.3.20`): the entry whose descriptors hold the declared
 * range, else the only version locked.
 */
function yarnLockVersion(text: string, range: string | undefined, name: string): string | undefined {
  const entries: { descriptors: string[]; version?: string }[] = [];
  let current: { descriptors: string[]; version?: string } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = undefined;
      if (!line.endsWith(':')) continue;
      const descriptors = line
        .slice(0, -1)
        .split(',')
        .map((d) => d.trim().replace(/^"(.*)"$/, '$1'));
      if (descriptors.some((d) => d.startsWith(`${name}@`))) entries.push((current = { descriptors }));
      continue;
    }
    const version = current && /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (current && version) current.version = version[1];
  }
  const locked = entries.filter((entry): entry is { descriptors: string[]; version: string } => entry.version !== undefined);
  if (range !== undefined) {
    const wanted = new Set([`${name}@${range}`, `${name}@npm:${range}`]);
    const match = locked.find((entry) => entry.descriptors.some((d) => wanted.has(d)));
    if (match) return match.version;
  }
  return only(locked.map((entry) => entry.version));
}

/**
 * pnpm v6-v9 (`importers: <importer>: dependencies: typeorm: { specifier, version }`), v5
 * (`importers: <importer>: dependencies: typeorm: 0.3.17_pg@8`), a lockfile without importers
 * (top-level `dependencies`), else the only version among the `packages` keys.
 */
function pnpmLockVersion(text: string, importer: string, name: string): string | undefined {
  const tree = parseYamlMaps(text);
  const importers = tree.importers as Record<string, unknown> | undefined;
  const entry = (importers ? importers[importer === '' ? '.' : importer] : tree) as Record<string, unknown> | undefined;
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const value = (entry?.[field] as Record<string, unknown> | undefined)?.[name];
    const version = typeof value === 'string' ? value : (value as { version?: unknown } | undefined)?.version;
    if (typeof version === 'string') {
      const clean = plainVersion(version);
      if (clean) return clean;
    }
  }
  const versions: string[] = [];
  for (const key of Object.keys((tree.packages as Record<string, unknown> | undefined) ?? {})) {
    const match = new RegExp(`^/?${escapeRegExp(name)}[@/](\\d[^(_/\\s]*)`).exec(key);
    if (match) versions.push(match[1]!);
  }
  return only(versions);
}

/** bun.lock: `"typeorm": ["typeorm@0.3.28", ...]` under `packages`. */
function bunLockVersion(text: string, name: string): string | undefined {
  const quoted = escapeRegExp(name);
  const versions = [...text.matchAll(new RegExp(`"${quoted}":\\s*\\[\\s*"${quoted}@(\\d[^"]*)"`, 'g'))].map((match) => match[1]!);
  return only(versions);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** '0.3.20(pg@8.11.3)' / '0.3.17_pg@8.7.3' -> the version; undefined for 'link:...' and the like. */
function plainVersion(version: string): string | undefined {
  return /^(\d+\.\d+\.\d+[^(_\s]*)/.exec(version)?.[1];
}

function only(versions: string[]): string | undefined {
  const distinct = [...new Set(versions)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/**
 * The nested mappings of a YAML file written as lockfiles are (block style, two-space indent);
 * list items and flow collections are kept as their text, or skipped. Enough for pnpm-lock.yaml.
 */
export function parseYamlMaps(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const stack: { indent: number; map: Record<string, unknown> }[] = [{ indent: -1, map: root }];
  for (const line of text.split(/\r?\n/)) {
    const match = /^( *)('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s'"#-][^:]*?|-[^\s][^:]*?):(?:\s+(.*?))?\s*$/.exec(line);
    if (!match) continue;
    const indent = match[1]!.length;
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const key = unquote(match[2]!);
    const value = match[3];
    const parent = stack[stack.length - 1]!.map;
    if (value === undefined || value === '' || value.startsWith('#')) {
      const map: Record<string, unknown> = {};
      parent[key] = map;
      stack.push({ indent, map });
    } else {
      parent[key] = unquote(value.replace(/\s+#.*$/, ''));
    }
  }
  return root;
}

function unquote(text: string): string {
  if (text.startsWith("'") && text.endsWith("'") && text.length >= 2) return text.slice(1, -1).replace(/''/g, "'");
  if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  return text;
}

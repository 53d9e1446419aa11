// tsconfig.json files as module resolution needs them: `extends` (relative, absolute and package
// configs, one or several), `compilerOptions` baseUrl / paths / outDir / rootDir / declarationDir /
// strict, `references`, and which files a config takes in (files / include / exclude). Each
// path is made absolute against the config that wrote it, as TypeScript does.
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { FileCache } from './files';

export interface TsconfigOptions {
  /** Absolute. */
  baseUrl?: string;
  paths?: Record<string, string[]>;
  /** Where `paths` targets start: baseUrl when set, else the folder of the config that wrote `paths`. */
  pathsBase?: string;
  /** Absolute. */
  outDir?: string;
  rootDir?: string;
  declarationDir?: string;
  strict?: boolean;
  strictNullChecks?: boolean;
}

export interface Tsconfig {
  file: string;
  dir: string;
  options: TsconfigOptions;
  /** Absolute config files of `references` (not inherited through `extends`, as in TypeScript). */
  references: string[];
  /** Absolute, as inherited; undefined = not given. */
  files?: string[];
  include?: string[];
  exclude?: string[];
  /** The folder include/exclude patterns are relative to (the config that wrote them). */
  patternsBase: string;
}

/** A package config named by `extends` ('@tsconfig/node18/tsconfig.json', '@scope/tsconfig'): its file, or undefined. */
export type ExtendsResolver = (specifier: string, fromDir: string) => string | undefined;

const MAX_EXTENDS = 16;

/** A config (with what it extends) by file: lets a base config extended by many be read once. */
export type TsconfigLoader = (file: string) => Tsconfig | undefined;

/**
 * Reads a config with everything it extends; undefined when the file cannot be read. `load` reads
 * the configs it extends (default: this function, uncached); a cycle must end in undefined there.
 */
export function readTsconfig(file: string, files: FileCache, resolveExtends: ExtendsResolver, load?: TsconfigLoader): Tsconfig | undefined {
  const seen = new Set<string>();
  const uncached: TsconfigLoader = (parent) => {
    if (seen.has(parent) || seen.size > MAX_EXTENDS) return undefined;
    seen.add(parent);
    return readOne(parent, files, resolveExtends, uncached);
  };
  seen.add(file);
  return readOne(file, files, resolveExtends, load ?? uncached);
}

function readOne(file: string, files: FileCache, resolveExtends: ExtendsResolver, load: TsconfigLoader): Tsconfig | undefined {
  const raw = files.json(file);
  if (!raw) return undefined;
  const dir = path.dirname(file);
  let result: Tsconfig = { file, dir, options: {}, references: [], patternsBase: dir };
  const parents = typeof raw.extends === 'string' ? [raw.extends] : Array.isArray(raw.extends) ? raw.extends.filter((e): e is string => typeof e === 'string') : [];
  for (const parent of parents) {
    const parentFile = extendsFile(parent, dir, files, resolveExtends);
    const inherited = parentFile && parentFile !== file ? load(parentFile) : undefined;
    if (inherited) result = { ...inherited, file, dir, options: { ...result.options, ...inherited.options }, references: [] };
  }
  const options = raw.compilerOptions && typeof raw.compilerOptions === 'object' ? (raw.compilerOptions as Record<string, unknown>) : {};
  const own: TsconfigOptions = { ...result.options };
  const absolute = (key: string): string | undefined => (typeof options[key] === 'string' ? path.resolve(dir, options[key] as string) : undefined);
  for (const key of ['outDir', 'rootDir', 'declarationDir'] as const) {
    const value = absolute(key);
    if (value !== undefined) own[key] = value;
  }
  const baseUrl = absolute('baseUrl');
  if (baseUrl !== undefined) own.baseUrl = baseUrl;
  if (options.paths && typeof options.paths === 'object') {
    own.paths = Object.fromEntries(
      Object.entries(options.paths as Record<string, unknown>).map(([pattern, targets]) => [pattern, Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : []]),
    );
    own.pathsBase = dir;
  }
  if (typeof options.strict === 'boolean') own.strict = options.strict;
  if (typeof options.strictNullChecks === 'boolean') own.strictNullChecks = options.strictNullChecks;
  result.options = own;
  if (Array.isArray(raw.files)) result.files = raw.files.filter((f): f is string => typeof f === 'string').map((f) => path.resolve(dir, f));
  const patterns = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : undefined);
  if (raw.include !== undefined || raw.exclude !== undefined) {
    // Patterns are relative to the config that wrote them; one config's include and an inherited exclude would mix bases, rare enough to ignore.
    if (raw.include !== undefined) result.include = patterns(raw.include);
    if (raw.exclude !== undefined) result.exclude = patterns(raw.exclude);
    result.patternsBase = dir;
  }
  if (Array.isArray(raw.references)) {
    for (const reference of raw.references) {
      const target = reference && typeof reference === 'object' ? (reference as { path?: unknown }).path : undefined;
      if (typeof target !== 'string') continue;
      const resolved = path.resolve(dir, target);
      result.references.push(files.isDirectory(resolved) ? path.join(resolved, 'tsconfig.json') : resolved);
    }
  }
  return result;
}

function extendsFile(specifier: string, dir: string, files: FileCache, resolveExtends: ExtendsResolver): string | undefined {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const base = path.resolve(dir, specifier);
    for (const candidate of [base, `${base}.json`, path.join(base, 'tsconfig.json')]) if (files.isFile(candidate)) return candidate;
    return undefined;
  }
  return resolveExtends(specifier, dir);
}

/** The effective `paths` base of a config's options. */
export function pathsBase(options: TsconfigOptions): string | undefined {
  return options.baseUrl ?? options.pathsBase;
}

/** Whether a config takes in a file by its files / include / exclude (TypeScript's defaults: everything under it). */
export function takesIn(config: Tsconfig, file: string): boolean {
  if (config.files?.includes(file)) return true;
  const include = config.include ?? (config.files ? [] : ['**/*']);
  if (include.length === 0) return false;
  const relative = path.relative(config.patternsBase, file).split(path.sep).join('/');
  const matches = (patterns: string[]): boolean => patterns.some((pattern) => matcher(pattern)(relative));
  return matches(include) && !matches(config.exclude ?? ['node_modules', 'bower_components', 'jspm_packages']);
}

const matchers = new Map<string, (file: string) => boolean>();

/** A tsconfig include pattern: a folder or a file name without wildcards takes in everything under it. */
function matcher(pattern: string): (file: string) => boolean {
  let match = matchers.get(pattern);
  if (!match) {
    const clean = (pattern === '.' ? '' : pattern.replace(/^\.\//, '')).replace(/\/$/, '');
    const last = clean.split('/').pop() ?? '';
    const glob = clean === '' ? '**/*' : /[*?]/.test(last) || /\.\w+$/.test(last) ? clean : `${clean}/**/*`;
    match = picomatch(glob, { dot: true });
    matchers.set(pattern, match);
  }
  return match;
}

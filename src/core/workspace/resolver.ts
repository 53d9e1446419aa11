// Module specifiers -> source files, as the project's own build would find them, without running
// anything: relative paths, tsconfig `paths` and `baseUrl` (of the tsconfig nearest the importing
// file, with its `extends` and, for a solution-style config, its `references`), workspace packages
// by name (`exports` with conditions and subpath patterns, `types`/`typings`/`main`, deep imports),
// and node_modules links to packages of the workspace. Built output that is not there (no build) maps
// back to its source: through the package's tsconfig outDir/rootDir, or src/ beside dist/, lib/,
// build/. A package that is not in the workspace stays external: it is never read.
//
// Every answer is cached until clear(): resolving a specifier seen before is a map lookup.
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import fg from 'fast-glob';
import { FileCache } from './files';
import { DEPENDENCY_FIELDS, exportsTargets, installedPackage, nearestPackageDir, readWorkspace, splitPackageSpecifier, workspacePatterns, type PackageInfo, type WorkspaceLayout } from './packages';
import { pathsBase, readTsconfig, takesIn, type Tsconfig } from './tsconfig';

export type Resolution =
  /** The source file the specifier names. */
  | { kind: 'file'; file: string }
  /** A package that is not in this workspace (or a Node built-in): never read. */
  | { kind: 'external'; package: string }
  /** Within the project (a relative path, a tsconfig alias, a workspace package) but no file was found. */
  | { kind: 'missing'; package?: string };

export interface ModuleResolutionOptions {
  /** Absolute project root. */
  root: string;
  /** The project's tsconfig, when it is not the one nearest to the root (applies where no nearer tsconfig is). */
  tsconfigPath?: string;
}

/** The build layout the root tsconfig declares (absolute folders), for mapping output globs to sources. */
export interface ProjectLayout {
  outDir?: string;
  rootDir?: string;
}

/** Source files, tried before anything else a specifier could name. */
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
/** Declarations and JavaScript: used when no source exists. */
const OTHER_EXTENSIONS = ['.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
const CODE_FILE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
/** What a build writes: declarations and JavaScript, stripped to find the source beside them. */
const OUTPUT_EXTENSION = /\.d\.[cm]?ts$|\.[cm]?jsx?$/;
/** Folders builds write to, and subfolders some builds add (dist/esm, lib/cjs, dist/types). */
const OUTPUT_DIRS = new Set(['dist', 'lib', 'build', 'out', 'esm', 'cjs', 'es', 'types', 'typings', 'compiled', 'output']);
const OUTPUT_SUBDIRS = new Set(['esm', 'cjs', 'mjs', 'es', 'es5', 'es2015', 'types', 'typings', 'lib', 'src', 'commonjs', 'module']);
const BUILTINS = new Set(builtinModules);

export class ModuleResolution {
  readonly root: string;
  private readonly files = new FileCache();
  private readonly resolutions = new Map<string, Resolution>();
  private readonly configs = new Map<string, Tsconfig | null>();
  private readonly nearestConfigs = new Map<string, string | null>();
  private readonly configsOfFile = new Map<string, Tsconfig[]>();
  private readonly packageConfigs = new Map<string, string[]>();
  private readonly probes = new Map<string, string | null>();
  private workspaceLayout?: WorkspaceLayout;
  /** Workspaces other than the project's (a nested one, e.g. docs/ with workspaces of its own), by root. */
  private readonly otherWorkspaces = new Map<string, WorkspaceLayout>();
  /** Folder -> the root of the workspace it is in ('' for none). */
  private readonly workspaceRoots = new Map<string, string>();

  constructor(private readonly options: ModuleResolutionOptions) {
    this.root = path.resolve(options.root);
  }

  /** Forgets everything read: files appeared or disappeared, package.json or tsconfig.json changed. */
  clear(): void {
    this.files.clear();
    this.resolutions.clear();
    this.configs.clear();
    this.nearestConfigs.clear();
    this.configsOfFile.clear();
    this.packageConfigs.clear();
    this.probes.clear();
    this.workspaceLayout = undefined;
    this.otherWorkspaces.clear();
    this.workspaceRoots.clear();
  }

  /** What `specifier`, imported in `fromFile`, names. */
  resolve(specifier: string, fromFile: string): Resolution {
    const configs = this.configsFor(fromFile);
    const key = `${configs[0]?.file ?? ''}\u0000${path.dirname(fromFile)}\u0000${specifier}`;
    let resolution = this.resolutions.get(key);
    if (!resolution) {
      resolution = this.resolveUncached(specifier, fromFile, configs);
      this.resolutions.set(key, resolution);
    }
    return resolution;
  }

  /** The source file `specifier` names, or undefined (external, or not found). */
  resolveFile(specifier: string, fromFile: string): string | undefined {
    const resolution = this.resolve(specifier, fromFile);
    return resolution.kind === 'file' ? resolution.file : undefined;
  }

  /** The workspace the project belongs to and its packages (read once until clear()). */
  get workspace(): WorkspaceLayout {
    this.workspaceLayout ??= readWorkspace(this.root, this.files);
    return this.workspaceLayout;
  }

  /** The project's own tsconfig: the given one, else the nearest at or above the root. */
  rootConfig(): Tsconfig | undefined {
    const file = this.options.tsconfigPath ? path.resolve(this.root, this.options.tsconfigPath) : this.nearestConfigFile(this.root);
    return file ? this.config(file) : undefined;
  }

  /** outDir / rootDir of the project's tsconfig. */
  layout(): ProjectLayout {
    const options = this.rootConfig()?.options ?? {};
    return { outDir: options.outDir, rootDir: options.rootDir };
  }

  /** Whether the project's tsconfig turns strictNullChecks on (directly or through `strict`). */
  strictNullChecks(): boolean {
    const options = this.rootConfig()?.options ?? {};
    return (options.strictNullChecks ?? options.strict) === true;
  }

  private resolveUncached(specifier: string, fromFile: string, configs: Tsconfig[]): Resolution {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
      const file = this.probe([path.resolve(path.dirname(fromFile), specifier)]);
      return file ? { kind: 'file', file } : { kind: 'missing' };
    }
    if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return { kind: 'external', package: specifier };
    let aliased = false;
    for (const config of configs) {
      const viaPaths = this.viaPaths(config, specifier);
      if (viaPaths.file) return { kind: 'file', file: viaPaths.file };
      aliased ||= viaPaths.matched;
      if (config.options.baseUrl) {
        const file = this.probe([path.resolve(config.options.baseUrl, specifier)]);
        if (file) return { kind: 'file', file };
      }
    }
    const split = splitPackageSpecifier(specifier);
    if (!split) return { kind: 'missing' };
    const fromDir = path.dirname(fromFile);
    const info = this.packagesSeenFrom(fromDir).get(split.name) ?? this.localDependency(split.name, fromDir) ?? this.linkedPackage(split.name, fromDir);
    if (info) {
      const file = this.packageFile(info, split.subpath);
      return file ? { kind: 'file', file } : { kind: 'missing', package: split.name };
    }
    return aliased ? { kind: 'missing', package: split.name } : { kind: 'external', package: split.name };
  }

  /** The packages of the workspace a folder is in: the project's, or a nested workspace's of its own. */
  private packagesSeenFrom(dir: string): Map<string, PackageInfo> {
    const root = this.workspaceRootOf(dir);
    const main = this.workspace;
    if (root === '' || root === main.root) return main.packages;
    let other = this.otherWorkspaces.get(root);
    if (!other) {
      other = readWorkspace(root, this.files);
      this.otherWorkspaces.set(root, other);
    }
    return other.packages;
  }

  /** The nearest folder at or above `dir` that declares workspace packages ('' for none), remembered for every folder on the way. */
  private workspaceRootOf(dir: string): string {
    let root = this.workspaceRoots.get(dir);
    if (root === undefined) {
      const parent = path.dirname(dir);
      root = workspacePatterns(dir, this.files) ? dir : parent === dir ? '' : this.workspaceRootOf(parent);
      this.workspaceRoots.set(dir, root);
    }
    return root;
  }

  /** The best-matching `paths` pattern (exact, else the longest prefix), its targets tried in order. */
  private viaPaths(config: Tsconfig, specifier: string): { file?: string; matched: boolean } {
    const paths = config.options.paths;
    const base = pathsBase(config.options);
    if (!paths || !base) return { matched: false };
    const best = matchPaths(compiledPaths(paths), specifier);
    if (!best) return { matched: false };
    const middle = best.middle;
    // An alias into node_modules names a package outside the workspace: that stays external.
    const targets = paths[best.pattern]!.map((target) => path.resolve(base, target.split('*').join(middle))).filter((target) => !target.split(path.sep).includes('node_modules'));
    if (targets.length === 0) return { matched: false };
    return { file: this.probe(targets), matched: true };
  }

  /** A file of a package: `exports` first, then (as node10 resolution and deep imports do) the plain path. */
  private packageFile(info: PackageInfo, subpath: string): string | undefined {
    const { dir, json } = info;
    const bases: string[] = [];
    if (json.exports !== undefined && json.exports !== null) {
      for (const target of exportsTargets(json.exports, subpath === '' ? '.' : `./${subpath}`)) bases.push(path.resolve(dir, target));
    }
    if (subpath === '') {
      for (const field of ['source', 'types', 'typings', 'module', 'main']) {
        const value = json[field];
        if (typeof value === 'string' && value !== '') bases.push(path.resolve(dir, value));
      }
      bases.push(path.join(dir, 'index'));
    } else {
      bases.push(path.resolve(dir, subpath));
    }
    return this.probe(bases);
  }

  /**
   * A dependency that a package.json at or above `dir` (the nearest that declares it) declares as a
   * local folder: `"@app/sdk": "file:../sdk"` (also link: and portal:), installed as a link.
   */
  private localDependency(name: string, dir: string): PackageInfo | undefined {
    for (let current = nearestPackageDir(dir, this.files); current; current = nearestPackageDir(path.dirname(current), this.files)) {
      const json = this.files.json(path.join(current, 'package.json'));
      for (const field of DEPENDENCY_FIELDS) {
        const range = (json?.[field] as Record<string, unknown> | undefined)?.[name];
        if (typeof range !== 'string') continue;
        const local = /^(?:file|link|portal):(.+)$/.exec(range);
        if (!local) return undefined;
        const target = path.resolve(current, local[1]!);
        const targetJson = this.files.json(path.join(target, 'package.json'));
        return targetJson ? { name, dir: target, json: targetJson } : undefined;
      }
      if (path.dirname(current) === current) return undefined;
    }
    return undefined;
  }

  /** node_modules/<name>, the nearest above `dir`, when it is a link to a folder outside any node_modules. */
  private linkedPackage(name: string, dir: string): PackageInfo | undefined {
    const installed = installedPackage(name, dir, this.files);
    if (!installed) return undefined;
    const real = this.files.realpath(installed.dir);
    if (real.split(path.sep).includes('node_modules')) return undefined;
    return { name, dir: real, json: this.files.json(path.join(real, 'package.json')) ?? {} };
  }

  /**
   * The file the first of `bases` that names one names: source files first (as written, with
   * `.js` read as `.ts`, then built output mapped back to its source), then declarations or
   * JavaScript as written.
   */
  private probe(bases: string[]): string | undefined {
    // The same file is named from many folders (a package entry, a shared module): probed once.
    const key = bases.join('\u0000');
    const cached = this.probes.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.probeUncached(bases);
    this.probes.set(key, found ?? null);
    return found;
  }

  private probeUncached(bases: string[]): string | undefined {
    for (const pass of [(base: string) => this.probeSource(base), (base: string) => this.probeSource(base, true), (base: string) => this.probeOther(base)]) {
      for (const base of bases) {
        const found = pass(base);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** A source file for `base`: itself, with an extension, its index, a package folder's entry; with `mapped`, via the output -> source mapping. */
  private probeSource(base: string, mapped = false): string | undefined {
    if (mapped) {
      for (const candidate of this.sourceCandidates(base)) {
        const found = this.probeSource(candidate);
        if (found) return found;
      }
      return undefined;
    }
    const stem = base.replace(OUTPUT_EXTENSION, '');
    if (SOURCE_EXTENSIONS.some((ext) => base.endsWith(ext)) && !base.endsWith('.d.ts') && this.files.isFile(base)) return base;
    for (const candidate of stem === base ? [base] : [stem, base]) {
      for (const ext of SOURCE_EXTENSIONS) if (this.files.isFile(candidate + ext)) return candidate + ext;
    }
    if (this.files.isDirectory(base)) {
      const json = this.files.json(path.join(base, 'package.json'));
      if (json) {
        for (const field of ['source', 'types', 'typings', 'module', 'main']) {
          const value = json[field];
          if (typeof value !== 'string' || value === '') continue;
          const entry = path.resolve(base, value);
          if (entry === base) continue;
          const found = this.probeSource(entry) ?? this.probeSource(entry, true);
          if (found) return found;
        }
      }
      for (const ext of SOURCE_EXTENSIONS) if (this.files.isFile(path.join(base, `index${ext}`))) return path.join(base, `index${ext}`);
    }
    return undefined;
  }

  private probeOther(base: string): string | undefined {
    if (CODE_FILE.test(base) && this.files.isFile(base)) return base;
    const stem = base.replace(OUTPUT_EXTENSION, '');
    for (const ext of OTHER_EXTENSIONS) if (this.files.isFile(stem + ext)) return stem + ext;
    for (const ext of OTHER_EXTENSIONS) if (this.files.isFile(path.join(base, `index${ext}`))) return path.join(base, `index${ext}`);
    return undefined;
  }

  /**
   * Where the source of a built path would be: through the outDir / declarationDir -> rootDir of the
   * tsconfig(s) of its package (the nearest tsconfig.json, its references, its tsconfig.*.json
   * siblings), else by convention (dist/x -> src/x or x, dist/esm/x -> src/x).
   */
  private sourceCandidates(base: string): string[] {
    const result: string[] = [];
    const packageDir = nearestPackageDir(existingAncestor(base, this.files), this.files);
    for (const config of this.buildConfigs(base, packageDir)) {
      const rootDir = this.rootDirOf(config);
      for (const outDir of [config.options.outDir, config.options.declarationDir]) {
        if (outDir && isInside(base, outDir)) result.push(path.join(rootDir, path.relative(outDir, base)));
      }
    }
    const owner = packageDir ?? path.dirname(base);
    const segments = path.relative(owner, base).split(path.sep);
    if (segments.length > 1 && OUTPUT_DIRS.has(segments[0]!)) {
      const rests = [segments.slice(1)];
      if (segments.length > 2 && OUTPUT_SUBDIRS.has(segments[1]!)) rests.push(segments.slice(2));
      for (const rest of rests) {
        if (this.files.isDirectory(path.join(owner, 'src'))) result.push(path.join(owner, 'src', ...rest));
        result.push(path.join(owner, ...rest));
      }
    }
    return [...new Set(result)].filter((candidate) => candidate !== base);
  }

  /**
   * The tsconfigs that may say where a built path comes from: the nearest tsconfig.json and the
   * package's tsconfig*.json files (also in a subfolder, e.g. build/tsconfig.build.json), with
   * their references.
   */
  private buildConfigs(base: string, packageDir: string | undefined): Tsconfig[] {
    const nearest = this.nearestConfigFile(existingAncestor(base, this.files));
    const files = new Set<string>();
    if (nearest && (!packageDir || isInside(nearest, packageDir))) files.add(nearest);
    if (packageDir) for (const file of this.packageConfigFiles(packageDir)) files.add(file);
    const result: Tsconfig[] = [];
    const visit = (file: string, depth: number): void => {
      const config = this.config(file);
      if (!config || result.includes(config)) return;
      result.push(config);
      if (depth < 2) for (const reference of config.references) if (!packageDir || isInside(reference, packageDir)) visit(reference, depth + 1);
    };
    for (const file of files) visit(file, 0);
    return result;
  }

  private packageConfigFiles(packageDir: string): string[] {
    let found = this.packageConfigs.get(packageDir);
    if (!found) {
      found = fg
        .sync(['tsconfig*.json', '*/tsconfig*.json'], { cwd: packageDir, absolute: true, onlyFiles: true, ignore: ['node_modules/**'], suppressErrors: true, followSymbolicLinks: false })
        .map((file) => path.normalize(file))
        .sort();
      this.packageConfigs.set(packageDir, found);
    }
    return found;
  }

  /** rootDir as TypeScript takes it: given, else the common folder of `files`, else of `include`'s fixed parts, else src/ beside the config or its folder. */
  private rootDirOf(config: Tsconfig): string {
    if (config.options.rootDir) return config.options.rootDir;
    const sources = (config.files ?? []).filter((file) => !/\.d\.[cm]?ts$/.test(file));
    if (sources.length > 0) return commonDir(sources.map((file) => path.dirname(file)));
    const fixed = (config.include ?? []).map((pattern) => {
      const parts = pattern.split('/');
      const wild = parts.findIndex((part) => /[*?]/.test(part) || /\.\w+$/.test(part));
      const literal = wild < 0 ? parts : parts.slice(0, wild);
      return path.resolve(config.patternsBase, ...literal);
    });
    if (fixed.length > 0) return commonDir(fixed);
    return this.files.isDirectory(path.join(config.dir, 'src')) ? path.join(config.dir, 'src') : config.dir;
  }

  /** The configs whose `paths` apply to a file: the nearest tsconfig (or its referenced project that takes the file in), then the project's own. */
  private configsFor(file: string): Tsconfig[] {
    let configs = this.configsOfFile.get(file);
    if (configs) return configs;
    configs = [];
    const nearestFile = this.nearestConfigFile(path.dirname(file));
    const rootConfig = this.rootConfig();
    let nearest = nearestFile ? this.config(nearestFile) : undefined;
    // An explicit tsconfigPath stands for the root's own config.
    if (this.options.tsconfigPath && rootConfig && (!nearest || !isInside(nearest.dir, this.root) || nearest.dir === this.root)) nearest = rootConfig;
    if (nearest) {
      configs.push(nearest.references.length > 0 && !takesIn(nearest, file) ? (this.referencedProject(nearest, file) ?? nearest) : nearest);
    }
    if (rootConfig && !configs.includes(rootConfig)) configs.push(rootConfig);
    this.configsOfFile.set(file, configs);
    return configs;
  }

  /**
   * A solution-style config's referenced project that takes in `file` (breadth first, a few
   * levels); only projects in a folder above the file are candidates, so a root config that
   * references every package costs a few lookups per file, not one per package.
   */
  private referencedProject(solution: Tsconfig, file: string): Tsconfig | undefined {
    let level = solution.references;
    const seen = new Set<string>([solution.file]);
    for (let depth = 0; depth < 3 && level.length > 0; depth++) {
      const next: string[] = [];
      for (const reference of level) {
        if (seen.has(reference) || !isInside(file, path.dirname(reference))) continue;
        seen.add(reference);
        const config = this.config(reference);
        if (!config) continue;
        if (takesIn(config, file)) return config;
        next.push(...config.references);
      }
      level = next;
    }
    return undefined;
  }

  private nearestConfigFile(dir: string): string | undefined {
    const cached = this.nearestConfigs.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    const candidate = path.join(dir, 'tsconfig.json');
    const parent = path.dirname(dir);
    const found = this.files.isFile(candidate) ? candidate : parent === dir ? undefined : this.nearestConfigFile(parent);
    this.nearestConfigs.set(dir, found ?? null);
    return found;
  }

  private config(file: string): Tsconfig | undefined {
    let config = this.configs.get(file);
    if (config === undefined) {
      // Null while it is read: an `extends` cycle ends there.
      this.configs.set(file, null);
      config = readTsconfig(file, this.files, (specifier, fromDir) => this.extendsFile(specifier, fromDir), (parent) => this.config(parent)) ?? null;
      this.configs.set(file, config);
    }
    return config ?? undefined;
  }

  /** A package config named by `extends`: a workspace package's, or one installed in node_modules. */
  private extendsFile(specifier: string, fromDir: string): string | undefined {
    const split = splitPackageSpecifier(specifier);
    if (!split) return undefined;
    const info = this.workspace.packages.get(split.name) ?? installedPackage(split.name, fromDir, this.files);
    if (!info) return undefined;
    const candidates: string[] = [];
    if (split.subpath === '') {
      if (typeof info.json.tsconfig === 'string') candidates.push(path.resolve(info.dir, info.json.tsconfig));
      candidates.push(path.join(info.dir, 'tsconfig.json'));
    } else {
      for (const target of exportsTargets(info.json.exports, `./${split.subpath}`)) candidates.push(path.resolve(info.dir, target));
      const plain = path.resolve(info.dir, split.subpath);
      candidates.push(plain, `${plain}.json`, path.join(plain, 'tsconfig.json'));
    }
    return candidates.find((candidate) => this.files.isFile(candidate));
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The nearest folder at or above `file` that exists (a build folder may be missing). */
function existingAncestor(file: string, files: FileCache): string {
  let current = path.dirname(file);
  while (!files.isDirectory(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/**
 * Why `name`, imported from `specifier`, cannot be read, in words for people (undefined when it
 * resolved to a file): "`Status` is imported from the package '@scope/x', which is not in this workspace".
 */
export function unreadableImport(name: string, specifier: string, resolution: Resolution): string | undefined {
  const what = name === '*' || name === '' ? `'${specifier}'` : `\`${name}\``;
  const imported = name === '*' || name === '' ? `${what} is imported` : `${what} is imported from '${specifier}'`;
  switch (resolution.kind) {
    case 'file':
      return undefined;
    case 'external':
      return notInWorkspace(name, specifier);
    case 'missing':
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) return `Cannot find module '${specifier}' (${what} is imported from it)`;
      if (resolution.package) return `${imported}, but the package '${resolution.package}' of this workspace has no source file for it`;
      return `${imported}, which names no file (tsconfig paths)`;
  }
}

/** "`Status.ACTIVE` is imported from the package '@scope/x', which is not in this workspace" (from '@scope/x/sub' too). */
export function notInWorkspace(name: string, specifier: string): string {
  const what = name === '*' || name === '' ? `'${specifier}'` : `\`${name}\``;
  const pkg = splitPackageSpecifier(specifier)?.name ?? specifier;
  return pkg === specifier ? `${what} is imported from the package '${pkg}', which is not in this workspace` : `${what} is imported from '${specifier}', of the package '${pkg}', which is not in this workspace`;
}

/** The deepest folder that holds all of `dirs`. */
function commonDir(dirs: string[]): string {
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) while (!isInside(dir, common) && path.dirname(common) !== common) common = path.dirname(common);
  return common;
}

interface CompiledPaths {
  exact: Map<string, string>;
  /** Wildcard patterns, longest prefix first (TypeScript takes the longest matching prefix). */
  wildcards: { pattern: string; prefix: string; suffix: string }[];
}

const compiled = new WeakMap<Record<string, string[]>, CompiledPaths>();

function compiledPaths(paths: Record<string, string[]>): CompiledPaths {
  let result = compiled.get(paths);
  if (!result) {
    result = { exact: new Map(), wildcards: [] };
    for (const pattern of Object.keys(paths)) {
      const star = pattern.indexOf('*');
      if (star < 0) result.exact.set(pattern, pattern);
      else result.wildcards.push({ pattern, prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1) });
    }
    result.wildcards.sort((a, b) => b.prefix.length - a.prefix.length);
    compiled.set(paths, result);
  }
  return result;
}

/** The `paths` pattern a specifier matches best, and what its '*' stands for. */
function matchPaths(paths: CompiledPaths, specifier: string): { pattern: string; middle: string } | undefined {
  const exact = paths.exact.get(specifier);
  if (exact !== undefined) return { pattern: exact, middle: '' };
  for (const { pattern, prefix, suffix } of paths.wildcards) {
    if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
      return { pattern, middle: specifier.slice(prefix.length, specifier.length - suffix.length) };
    }
  }
  return undefined;
}

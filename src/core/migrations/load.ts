// The one migration loader, shared by the shadow replay and the migrations runner: TypeScript
// migration files are transpiled (syntax only, never type-checked, so a project with type errors
// still replays) to CommonJS and evaluated as modules with their real filename, so relative
// imports, `__dirname` and the project's own node_modules (its `typeorm`) resolve as they would
// under ts-node. Project TypeScript that a migration imports (an entity, a helper) is loaded the
// same way, including tsconfig `paths` aliases. Loading executes project code: callers run it in
// a trusted workspace and, for the shadow, in a separate process.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ts } from 'ts-morph';
import type { ReadProblem } from '../model/schema';
import { messageOf } from '../errors';

export interface LoadedMigration {
  file: string;
  /** What TypeORM records in the migrations table: the instance's `name`, else the class name. */
  name: string;
  /** The 13-digit JavaScript timestamp at the end of the name; TypeORM runs migrations in this order. */
  timestamp: number;
  migrationClass: new () => unknown;
}

export interface LoadOptions {
  /** Absolute project root: where tsconfig.json (for `paths`) is looked up. */
  root: string;
}

// Node's module internals that `require` itself is built on; stable since Node 0.x.
interface InternalModule extends Module {
  _compile(code: string, filename: string): void;
}
const ModuleInternals = Module as unknown as {
  new (id: string, parent?: Module): InternalModule;
  _nodeModulePaths(dir: string): string[];
};

const typeScriptExtensions = ['.ts', '.tsx', '.mts', '.cts'];

const compilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  // Class fields with [[Define]] semantics would shadow decorated accessors in entities.
  useDefineForClassFields: false,
  jsx: ts.JsxEmit.React,
};

/** Modules the project may not have installed (a fixture, a half-set-up checkout): ours stand in. */
const fallbackModules: Record<string, () => unknown> = {
  typeorm: () => require('typeorm'),
  'reflect-metadata': () => require('reflect-metadata'),
};

interface PathAliases {
  baseUrl: string;
  paths: Record<string, string[]>;
}

function readPathAliases(root: string): PathAliases | undefined {
  const configFile = join(root, 'tsconfig.json');
  if (!existsSync(configFile)) return undefined;
  const { config } = ts.readConfigFile(configFile, (path) => readFileSync(path, 'utf8'));
  const options = config?.compilerOptions as { baseUrl?: string; paths?: Record<string, string[]> } | undefined;
  if (!options?.paths) return undefined;
  return { baseUrl: resolve(root, options.baseUrl ?? '.'), paths: options.paths };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The TypeScript file an import of `base` means, the way TypeScript's own resolution finds it. */
function resolveTypeScriptFile(base: string): string | undefined {
  const candidates: string[] = [];
  const extension = extname(base);
  if (typeScriptExtensions.includes(extension)) candidates.push(base);
  // ESM-style TypeScript imports name the emitted file: './helper.js' means './helper.ts'.
  if (['.js', '.jsx', '.mjs', '.cjs'].includes(extension)) {
    const stem = base.slice(0, -extension.length);
    candidates.push(...typeScriptExtensions.map((ext) => stem + ext));
  }
  candidates.push(...typeScriptExtensions.map((ext) => base + ext));
  candidates.push(...typeScriptExtensions.map((ext) => join(base, `index${ext}`)));
  return candidates.find(isFile);
}

function errorMessage(error: unknown): string {
  return messageOf(error);
}

/** Loads project TypeScript modules for one loadMigrations() call; each file is evaluated once. */
class ProjectModules {
  private readonly cache = new Map<string, InternalModule>();
  private readonly aliases: PathAliases | undefined;

  constructor(root: string) {
    this.aliases = readPathAliases(root);
  }

  load(file: string): unknown {
    const cached = this.cache.get(file);
    if (cached) return cached.exports;
    const output = transpile(file, readFileSync(file, 'utf8'));
    const module = new ModuleInternals(file);
    module.filename = file;
    module.paths = ModuleInternals._nodeModulePaths(dirname(file));
    // The `require` handed to the compiled code calls module.require: route it through us.
    module.require = ((id: string) => this.require(id, module)) as NodeJS.Require;
    // Cached before evaluation so import cycles see the partial exports, as in Node.
    this.cache.set(file, module);
    try {
      module._compile(output, file);
    } catch (error) {
      this.cache.delete(file);
      throw error;
    }
    module.loaded = true;
    return module.exports;
  }

  private require(id: string, parent: InternalModule): unknown {
    const typeScriptFile = this.resolveProjectFile(id, parent.filename);
    if (typeScriptFile) return this.load(typeScriptFile);
    try {
      return Module.prototype.require.call(parent, id);
    } catch (error) {
      const fallback = fallbackModules[id];
      if (fallback && (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return fallback();
      throw error;
    }
  }

  private resolveProjectFile(id: string, from: string): string | undefined {
    if (id.startsWith('.') || id.startsWith('/')) return resolveTypeScriptFile(resolve(dirname(from), id));
    if (!this.aliases) return undefined;
    for (const [pattern, targets] of Object.entries(this.aliases.paths)) {
      const star = pattern.indexOf('*');
      const prefix = star < 0 ? pattern : pattern.slice(0, star);
      const suffix = star < 0 ? '' : pattern.slice(star + 1);
      const matches = star < 0 ? id === pattern : id.startsWith(prefix) && id.endsWith(suffix) && id.length >= prefix.length + suffix.length;
      if (!matches) continue;
      const captured = star < 0 ? '' : id.slice(prefix.length, id.length - suffix.length);
      for (const target of targets) {
        const found = resolveTypeScriptFile(resolve(this.aliases.baseUrl, target.replace('*', captured)));
        if (found) return found;
      }
    }
    return undefined;
  }
}

/**
 * Transpiled output by file and content, for the life of the process: a long-lived caller (the
 * shadow's process, the extension) re-transpiles only the files that changed.
 */
const transpiled = new Map<string, string>();
const MAX_TRANSPILED = 5_000;

function transpile(file: string, text: string): string {
  const key = `${file}\0${createHash('sha1').update(text).digest('hex')}`;
  const cached = transpiled.get(key);
  if (cached !== undefined) return cached;
  const output = transpileUncached(file, text);
  if (transpiled.size >= MAX_TRANSPILED) transpiled.clear();
  transpiled.set(key, output);
  return output;
}

function transpileUncached(file: string, text: string): string {
  const result = ts.transpileModule(text, { compilerOptions, fileName: file, reportDiagnostics: true });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const first = errors[0];
    const where = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
    const position = where ? `:${where.line + 1}:${where.character + 1}` : '';
    throw new Error(`syntax error at ${basename(file)}${position}: ${ts.flattenDiagnosticMessageText(first.messageText, '\n')}`);
  }
  return result.outputText;
}

type MigrationClass = new () => { name?: unknown; up?: unknown };

function migrationClasses(exports: unknown): MigrationClass[] {
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return [];
  const values = typeof exports === 'function' ? [exports] : Object.values(exports as Record<string, unknown>);
  return values.filter(
    (value): value is MigrationClass => typeof value === 'function' && typeof (value as { prototype?: { up?: unknown } }).prototype?.up === 'function',
  );
}

/** TypeORM's own rule (MigrationExecutor.getMigrations): the name ends in a 13-digit timestamp. */
function migrationName(migrationClass: MigrationClass): string {
  let instanceName: unknown;
  try {
    instanceName = new migrationClass().name;
  } catch {
    // A constructor that throws will fail in TypeORM too; the class name is still the best label.
  }
  return typeof instanceName === 'string' && instanceName.length > 0 ? instanceName : migrationClass.name;
}

/**
 * Loads project TypeScript files (entities, for tooling and tests) exactly as migrations are
 * loaded: decorator metadata emitted, imports resolved. A file that fails is a problem.
 */
export function loadTypeScriptModules(files: string[], options: LoadOptions): { modules: Map<string, unknown>; problems: ReadProblem[] } {
  const loader = new ProjectModules(options.root);
  const modules = new Map<string, unknown>();
  const problems: ReadProblem[] = [];
  for (const file of files) {
    try {
      modules.set(file, loader.load(file));
    } catch (error) {
      problems.push({ severity: 'error', file, message: `Could not load ${basename(file)}: ${errorMessage(error)}` });
    }
  }
  return { modules, problems };
}

/**
 * Transpiles and loads the given migration files. A file that fails (syntax error, an import that
 * cannot be resolved, a throw at load time, no migration class, a name without a timestamp)
 * becomes a problem on that file; the others still load. Sorted in TypeORM's run order.
 */
export async function loadMigrations(files: string[], options: LoadOptions): Promise<{ migrations: LoadedMigration[]; problems: ReadProblem[] }> {
  const modules = new ProjectModules(options.root);
  const migrations: LoadedMigration[] = [];
  const problems: ReadProblem[] = [];
  const byName = new Map<string, LoadedMigration>();
  for (const file of files) {
    let exports: unknown;
    try {
      exports = modules.load(file);
    } catch (error) {
      problems.push({ severity: 'error', file, message: `Could not load migration ${basename(file)}: ${errorMessage(error)}` });
      continue;
    }
    const classes = migrationClasses(exports);
    if (classes.length === 0) {
      problems.push({ severity: 'warning', file, message: `${basename(file)} exports no migration class (a class with an up() method); it is not a migration.` });
      continue;
    }
    for (const migrationClass of classes) {
      const name = migrationName(migrationClass);
      const timestamp = Number.parseInt(name.slice(-13), 10);
      if (!/\d{13}$/.test(name) || !Number.isFinite(timestamp)) {
        problems.push({ severity: 'error', file, message: `Migration ${name} in ${basename(file)} has no 13-digit timestamp at the end of its name; TypeORM refuses to run it.` });
        continue;
      }
      const duplicate = byName.get(name);
      if (duplicate) {
        problems.push({ severity: 'error', file, message: `Migration name ${name} in ${basename(file)} is already used by ${basename(duplicate.file)}; TypeORM refuses duplicate migration names.` });
        continue;
      }
      const loaded: LoadedMigration = { file, name, timestamp, migrationClass: migrationClass as new () => unknown };
      byName.set(name, loaded);
      migrations.push(loaded);
    }
  }
  migrations.sort((a, b) => a.timestamp - b.timestamp);
  return { migrations, problems };
}

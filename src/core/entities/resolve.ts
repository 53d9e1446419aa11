// Module specifiers to files without running code: relative paths, tsconfig `paths` and `baseUrl`,
// index files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';

interface PathsConfig {
  baseUrl?: string;
  paths: [RegExp, string[]][];
  strictNullChecks?: boolean;
}

function readTsconfig(file: string, seen = new Set<string>()): PathsConfig {
  const result: PathsConfig = { paths: [] };
  if (seen.has(file) || !fs.existsSync(file)) return result;
  seen.add(file);
  const parsed = ts.parseConfigFileTextToJson(file, fs.readFileSync(file, 'utf8'));
  const config = parsed.config as
    | { extends?: string | string[]; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]>; strict?: boolean; strictNullChecks?: boolean } }
    | undefined;
  if (!config) return result;
  const dir = path.dirname(file);
  for (const parent of [config.extends ?? []].flat()) {
    if (!parent.startsWith('.')) continue;
    const parentFile = path.resolve(dir, parent.endsWith('.json') ? parent : `${parent}.json`);
    const inherited = readTsconfig(parentFile, seen);
    result.baseUrl = inherited.baseUrl;
    result.paths = inherited.paths;
    result.strictNullChecks = inherited.strictNullChecks;
  }
  const options = config.compilerOptions ?? {};
  if (options.strictNullChecks !== undefined) result.strictNullChecks = options.strictNullChecks;
  else if (options.strict !== undefined) result.strictNullChecks = options.strict;
  if (options.baseUrl !== undefined) result.baseUrl = path.resolve(dir, options.baseUrl);
  if (options.paths) {
    const base = result.baseUrl ?? dir;
    result.paths = Object.entries(options.paths).map(([pattern, targets]) => {
      const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('(.*)')}$`);
      return [regex, targets.map((target) => path.resolve(base, target))];
    });
  }
  return result;
}

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '/index.ts', '/index.tsx', '/index.js'];

export class ModuleResolver {
  private readonly config: PathsConfig;
  private readonly cache = new Map<string, string | null>();

  constructor(root: string, tsconfigPath?: string) {
    const configFile = tsconfigPath ?? path.join(root, 'tsconfig.json');
    let config: PathsConfig = { paths: [] };
    try {
      config = readTsconfig(configFile);
    } catch {
      // An unreadable tsconfig only costs alias resolution; relative imports still work.
    }
    this.config = config;
  }

  /** Forgets resolutions (a file appeared or disappeared). */
  clear(): void {
    this.cache.clear();
  }

  /** Whether the project compiles with strictNullChecks (it changes what design:type says). */
  get strictNullChecks(): boolean {
    return this.config.strictNullChecks === true;
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    const key = `${path.dirname(fromFile)}\u0000${specifier}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.resolveUncached(fromFile, specifier);
    this.cache.set(key, result ?? null);
    return result;
  }

  private resolveUncached(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) return probe(path.resolve(path.dirname(fromFile), specifier));
    for (const [regex, targets] of this.config.paths) {
      const match = regex.exec(specifier);
      if (!match) continue;
      for (const target of targets) {
        const found = probe(target.replace('*', match[1] ?? ''));
        if (found) return found;
      }
    }
    if (this.config.baseUrl) return probe(path.resolve(this.config.baseUrl, specifier));
    return undefined;
  }
}

function probe(base: string): string | undefined {
  const withoutJs = base.replace(/\.(js|mjs|cjs)$/, '');
  for (const candidate of [withoutJs, base]) {
    for (const extension of ['', ...EXTENSIONS]) {
      const file = candidate + extension;
      if ((extension !== '' || /\.tsx?$/.test(file)) && isFile(file)) return file;
    }
  }
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}


// Child-process half of the oracle: builds one fixture project the way a real build does and lets
// one TypeORM version synchronize it into a database. Runs in its own process because TypeORM keeps
// its decorator metadata in a process-global storage, so 0.3.x and 1.x must never share a process.
//
// Usage: node --import tsx synchronize-child.ts '<SynchronizeRequest as JSON>'
// Prints one line `ORACLE_RESULT <json>` (SynchronizeChildResult) on success; exits 1 with the
// error on stderr otherwise.
import Module from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import fg from 'fast-glob';
import ts from 'typescript';
import type { SynchronizeChildResult, SynchronizeRequest } from './synchronize';

const repoRoot = resolve(__dirname, '../../../..');

interface PathAlias {
  prefix: string; // text before `*` (the whole pattern when there is no `*`)
  wildcard: boolean;
  targets: string[]; // absolute paths in the build directory, `*` kept
}

/** The fixture's compiler options, forced to what a TypeORM build needs (CommonJS, decorators). */
function readCompilerOptions(projectDir: string): { options: ts.CompilerOptions; aliases: PathAlias[]; buildDir: string } {
  const configPath = join(projectDir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, projectDir);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2021,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    noEmit: false,
    declaration: false,
    sourceMap: false,
  };
  const buildDir = mkdtempSync(join(tmpdir(), 'schema-lens-oracle-'));
  const baseUrl = parsed.options.baseUrl ?? projectDir;
  const aliases = Object.entries(parsed.options.paths ?? {}).map(([pattern, targets]) => ({
    prefix: pattern.replace(/\*.*$/, ''),
    wildcard: pattern.includes('*'),
    // `src/shared/index.ts` is built as `.js`: drop the extension and let Node find the output.
    targets: targets.map((target) => join(buildDir, relative(projectDir, resolve(baseUrl, target))).replace(/\.ts$/, '')),
  }));
  return { options, aliases, buildDir };
}

/** Transpiles every .ts file of the project (no type check, like ts-node --transpile-only or swc). */
function transpileProject(projectDir: string, options: ts.CompilerOptions, buildDir: string): void {
  const files = fg.sync('**/*.ts', { cwd: projectDir, ignore: ['**/node_modules/**', '**/*.d.ts'] });
  for (const file of files) {
    const source = readFileSync(join(projectDir, file), 'utf8');
    const output = ts.transpileModule(source, { compilerOptions: options, fileName: file });
    const target = join(buildDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
}

/** The package's root folder (its exports map hides package.json from require.resolve). */
function typeormDirectory(typeormPackage: string): string {
  return dirname(require.resolve(typeormPackage, { paths: [repoRoot] }));
}

/**
 * Makes the built project resolve `typeorm` (also from typeorm-naming-strategies) to the chosen
 * TypeORM package, tsconfig `paths` aliases to the build directory, and other bare packages from
 * this repository's node_modules (the build directory lives outside it).
 */
function hookResolution(typeormPackage: string, aliases: PathAlias[]): void {
  const moduleWithInternals = Module as unknown as {
    _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  };
  const original = moduleWithInternals._resolveFilename;
  const typeormDir = typeormDirectory(typeormPackage);
  moduleWithInternals._resolveFilename = function (request, parent, isMain, options) {
    if (request === 'typeorm' || request.startsWith('typeorm/')) {
      return original.call(this, typeormDir + request.slice('typeorm'.length), parent, isMain, options);
    }
    for (const alias of aliases) {
      const matches = alias.wildcard ? request.startsWith(alias.prefix) : request === alias.prefix;
      if (!matches) continue;
      const rest = alias.wildcard ? request.slice(alias.prefix.length) : '';
      for (const target of alias.targets) {
        try {
          return original.call(this, target.replace('*', rest), parent, isMain, options);
        } catch {
          // try the next target, as TypeScript does
        }
      }
    }
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (error) {
      if (request.startsWith('.') || request.startsWith('/')) throw error;
      return original.call(this, request, parent, isMain, { paths: [repoRoot] });
    }
  };
}

interface DataSourceLike {
  options: Record<string, unknown>;
}

function findDataSource(exports: Record<string, unknown>, DataSource: new (...args: never[]) => unknown): DataSourceLike {
  const candidates = [exports.default, ...Object.values(exports)];
  const found = candidates.find((value) => value instanceof DataSource);
  if (!found) throw new Error('the data-source file exports no DataSource');
  return found as DataSourceLike;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as SynchronizeRequest;
  const { options, aliases, buildDir } = readCompilerOptions(request.projectDir);
  try {
    transpileProject(request.projectDir, options, buildDir);
    hookResolution(request.typeormPackage, aliases);
    require(require.resolve('reflect-metadata', { paths: [repoRoot] }));
    const typeorm = require('typeorm') as typeof import('typeorm');
    const builtDataSource = join(buildDir, request.dataSourceFile.replace(/\.ts$/, '.js'));
    const configured = findDataSource(require(builtDataSource) as Record<string, unknown>, typeorm.DataSource);
    const dataSource = new typeorm.DataSource({
      ...(configured.options as object),
      type: 'postgres',
      url: request.url,
      host: undefined,
      port: undefined,
      username: undefined,
      password: undefined,
      database: undefined,
      synchronize: true,
      migrationsRun: false,
      migrations: [],
      logging: request.logSql ? ['query', 'schema'] : false,
    } as import('typeorm').DataSourceOptions);
    const started = performance.now();
    await dataSource.initialize();
    const synchronizeMs = performance.now() - started;
    const result: SynchronizeChildResult = {
      synchronizeMs,
      typeormVersion: (JSON.parse(readFileSync(join(typeormDirectory(request.typeormPackage), 'package.json'), 'utf8')) as { version: string }).version,
      entityCount: dataSource.entityMetadatas.length,
      tables: dataSource.entityMetadatas.map((metadata) => `${metadata.schema ?? 'public'}.${metadata.tableName}`),
    };
    await dataSource.destroy();
    process.stdout.write(`ORACLE_RESULT ${JSON.stringify(result)}\n`);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

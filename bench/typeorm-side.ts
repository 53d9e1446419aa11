// TypeORM's own answer to "what differs?", timed phase by phase, in a child process of its own
// (fresh heap, so its peak memory is its own): compile the entities as a real build does
// (tsc program with decorator metadata), build the DataSource metadata, and run
// `driver.createSchemaBuilder().log()` — what `typeorm schema:log` prints.
// Usage: tsx bench/typeorm-side.ts <workspace root> <database url> <out json>
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

async function main(): Promise<void> {
  const [root, url, outFile] = process.argv.slice(2);
  if (!root || !url || !outFile) throw new Error('usage: typeorm-side <root> <url> <out.json>');
  const started = performance.now();

  const entityDir = join(root, 'src', 'entities');
  const files = readdirSync(entityDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(entityDir, f));
  // Inside the workspace, as a real build's dist/ is, so 'typeorm' resolves from node_modules.
  const outDir = join(root, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2021,
    module: ts.ModuleKind.CommonJS,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    strict: true,
    skipLibCheck: true,
    outDir,
    rootDir: join(root, 'src'),
  });
  const emitted = program.emit();
  const diagnostics = ts.getPreEmitDiagnostics(program).concat(emitted.diagnostics);
  const compiledMs = performance.now() - started;

  // Resolve 'typeorm' from this repository whatever the workspace location.
  const { DataSource } = require('typeorm') as typeof import('typeorm');
  const entities = files.map((f) => {
    const compiled = join(outDir, 'entities', f.slice(entityDir.length + 1).replace(/\.ts$/, '.js'));
    return Object.values(require(compiled) as Record<string, unknown>).filter((v) => typeof v === 'function');
  }).flat() as Function[];
  const loadedMs = performance.now() - started;

  const dataSource = new DataSource({ type: 'postgres', url, entities, logging: false });
  await dataSource.initialize();
  const metadataMs = performance.now() - started;
  const sql = await dataSource.driver.createSchemaBuilder().log();
  const loggedMs = performance.now() - started;
  await dataSource.destroy();
  rmSync(outDir, { recursive: true, force: true });

  writeFileSync(
    outFile,
    JSON.stringify({
      compileMs: compiledMs,
      loadMs: loadedMs - compiledMs,
      metadataMs: metadataMs - loadedMs,
      schemaLogMs: loggedMs - metadataMs,
      totalMs: loggedMs,
      compileErrors: diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      upQueries: sql.upQueries.map((q) => q.query),
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

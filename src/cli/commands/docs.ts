// `schema-lens docs --out DIR`: the schema as Markdown pages (one per table, an index with Mermaid ER
// diagrams) or, with --format json, as the model JSON of docs/model-json.md. The pages come from one
// runCheck(): the entities, compared with what check compares them with (the configured database,
// else the replay of the migrations), so every page shows the drift and findings check reports.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { runCheck, type CheckResult } from '../../core/check';
import { documentedTables, GENERATED_MARK, renderDocs, TABLES_FOLDER, type DocsOptions } from '../../core/schema-docs';
import { failUsage, oneOf, parseProjectArguments, projectOptionsHelp, reportProblems, UsageError } from '../options';
import { modelJson } from '../modelJson';
import { EXIT_OK, type Command } from '../command';

const HELP = `usage: schema-lens docs --out DIR [options]

Writes the schema as documentation: DIR/README.md (what was compared, Mermaid ER diagrams, every
table with its drift) and DIR/tables/<schema>.<table>.md (columns, keys in both directions,
indexes, checks, the entity class and line each object is declared at, open findings). The entities
are compared with the configured database, else with the schema the migrations build (an embedded
PostgreSQL), as check does; with --entities-only, or when neither is available, the entities alone.
Output is sorted and dated nowhere: commit it and review schema changes in pull requests.

${projectOptionsHelp}  --out DIR                 folder to write (created; stale pages of earlier runs removed)
  --format markdown|json    pages (default), or the models as JSON (DIR/entities.json, DIR/database.json)
  --entities-only           compare with nothing: no database, no replay

Exit codes: 0 written, 2 usage or connection errors.
`;

const docsOptions = {
  out: { type: 'string' },
  format: { type: 'string' },
  'entities-only': { type: 'boolean' },
} as const;

/** Writes a file only when its bytes change, so an unchanged schema leaves the folder untouched. */
function writeIfChanged(path: string, text: string): void {
  let old: string | undefined;
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    old = undefined;
  }
  if (old === text) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Pages an earlier run wrote for tables that are gone: only files that carry the generated mark. */
function removeStalePages(outDir: string, written: Set<string>): number {
  const folder = join(outDir, TABLES_FOLDER);
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(folder, entry);
    if (!entry.endsWith('.md') || written.has(path)) continue;
    if (!readFileSync(path, 'utf8').startsWith(GENERATED_MARK)) continue;
    rmSync(path);
    removed++;
  }
  return removed;
}

function comparedWith(result: CheckResult): DocsOptions['comparedWith'] {
  return result.source === 'database' ? 'database' : result.source === 'shadow' ? 'migrations' : 'none';
}

async function run(args: string[]): Promise<number> {
  let parsed;
  let format: 'markdown' | 'json';
  let outDir: string;
  try {
    parsed = parseProjectArguments(args, docsOptions);
    if (parsed.project.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    format = oneOf('format', parsed.values.format, ['markdown', 'json'] as const) ?? (parsed.project.json ? 'json' : 'markdown');
    if (!parsed.values.out) throw new UsageError('--out DIR is required: the folder to write the pages to');
    outDir = resolve(parsed.values.out);
  } catch (error) {
    return failUsage('docs', error);
  }
  const { root, overrides, timeoutMs } = parsed.project;
  let result: CheckResult;
  try {
    result = await runCheck({ root, overrides, timeoutMs, entitiesOnly: parsed.values['entities-only'] === true });
  } catch (error) {
    // Connection errors (DatabaseError) are already one line without the password.
    return failUsage('docs', error);
  }
  reportProblems(result.problems, root);
  if (result.comparedWith) process.stderr.write(`schema-lens: compared with ${result.comparedWith}.\n`);
  const where = relative(process.cwd(), outDir) || '.';

  if (format === 'json') {
    writeIfChanged(join(outDir, 'entities.json'), modelJson({ source: 'entities', model: result.intended, problems: result.problems, coverage: result.coverage, discovery: result.discovery }, root));
    if (result.actual) writeIfChanged(join(outDir, 'database.json'), modelJson({ source: 'database', model: result.actual, problems: [] }, root));
    process.stdout.write(`wrote ${result.actual ? 'entities.json and database.json' : 'entities.json'} to ${where}\n`);
    return EXIT_OK;
  }

  const tables = documentedTables(result.intended, result.actual, result.findings);
  const keys = new Set(tables.map((table) => table.key));
  const otherFindings = result.findings.filter((finding) => !keys.has(`${finding.schema}.${finding.table}`));
  const pages = renderDocs(tables, {
    root,
    outDir,
    comparedWith: comparedWith(result),
    otherFindings,
    enums: result.intended.enums,
    views: result.intended.views,
    ...(result.actual ? { actualEnums: result.actual.enums, actualViews: result.actual.views } : {}),
  });
  const written = new Set<string>();
  for (const page of pages) {
    const path = join(outDir, ...page.path.split('/'));
    writeIfChanged(path, page.text);
    written.add(path);
  }
  const removed = removeStalePages(outDir, written);
  process.stdout.write(`wrote ${pages.length} pages (${tables.length} tables) to ${where}${removed ? `; removed ${removed} stale` : ''}\n`);
  return EXIT_OK;
}

const docs: Command = { summary: 'write schema documentation: a Markdown page per table and Mermaid ER diagrams', run };
export default docs;

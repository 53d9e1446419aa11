// `npm run bench:lint`: the migration lint measured against squawk's own rule tests and on the
// migrations of the real-world corpus; writes bench/LINT.md.
//
//   npm run bench:lint [-- --corpora a,b] [--no-realworld] [--runs 3] [--out FILE]
//
// 1. squawk: every case of bench/lint/squawk-cases.json (npm run bench:lint:extract) becomes one
//    TypeORM migration file, read and linted as any other: its SQL in one queryRunner.query() in
//    up(), `transaction = false` when squawk lints it outside a transaction (squawk's default),
//    TypeORM's own transaction when squawk assumes one. A case agrees when we report one of the
//    squawk rule's codes (bench/lint/mapping.ts) exactly when squawk does. Every disagreement is
//    explained in bench/lint/disagreements.json (a deliberate difference or a bug); one that is
//    not is printed as UNEXPLAINED.
// 2. real world: the migration folders of bench/realworld/corpora/*.json, git-archived from the
//    mirrors (MIRROR_ROOT, default /work/.mirror; get one with the fetch tool) into the work dir
//    (SCHEMA_LENS_LINT_DIR, default /tmp/schema-lens-lint): findings per code, hand-checked
//    examples (bench/lint/realworld-checked.json, re-verified on each run), and the time.
// Fetched sources never enter the repository; the only file written in it is bench/LINT.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findFiles } from '../../src/core/config/index';
import { lintMigrations, readMigrationFiles, type MigrationFile } from '../../src/core/migrations/index';
import { ruleInfo, type Finding, type Severity } from '../../src/core/rules/index';
import { squawkToOurs } from './mapping';
import { migrationOf } from './case-migration';
import type { SquawkCase } from './squawk-tests';

const repoRoot = resolve(__dirname, '..', '..');
const { values: opts } = parseArgs({
  options: {
    corpora: { type: 'string' },
    'no-realworld': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: join(repoRoot, 'bench', 'LINT.md') },
  },
});
const workDir = resolve(process.env.SCHEMA_LENS_LINT_DIR ?? '/tmp/schema-lens-lint');
const mirrorRoot = resolve(process.env.MIRROR_ROOT ?? '/work/.mirror');
const SCHEMA = 'public';

interface CasesFile {
  source: string;
  commit: string;
  committed: string;
  cases: SquawkCase[];
  unreadable: { test: string; reason: string }[];
  testsWithoutCases: string[];
}

interface Explanation {
  /** deliberate: we differ on purpose; bug: ours is wrong (and reported / fixed); squawk: squawk's case is debatable. */
  kind: 'deliberate' | 'bug' | 'squawk';
  why: string;
}

const caseId = (c: SquawkCase): string => `${c.test}#${c.index}`;

// ---- squawk's cases -----------------------------------------------------------------------------

interface CaseResult {
  c: SquawkCase;
  codes: string[];
  /** Findings of the squawk rule's codes at their rule's severity or above: what we flag. */
  ours: number;
  /** Findings of those codes lowered to information because they are harmless there (a table created in the same migration). */
  harmless: number;
  parseError?: string;
}

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
/** Lowered below its rule's severity: harmless where it stands (a table created earlier in the same migration). */
const lowered = (f: Finding): boolean => rank[f.severity] < rank[ruleInfo(f.code)?.defaultSeverity ?? 'info'];

async function lintCases(cases: SquawkCase[]): Promise<CaseResult[]> {
  const texts = new Map<string, string>();
  const files = cases.map((c, i) => {
    const timestamp = 1700000000000 + i;
    const file = join(workDir, 'squawk', `${timestamp}-Case${i}.ts`);
    texts.set(file, migrationOf(c, `Case${i}${timestamp}`));
    return file;
  });
  const migrations = readMigrationFiles(files, texts);
  const results: CaseResult[] = [];
  for (const [i, c] of cases.entries()) {
    // One file at a time: what ran before in another case must not count.
    const findings = await lintMigrations([migrations[i]!], { schema: SCHEMA, transactionMode: 'each' });
    const mapped = findings.filter((f) => squawkToOurs[c.rule]?.codes.includes(f.code));
    const parse = findings.find((f) => f.code === 'SL601' || f.code === 'SL600');
    results.push({
      c,
      codes: findings.map((f) => f.code),
      ours: mapped.filter((f) => !lowered(f)).length,
      harmless: mapped.filter(lowered).length,
      ...(parse ? { parseError: `${parse.code}: ${parse.message}` } : {}),
    });
  }
  return results;
}

function agrees(r: CaseResult): boolean {
  return (r.c.verdict === 'violation') === (r.ours > 0);
}

function squawkSection(data: CasesFile, results: CaseResult[], explanations: Record<string, Explanation>): { text: string; unexplained: number } {
  const lines: string[] = [];
  const rules = [...new Set(results.map((r) => r.c.rule))].sort();
  const implemented = rules.filter((rule) => (squawkToOurs[rule]?.codes.length ?? 0) > 0);
  const missing = rules.filter((rule) => !implemented.includes(rule));
  const scored = results.filter((r) => implemented.includes(r.c.rule));
  const agree = scored.filter(agrees).length;
  lines.push(`## squawk's rule tests`, ``);
  lines.push(`Source: ${data.source} at \`${data.commit.slice(0, 12)}\` (${data.committed.slice(0, 10)}), ${data.cases.length} cases of ${rules.length} rules read from its Rust tests by \`bench/lint/squawk-extract.ts\` (${data.unreadable.length} tests build their SQL at run time and are left out: ${data.unreadable.map((u) => `\`${u.test}\``).join(', ')}). ` +
    `Each case is linted as a TypeORM migration: its SQL in one \`queryRunner.query()\`, the class with \`transaction = false\` unless squawk assumes a transaction (\`assume_in_transaction\`), as TypeORM runs it with \`migrationsTransactionMode: 'each'\`. squawk's PostgreSQL version setting is not ours: we judge for PostgreSQL 11 and later (cases that squawk runs with another version are marked *pgN*).`, ``);
  lines.push(`**${agree} of ${scored.length} cases agree** on the ${implemented.length} squawk rules we implement; ${results.length - scored.length} cases belong to the ${missing.length} squawk rules we do not implement.`, ``);
  lines.push(`| squawk rule | our code | cases | agree | false positives | false negatives | same count |`, `| --- | --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const rule of implemented) {
    const of = results.filter((r) => r.c.rule === rule);
    const fp = of.filter((r) => r.c.verdict === 'ok' && r.ours > 0).length;
    const fn = of.filter((r) => r.c.verdict === 'violation' && r.ours === 0).length;
    const counted = of.filter((r) => r.c.expectedViolations !== undefined && r.ours > 0);
    const same = counted.filter((r) => r.ours === r.c.expectedViolations).length;
    lines.push(`| ${rule} | ${squawkToOurs[rule]!.codes.join(', ')} | ${of.length} | ${of.length - fp - fn} | ${fp} | ${fn} | ${counted.length ? `${same}/${counted.length}` : '–'} |`);
  }
  const harmless = scored.filter((r) => r.c.verdict === 'ok' && r.ours === 0 && r.harmless > 0);
  lines.push(``, `"same count": of the cases where both report, how many report as many violations as squawk's snapshot shows. ` +
    `A finding counts when it keeps its rule's severity; one lowered to information because it is harmless where it stands (the table is created earlier in the same migration, so it is empty) does not: squawk's "ok" there is ours too (${harmless.length} of the agreeing cases).`, ``);

  lines.push(`### Rule mapping`, ``, `| squawk rule | our code | note |`, `| --- | --- | --- |`);
  for (const rule of Object.keys(squawkToOurs).sort()) {
    const m = squawkToOurs[rule]!;
    lines.push(`| ${rule} | ${m.codes.join(', ') || '—'} | ${m.note ?? ''} |`);
  }
  lines.push(``);
  lines.push(`Not implemented, with their cases: ${missing.map((rule) => `${rule} (${results.filter((r) => r.c.rule === rule).length})`).join(', ')}.`, ``);

  lines.push(`### Every disagreement`, ``);
  let unexplained = 0;
  const disagreements = scored.filter((r) => !agrees(r));
  if (disagreements.length === 0) lines.push(`None.`);
  for (const r of disagreements) {
    const id = caseId(r.c);
    const e = explanations[id];
    if (!e) unexplained++;
    const what = r.c.verdict === 'ok' ? `false positive (${r.codes.filter((code) => squawkToOurs[r.c.rule]!.codes.includes(code)).join(', ')})` : 'false negative';
    const version = r.c.settings.pgVersion !== 15 ? ` *pg${r.c.settings.pgVersion}*` : '';
    const sql = r.c.sql.trim().replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
    lines.push(`- \`${id}\` (${r.c.rule}, ${what}${version}${r.c.settings.assumeInTransaction ? ', in a transaction' : ''}): \`${sql.length > 160 ? `${sql.slice(0, 157)}...` : sql}\``);
    lines.push(e ? `  — **${e.kind}**: ${e.why}` : `  — **UNEXPLAINED**${r.parseError ? ` (${r.parseError})` : ''}`);
  }
  lines.push(``);
  const stale = Object.keys(explanations).filter((id) => !disagreements.some((r) => caseId(r.c) === id));
  if (stale.length) lines.push(`Explanations for cases that now agree (remove them from bench/lint/disagreements.json): ${stale.map((id) => `\`${id}\``).join(', ')}.`, ``);
  const parseErrors = results.filter((r) => r.parseError);
  if (parseErrors.length) {
    lines.push(`Cases PostgreSQL's parser (libpg-query, PostgreSQL 18) does not read: ${parseErrors.map((r) => `\`${caseId(r.c)}\``).join(', ')}.`, ``);
  }
  return { text: lines.join('\n'), unexplained };
}

// ---- real-world migrations -------------------------------------------------------------------------

interface Corpus {
  name: string;
  repo: string;
  commit: string;
  migrationGlobs?: string[];
}

interface Checked {
  corpus: string;
  /** File relative to the corpus root, and the 1-based line of the finding. */
  file: string;
  line: number;
  code: string;
  verdict: 'true positive' | 'false positive';
  why: string;
}

/** The folders of the globs (their part before the first wildcard), archived from the mirror once per commit. */
function extract(c: Corpus): string | undefined {
  const mirror = join(mirrorRoot, c.repo.replace('/', '+'), 'repo');
  if (!existsSync(mirror)) {
    console.log(`${c.name}: no mirror of ${c.repo} in ${mirrorRoot}; get it with:  fetch github:${c.repo}   (skipped)`);
    return undefined;
  }
  const root = join(workDir, 'corpora', c.name);
  const folders = [...new Set((c.migrationGlobs ?? []).map((glob) => {
    const parts = glob.split('/');
    return parts.slice(0, parts.findIndex((part) => /[*?{[]/.test(part))).join('/');
  }))];
  const marker = join(root, '.extracted');
  const stamp = `${c.commit} ${folders.join(' ')}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === stamp) return root;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const folder of folders) {
    const archive = spawnSync('git', ['--git-dir', mirror, 'archive', '--format=tar', c.commit, '--', folder || '.'], { maxBuffer: 1 << 30 });
    if (archive.status !== 0) {
      console.log(`${c.name}: git archive ${folder}: ${String(archive.stderr).trim().split('\n').pop()}`);
      continue;
    }
    spawnSync('tar', ['-x', '-C', root], { input: archive.stdout, maxBuffer: 1 << 30 });
  }
  writeFileSync(marker, stamp);
  return root;
}

/**
 * Where a corpus file's migration globs are stale at its pinned commit (the corpus file serves the
 * drift bench, where the migrations are not replayed): the folder the migrations are really in.
 */
const globOverrides: Record<string, { globs: string[]; why: string }> = {
  immich: { globs: ['server/src/infra/migrations/*.ts'], why: 'its corpus file names server/src/migrations, which at v1.90.2 is server/src/infra/migrations' },
  hedgedoc: { globs: ['backend/src/migrations/postgres-*.ts'], why: 'its app.module.ts loads `migrations/${type}-*`: the mariadb- and sqlite- files beside them never run on PostgreSQL' },
};

interface CorpusResult {
  corpus: Corpus;
  files: number;
  statements: number;
  findings: Finding[];
  /** Findings in down(): reverting is expected to drop what up() added. */
  downFindings: Finding[];
  coldMs: number;
  warmMs: number;
  /** CPU time of the warm run (user + system): steadier than wall time on a shared machine. */
  warmCpuMs: number;
  /** Of the warm time: reading the files (TypeScript parse, statement extraction). */
  warmReadMs: number;
  cachedMs: number;
}

async function lintCorpus(c: Corpus, runs: number): Promise<CorpusResult | undefined> {
  const corpus = globOverrides[c.name] ? { ...c, migrationGlobs: globOverrides[c.name]!.globs } : c;
  const root = extract(corpus);
  if (!root) return undefined;
  const files = await findFiles(root, corpus.migrationGlobs ?? []);
  if (files.length === 0) {
    console.log(`${c.name}: its migration globs (${(corpus.migrationGlobs ?? []).join(', ')}) match no file at ${c.commit.slice(0, 10)}`);
    return { corpus, files: 0, statements: 0, findings: [], downFindings: [], coldMs: 0, warmMs: 0, warmCpuMs: 0, warmReadMs: 0, cachedMs: 0 };
  }
  const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
  const lint = async (variant: string): Promise<{ ms: number; cpuMs: number; readMs: number; migrations: MigrationFile[]; findings: Finding[] }> => {
    // A changed comment gives each file a new checksum: the reader's cache cannot answer.
    const input = variant ? new Map([...texts].map(([file, text]) => [file, `${text}\n// ${variant}\n`])) : texts;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const migrations = readMigrationFiles(files, input);
    const read = performance.now();
    const findings = await lintMigrations(migrations, { schema: SCHEMA, readSource: (path) => input.get(path) });
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, readMs: read - started, migrations, findings };
  };
  const cold = await lint('');
  const warm: { ms: number; cpuMs: number; readMs: number }[] = [];
  for (let run = 1; run <= runs; run++) warm.push(await lint(`run ${run}`));
  const cached = await lint('');
  const middle = [...warm].sort((a, b) => a.ms - b.ms)[Math.floor(warm.length / 2)]!;
  // A finding belongs to down() when its place lies in one of down()'s calls.
  const downCalls = cold.migrations.flatMap((m) => m.statements.filter((st) => st.method === 'down').map((st) => st.span));
  const inDown = (f: Finding) => f.span !== undefined && downCalls.some((span) => span.file === f.span!.file && span.startOffset <= f.span!.startOffset && f.span!.endOffset <= span.endOffset);
  return {
    corpus,
    files: files.length,
    statements: cold.migrations.reduce((n, m) => n + m.statements.length, 0),
    findings: cold.findings.filter((f) => !inDown(f)),
    downFindings: cold.findings.filter(inDown),
    coldMs: cold.ms,
    warmMs: middle.ms,
    warmCpuMs: middle.cpuMs,
    warmReadMs: middle.readMs,
    cachedMs: cached.ms,
  };
}

function realworldSection(results: CorpusResult[], checked: Checked[], runs: number): string {
  const lines: string[] = [`## Real-world migrations`, ``];
  const linted = results.filter((r) => r.files > 0);
  const codes = [...new Set(linted.flatMap((r) => [...r.findings, ...r.downFindings].map((f) => f.code)))].sort();
  const sum = (pick: (r: CorpusResult) => number) => linted.reduce((n, r) => n + pick(r), 0);
  const files = sum((r) => r.files);
  const per1000 = (ms: number) => `${Math.round((ms / files) * 1000).toLocaleString('en-US')} ms`;
  lines.push(`The migration folders of the real-world corpus (bench/realworld/corpora, pinned commits), linted as \`schema-lens lint\` does: TypeORM's default transaction mode ('all'), no database (no table sizes: size-sensitive rules keep their default severity), every severity counted.`, ``);
  const overridden = linted.filter((r) => globOverrides[r.corpus.name]);
  if (overridden.length) lines.push(`Migration globs corrected here: ${overridden.map((r) => `${r.corpus.name} (${globOverrides[r.corpus.name]!.why})`).join('; ')}.`, ``);
  lines.push(`**Time:** ${files.toLocaleString('en-US')} migrations, ${sum((r) => r.statements).toLocaleString('en-US')} query-runner calls. Read + lint **${per1000(sum((r) => r.warmMs))} per 1,000 migrations warm** ` +
    `(CPU time ${per1000(sum((r) => r.warmCpuMs))}, the steadier number on a shared machine; of the wall time, reading the TypeScript: ${per1000(sum((r) => r.warmReadMs))}; median of ${runs} runs in one process, every file's text changed by a comment so no parse is reused; parsed SQL is cached by its text, as in the editor); ` +
    `${per1000(sum((r) => r.coldMs))} per 1,000 in the first, cold run (loading the SQL parser's WebAssembly and ts-morph included); ${per1000(sum((r) => r.cachedMs))} per 1,000 unchanged (the editor's re-lint). ` +
    `Target: under 1 s per 1,000 warm. Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB, shared with other work.`, ``);
  lines.push(`Findings in up(), per code, at their rule's severity; "harmless" counts those lowered to information because the table is created earlier in the same migration; down() has its own column (reverting drops what up() added, so SL606/SL607 there are expected):`, ``);
  lines.push(`| project | migrations | calls | ${codes.join(' | ')} | harmless | in down() | warm ms |`, `| --- | ---: | ---: | ${codes.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`);
  for (const r of results) {
    if (r.files === 0) {
      lines.push(`| ${r.corpus.name} | 0 | | ${codes.map(() => '').join(' | ')} | | | |`);
      continue;
    }
    const count = (code: string) => r.findings.filter((f) => f.code === code && !lowered(f)).length || '';
    lines.push(`| ${r.corpus.name} | ${r.files} | ${r.statements} | ${codes.map(count).join(' | ')} | ${r.findings.filter(lowered).length} | ${r.downFindings.length} | ${r.warmMs.toFixed(0)} |`);
  }
  lines.push(``);
  const empty = results.filter((r) => r.files === 0).map((r) => r.corpus.name);
  if (empty.length) lines.push(`No migrations read for: ${empty.join(', ')} (the migration globs match nothing at the pinned commit).`, ``);

  lines.push(`### Checked by hand`, ``);
  if (checked.length === 0) lines.push(`None yet.`);
  for (const check of checked) {
    const r = results.find((x) => x.corpus.name === check.corpus);
    const root = join(workDir, 'corpora', check.corpus);
    const present = [...(r?.findings ?? []), ...(r?.downFindings ?? [])].some((f) => f.code === check.code && f.span && relative(root, f.span.file) === check.file && f.span.start.line + 1 === check.line);
    lines.push(`- ${check.corpus} \`${check.file}:${check.line}\` ${check.code}: **${check.verdict}**${present ? '' : ' (no longer reported there)'}: ${check.why}`);
  }
  lines.push(``);
  return lines.join('\n');
}

// ---- main ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const data = JSON.parse(readFileSync(join(__dirname, 'squawk-cases.json'), 'utf8')) as CasesFile;
  const explanations = JSON.parse(readFileSync(join(__dirname, 'disagreements.json'), 'utf8')) as Record<string, Explanation>;
  const results = await lintCases(data.cases);
  const squawk = squawkSection(data, results, explanations);
  console.log(`squawk: ${results.filter((r) => (squawkToOurs[r.c.rule]?.codes.length ?? 0) > 0 && agrees(r)).length} cases agree; ${squawk.unexplained} disagreements unexplained`);

  let realworld = '';
  if (!opts['no-realworld']) {
    const wanted = opts.corpora?.split(',').map((s) => s.trim());
    const corpora = readdirSync(join(repoRoot, 'bench', 'realworld', 'corpora')).filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(repoRoot, 'bench', 'realworld', 'corpora', f), 'utf8')) as Corpus)
      .filter((c) => (wanted ? wanted.includes(c.name) : (c.migrationGlobs?.length ?? 0) > 0));
    const runs = Number(opts.runs);
    const corpusResults: CorpusResult[] = [];
    for (const c of corpora) {
      const r = await lintCorpus(c, runs);
      if (!r) continue;
      console.log(`${c.name}: ${r.files} migrations, ${r.findings.length} findings, warm ${r.warmMs.toFixed(0)} ms`);
      corpusResults.push(r);
    }
    const checked = JSON.parse(readFileSync(join(__dirname, 'realworld-checked.json'), 'utf8')) as Checked[];
    realworld = realworldSection(corpusResults, checked, runs);
  }

  const head = [
    `# Migration lint: measured`,
    ``,
    `Written by \`npm run bench:lint\` (bench/lint/run.ts) on ${new Date().toISOString().slice(0, 10)}, src at \`${spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).stdout.trim()}\`. Do not edit by hand: explanations live in bench/lint/disagreements.json, hand checks in bench/lint/realworld-checked.json, the mapping in bench/lint/mapping.ts.`,
    ``,
  ].join('\n');
  writeFileSync(opts.out, `${head}\n${squawk.text}\n${realworld}`);
  console.log(`wrote ${relative(process.cwd(), opts.out)}`);
}

void main();

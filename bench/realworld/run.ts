// `npm run bench:realworld`: Schema Lens on real public TypeORM projects, against the truth that
// TypeORM's own runtime makes from the same entities (the oracle in ../shared/oracle). Outside
// `npm test` and CI: it needs the fetched repositories (git mirrors made by the `fetch` tool),
// a PostgreSQL 15 installation for the oracle's throwaway cluster, and several minutes.
//
//   npm run bench:realworld [-- --corpora a,b] [--no-truth] [--seeds 42,7] [--k 8] [--out FILE]
//                              [--keep-cluster]
//
// One corpus = one file bench/realworld/corpora/NAME.json, a corpus entry of the oracle's
// corpora.json (a corpus with a "skip" field is left out unless --corpora names it). Everything
// the run makes lives in the work dir (SCHEMA_LENS_REALWORLD_DIR, default /tmp/schema-lens-realworld):
//   oracle/        a copy of the oracle (ORACLE_DIR, default <repo>/../shared/oracle), npm ci'd once;
//                  its corpora.json is assembled from our corpus files, its truth/ holds the truth
//   corpora/NAME   the sources, git-archived from the mirror (MIRROR_ROOT, default /work/.mirror)
//   build/NAME     the oracle's compiled copy of them;  pg/  the oracle's PostgreSQL cluster
//   results/       score and check JSON, logs
// Fetched sources and truth never enter the repository; the only file written in it is
// bench/REALWORLD.md (and dist/ by `npm run build`).
//
// Our deviations from the shared oracle live in bench/realworld/oracle-overlay: files laid over the
// copy (OVERLAY.json names the shared sha256 each was made from, and what each change does and why;
// REALWORLD.md lists them), plus "oracleModules" (third-party packages of a corpus installed into the
// copy's node_modules at the project's lockfile version, for its "realModules").
//
// Steps: assemble corpora.json -> pg.sh start -> extract.sh -> truth.mjs where the truth is
// missing or stale (keyed on the corpus entry, commit included, and the oracle's files) ->
// npm run build -> per corpus: `model --json` (tables read), `check` on the in-sync database
// (coverage, every false drift claim) -> the oracle's score.mjs once per seed -> REALWORLD.md.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const repoRoot = resolve(__dirname, '..', '..');
const corporaDir = join(__dirname, 'corpora');
/** Our deviations from the shared oracle: files laid over the copy (see oracle-overlay/OVERLAY.json). */
const overlayDir = join(__dirname, 'oracle-overlay');

const { values: opts } = parseArgs({
  options: {
    corpora: { type: 'string' },
    'no-truth': { type: 'boolean', default: false },
    seeds: { type: 'string', default: '42,7' },
    k: { type: 'string', default: '8' },
    out: { type: 'string', default: join(repoRoot, 'bench', 'REALWORLD.md') },
    'keep-cluster': { type: 'boolean', default: false },
  },
});

const workDir = resolve(process.env.SCHEMA_LENS_REALWORLD_DIR ?? '/tmp/schema-lens-realworld');
const oracleSrc = resolve(process.env.ORACLE_DIR ?? defaultOracleDir());
const mirrorRoot = resolve(process.env.MIRROR_ROOT ?? '/work/.mirror');
const oracleDir = join(workDir, 'oracle');
const sourcesRoot = join(workDir, 'corpora');
const buildRoot = join(workDir, 'build');
const pgRoot = join(workDir, 'pg');
const resultsDir = join(workDir, 'results');
const truthDir = join(oracleDir, 'truth');
const seeds = opts.seeds.split(',').map((s) => Number(s.trim()));
const k = Number(opts.k);
const PGBIN = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';

type Json = Record<string, any>;

/** <repo>/../shared/oracle; from a git worktree, beside the main checkout (whose .git the worktree shares). */
function defaultOracleDir(): string {
  const beside = join(repoRoot, '..', 'shared', 'oracle');
  if (existsSync(beside)) return beside;
  const common = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: repoRoot, encoding: 'utf8' }).stdout?.trim();
  const fromMain = common ? join(dirname(common), '..', 'shared', 'oracle') : '';
  return fromMain && existsSync(fromMain) ? fromMain : beside;
}

interface Corpus {
  name: string;
  repo: string;
  commit: string;
  ref?: string;
  skip?: string;
  entityGlobs: string[];
  checkArgs?: string[];
  [key: string]: unknown;
}

/** Environment every oracle script gets: its cluster, sources and build dirs inside the work dir. */
const oracleEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PGROOT: pgRoot,
  CORPORA_ROOT: sourcesRoot, // truth.mjs, extract.sh, perturb.mjs
  CORPORA: sourcesRoot, // score.mjs
  BUILD_ROOT: buildRoot,
  MIRROR_ROOT: mirrorRoot,
  PERTURB_DIR: join(workDir, 'perturb'), // score.mjs with overlay (j)
};

function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

function run(cmd: string, args: string[], options: SpawnSyncOptions & { logFile?: string } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  if (options.logFile) writeFileSync(options.logFile, `$ ${cmd} ${args.join(' ')}\n${stdout}\n--- stderr\n${stderr}`);
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout, stderr };
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of the oracle's own files (not node_modules, truth or corpora.json): a new oracle makes new truth. */
function oracleHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (['node_modules', 'truth', 'corpora.json', '.git'].includes(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(relative(dir, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(dir);
  return h.digest('hex');
}

interface OverlayFile {
  base: string;
  deviations: { id: string; what: string; why: string }[];
}

/** oracle-overlay/OVERLAY.json: which shared files we replace, the shared version each was made from, and why. */
function loadOverlay(): Record<string, OverlayFile> {
  const manifest = join(overlayDir, 'OVERLAY.json');
  if (!existsSync(manifest)) return {};
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { files: Record<string, OverlayFile> }).files;
}

/** OVERLAY.json "other": deviations made by run.ts itself rather than by a replaced file. */
function overlayOther(): OverlayFile['deviations'] {
  const manifest = join(overlayDir, 'OVERLAY.json');
  if (!existsSync(manifest)) return [];
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { other?: OverlayFile['deviations'] }).other ?? [];
}

/**
 * Refuses an overlay made from another version of a shared file (laying it over would silently undo
 * the shared change); returns the hash of the overlay files, part of the truth key.
 */
function checkOverlay(files: Record<string, OverlayFile>): string {
  const h = createHash('sha256');
  for (const [rel, f] of Object.entries(files).sort()) {
    const ours = join(overlayDir, rel);
    if (!existsSync(ours)) throw new Error(`oracle overlay: ${relative(repoRoot, ours)} is listed in OVERLAY.json but missing`);
    const shared = join(oracleSrc, rel);
    const base = existsSync(shared) ? sha(readFileSync(shared, 'utf8')) : '(absent)';
    if (base !== f.base) {
      throw new Error(
        `oracle overlay: the shared oracle's ${rel} changed (sha256 ${base.slice(0, 12)}, the overlay was made from ${f.base.slice(0, 12)}); ` +
          `remake ${relative(repoRoot, ours)} on the new file (keep only the deviations still needed) and update its base in OVERLAY.json`,
      );
    }
    h.update(rel).update('\0').update(readFileSync(ours)).update('\0');
  }
  return h.digest('hex');
}

// ---------------------------------------------------------------- lock (one run per work dir)
function takeLock(): () => void {
  mkdirSync(workDir, { recursive: true });
  const lock = join(workDir, '.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (alive && pid !== process.pid) {
      throw new Error(`another bench:realworld (pid ${pid}) is using ${workDir}; set SCHEMA_LENS_REALWORLD_DIR to another folder`);
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

// ---------------------------------------------------------------- corpora
/** Corpora left out by their "skip" field, with the reason (listed under "Not run"). */
const skippedByConfig: string[] = [];

function loadCorpora(): Corpus[] {
  const all = readdirSync(corporaDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const c = JSON.parse(readFileSync(join(corporaDir, f), 'utf8')) as Corpus;
      if (`${c.name}.json` !== f) throw new Error(`${f}: "name" must be ${f.replace(/\.json$/, '')}`);
      return c;
    });
  if (opts.corpora) {
    const wanted = opts.corpora.split(',').map((s) => s.trim()).filter(Boolean);
    for (const w of wanted) if (!all.some((c) => c.name === w)) throw new Error(`no corpus ${w} in ${relative(repoRoot, corporaDir)}`);
    return all.filter((c) => wanted.includes(c.name));
  }
  for (const c of all.filter((x) => x.skip)) {
    log(`skip ${c.name}: ${c.skip} (run it with --corpora ${c.name})`);
    skippedByConfig.push(`${c.name} (${c.repo} @ ${c.commit.slice(0, 12)}): ${c.skip}`);
  }
  return all.filter((c) => !c.skip);
}

/** The oracle's corpus entry: our file minus our own fields (schemaLens: declarations for our check). */
function oracleEntry(c: Corpus): Json {
  const { skip: _skip, observed: _observed, schemaLens: _schemaLens, ...entry } = c as Json;
  return entry;
}

// ---------------------------------------------------------------- oracle copy + cluster
function prepareOracle(): string {
  if (!existsSync(join(oracleSrc, 'truth.mjs'))) throw new Error(`no oracle at ${oracleSrc} (set ORACLE_DIR)`);
  const overlay = loadOverlay();
  const hash = sha(`${oracleHash(oracleSrc)}+${checkOverlay(overlay)}`);
  const stamp = join(oracleDir, '.oracle-hash');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
    log(`oracle: copying ${oracleSrc} -> ${oracleDir}`);
    // keep node_modules and truth (truth is keyed on the oracle hash, so stale truth is remade)
    for (const e of existsSync(oracleDir) ? readdirSync(oracleDir) : []) {
      if (!['node_modules', 'truth'].includes(e)) rmSync(join(oracleDir, e), { recursive: true, force: true });
    }
    mkdirSync(oracleDir, { recursive: true });
    cpSync(oracleSrc, oracleDir, { recursive: true, filter: (src) => !['node_modules', 'truth'].includes(relative(oracleSrc, src).split(sep)[0]!) });
    run('chmod', ['-R', 'u+w', oracleDir]);
    for (const rel of Object.keys(overlay)) {
      log(`oracle: overlay ${rel} (bench/realworld/oracle-overlay)`);
      cpSync(join(overlayDir, rel), join(oracleDir, rel));
    }
    writeFileSync(stamp, hash);
  }
  const lockHash = sha(readFileSync(join(oracleDir, 'package-lock.json'), 'utf8'));
  const ciStamp = join(oracleDir, 'node_modules', '.bench-ci');
  if (!existsSync(ciStamp) || readFileSync(ciStamp, 'utf8') !== lockHash) {
    log('oracle: npm ci');
    const r = run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: oracleDir, logFile: join(resultsDir, 'oracle-npm-ci.log') });
    if (r.status !== 0) throw new Error(`npm ci in ${oracleDir} failed (see ${join(resultsDir, 'oracle-npm-ci.log')})`);
    writeFileSync(ciStamp, lockHash);
  }
  return hash;
}

/**
 * A corpus' "oracleModules" ({ package: exact version from the project's lockfile }) are third-party
 * packages whose values reach the schema (enum values used as column defaults, ...). They are installed
 * into the oracle copy's node_modules (npm install --no-save; the oracle's own pins are untouched) so
 * that the corpus can list them in "realModules" instead of getting a stub. The union over every corpus
 * file is installed at once, so the set does not depend on --corpora.
 */
function installOracleModules(): void {
  const wanted = new Map<string, string>();
  for (const f of readdirSync(corporaDir).filter((x) => x.endsWith('.json'))) {
    const c = JSON.parse(readFileSync(join(corporaDir, f), 'utf8')) as Corpus;
    for (const [name, version] of Object.entries((c.oracleModules ?? {}) as Record<string, string>)) {
      if (wanted.has(name) && wanted.get(name) !== version) throw new Error(`oracleModules: ${name} is wanted at ${wanted.get(name)} and ${version}`);
      wanted.set(name, version);
    }
  }
  if (!wanted.size) return;
  const specs = [...wanted].sort().map(([n, v]) => `${n}@${v}`);
  const stamp = join(oracleDir, 'node_modules', '.bench-modules');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === specs.join('\n')) return;
  log(`oracle: npm install --no-save ${specs.join(' ')} (oracleModules of the corpora)`);
  const r = run('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...specs], { cwd: oracleDir, logFile: join(resultsDir, 'oracle-npm-modules.log') });
  if (r.status !== 0) throw new Error(`npm install of the corpora's oracleModules failed (see ${join(resultsDir, 'oracle-npm-modules.log')})`);
  writeFileSync(stamp, specs.join('\n'));
}

function startCluster(): boolean {
  const status = run(join(oracleDir, 'pg.sh'), ['status'], { env: oracleEnv });
  if (/server is running/.test(status.stdout)) return false;
  const r = run(join(oracleDir, 'pg.sh'), ['start'], { env: oracleEnv });
  if (r.status !== 0) throw new Error(`pg.sh start failed: ${r.stderr || r.stdout}`);
  log(r.stdout.trim());
  return true;
}

function pgPort(): number {
  return Number(readFileSync(join(pgRoot, 'port'), 'utf8').trim());
}

// ---------------------------------------------------------------- sources
function mirrorOf(c: Corpus): string {
  return join(mirrorRoot, c.repo.replace('/', '+'), 'repo');
}

function extract(c: Corpus): boolean {
  const mirror = mirrorOf(c);
  if (!existsSync(mirror)) {
    log(`${c.name}: no mirror of ${c.repo} in ${mirrorRoot}; get it with:  fetch github:${c.repo}   (skipped)`);
    return false;
  }
  const has = run('git', ['--git-dir', mirror, 'cat-file', '-e', `${c.commit}^{commit}`]);
  if (has.status !== 0) {
    log(`${c.name}: commit ${c.commit} is not in the mirror of ${c.repo}; re-fetch it with:  fetch github:${c.repo}   (skipped)`);
    return false;
  }
  const r = run(join(oracleDir, 'extract.sh'), [c.name], { env: oracleEnv, logFile: join(resultsDir, `extract-${c.name}.log`) });
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  for (const l of lines) if (/WARNING|MISSING|not in the mirror|extracted/.test(l)) log(l);
  return r.status === 0 && existsSync(join(sourcesRoot, c.name));
}

// ---------------------------------------------------------------- truth
function truthKey(c: Corpus, oracle: string): string {
  return sha(JSON.stringify({ commit: c.commit, entry: oracleEntry(c), oracle }));
}

function ensureTruth(c: Corpus, oracle: string): boolean {
  const keyFile = join(truthDir, `${c.name}.key`);
  const present = ['json', 'meta.json', 'sql'].every((x) => existsSync(join(truthDir, `${c.name}.${x}`)));
  const key = truthKey(c, oracle);
  const fresh = present && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key;
  if (fresh) return true;
  if (opts['no-truth']) {
    if (present) {
      log(`${c.name}: truth is stale (corpus entry or oracle changed) but --no-truth: reusing it`);
      return true;
    }
    log(`${c.name}: no truth and --no-truth: skipped`);
    return false;
  }
  log(`${c.name}: truth.mjs (TypeORM synchronise + catalog dump; one at a time)`);
  const t0 = Date.now();
  const logFile = join(resultsDir, `truth-${c.name}.log`);
  const r = run(process.execPath, [join(oracleDir, 'truth.mjs'), c.name], { cwd: oracleDir, env: oracleEnv, logFile });
  const summary = r.stderr.split('\n').filter((l) => /\] (done|drop|load error|PRELUDE)/.test(l));
  for (const l of summary.slice(0, 40)) log(`  ${l.slice(0, 240)}`);
  if (summary.length > 40) log(`  ... ${summary.length - 40} more lines in ${logFile}`);
  if (r.status !== 0 || !existsSync(join(truthDir, `${c.name}.meta.json`))) {
    log(`${c.name}: truth.mjs failed after ${((Date.now() - t0) / 1000).toFixed(0)} s (see ${logFile}); skipped`);
    rmSync(keyFile, { force: true });
    return false;
  }
  writeFileSync(keyFile, key);
  return true;
}

// ---------------------------------------------------------------- Schema Lens runs
const cli = join(repoRoot, 'dist', 'cli.js');

/** checkArgs that `model` also understands (naming, schema, entity and migration globs). */
function modelArgs(c: Corpus): string[] {
  const out: string[] = [];
  const a = c.checkArgs ?? [];
  for (let i = 0; i < a.length; i++) {
    if (['--naming', '--schema', '--entities', '--migrations'].includes(a[i]!) && i + 1 < a.length) out.push(a[i]!, a[++i]!);
  }
  return out;
}

interface TablesRead {
  read: number;
  expected: number;
  missing: string[];
  extra: string[];
  problems: number;
  error?: string;
}

function tablesRead(c: Corpus, truth: Json, meta: Json): TablesRead {
  const args = ['model', '--root', join(sourcesRoot, c.name), ...c.entityGlobs.flatMap((g) => ['--entities', g]), ...modelArgs(c), '--json'];
  const r = run(process.execPath, [cli, ...args], { timeout: 600_000, logFile: join(resultsDir, `model-${c.name}.log`) });
  const expectedTables: Json[] = (truth.tables as Json[]).filter((t) => !t.typeormInternal && (t.sources ?? []).length > 0);
  const expected = new Set(expectedTables.map((t) => `${t.schema}.${t.name}`));
  let model: Json;
  try {
    model = JSON.parse(r.stdout) as Json;
  } catch {
    return { read: 0, expected: expected.size, missing: [...expected], extra: [], problems: 0, error: `model exit ${r.status}: ${r.stderr.trim().split('\n').pop() ?? ''}` };
  }
  writeFileSync(join(resultsDir, `${c.name}.model.json`), JSON.stringify(model));
  const got = new Set(((model.model?.tables ?? []) as Json[]).map((t) => `${t.schema}.${t.name}`));
  // tables of classes TypeORM could not load have no truth: neither expected nor "extra"
  const unloadedFiles = new Set<string>([
    ...((meta.dropped ?? []) as Json[]).map((d) => d.file as string),
    ...((meta.sourceScan?.entityClasses ?? []) as Json[]).filter((e) => e.status !== 'loaded').map((e) => e.file as string),
  ]);
  const viewNames = new Set(((truth.views ?? []) as Json[]).map((v) => `${v.schema}.${v.name}`));
  const extra = [...got].filter((t) => {
    if (expected.has(t) || viewNames.has(t)) return false;
    const mt = ((model.model?.tables ?? []) as Json[]).find((x) => `${x.schema}.${x.name}` === t);
    const file = (mt?.entity?.file ?? mt?.span?.file) as string | undefined;
    return !(file && unloadedFiles.has(file));
  });
  return {
    read: [...expected].filter((t) => got.has(t)).length,
    expected: expected.size,
    missing: [...expected].filter((t) => !got.has(t)).sort(),
    extra: extra.sort(),
    problems: ((model.problems ?? []) as Json[]).length,
  };
}

/** The scorer's definition of a drift claim (score.mjs): drift/integrity but SL203, or SL303. */
const isClaim = (f: Json): boolean => (['drift', 'integrity'].includes(f.category) ? f.code !== 'SL203' : f.code === 'SL303');
const isDriftClaim = (f: Json): boolean => isClaim(f) && (f.severity === 'error' || f.severity === 'warning');

interface InSync {
  coverage: Json | null;
  falseClaims: Json[];
  findings: number;
  ms: number;
  error?: string;
}

async function admin<T>(port: number, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** check on a database restored from the truth's dump (TypeORM synchronised it from the same entities). */
async function checkInSync(c: Corpus, meta: Json): Promise<InSync> {
  const port = pgPort();
  const db = `bench_${c.name.replace(/[^a-zA-Z0-9]/g, '_')}`;
  await admin(port, async (cl) => {
    await cl.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await cl.query(`CREATE DATABASE "${db}" TEMPLATE template0 ENCODING 'UTF8'`);
  });
  try {
    const restore = run(join(PGBIN, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-f', join(truthDir, `${c.name}.sql`)]);
    if (restore.status !== 0) throw new Error(`psql restore of ${c.name}.sql failed: ${restore.stderr.trim()}`);
    const args = ['check', '--root', join(sourcesRoot, c.name), '--db', `postgres://postgres@127.0.0.1:${port}/${db}`];
    for (const g of c.entityGlobs) args.push('--entities', g);
    args.push(...(c.checkArgs ?? []), '--format', 'json', '--fail-on', 'never');
    const t0 = Date.now();
    const r = run(process.execPath, [cli, ...args], { timeout: 600_000 });
    const ms = Date.now() - t0;
    writeFileSync(join(resultsDir, `${c.name}.check.json`), r.stdout);
    writeFileSync(join(resultsDir, `${c.name}.check.stderr.log`), r.stderr);
    if (r.status !== 0) return { coverage: null, falseClaims: [], findings: 0, ms, error: `check exit ${r.status}: ${r.stderr.trim().split('\n').pop() ?? ''}` };
    const out = JSON.parse(r.stdout) as Json;
    const dropped = new Set(((meta.dropped ?? []) as Json[]).map((d) => d.file as string));
    const findings = (out.findings ?? []) as Json[];
    return { coverage: (out.coverage as Json | undefined) ?? null, falseClaims: findings.filter((f) => isDriftClaim(f) && !dropped.has(f.file)), findings: findings.length, ms };
  } finally {
    await admin(port, (cl) => cl.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
  }
}

interface SeedScore {
  seed: number;
  fp?: number;
  found?: number;
  expected?: number;
  missed: string[];
  checkMs?: number;
  fpExamples: Json[];
  error?: string;
}

/** The oracle's scorer, one seed at a time so that recall is reported per seed. */
function score(names: string[], seed: number): Map<string, SeedScore> {
  const out = join(resultsDir, `score-s${seed}.json`);
  rmSync(out, { force: true });
  log(`score.mjs --seeds ${seed} --k ${k} (${names.join(', ')})`);
  const r = run(process.execPath, [join(oracleDir, 'score.mjs'), '--project', repoRoot, '--corpora', names.join(','), '--seeds', String(seed), '--k', String(k), '--json', out], {
    cwd: oracleDir,
    env: oracleEnv,
    logFile: join(resultsDir, `score-s${seed}.log`),
  });
  for (const l of r.stdout.trim().split('\n')) if (l && !l.startsWith('  ')) log(`  ${l}`);
  const rows = new Map<string, SeedScore>();
  if (!existsSync(out)) {
    for (const n of names) rows.set(n, { seed, missed: [], fpExamples: [], error: `score.mjs failed: ${r.stderr.trim().split('\n').pop() ?? ''}` });
    return rows;
  }
  for (const row of JSON.parse(readFileSync(out, 'utf8')) as Json[]) {
    rows.set(row.corpus, row.error
      ? { seed, missed: [], fpExamples: [], error: row.error }
      : { seed, fp: row.fp, found: row.found, expected: row.expected, missed: row.missed ?? [], checkMs: row.checkMs, fpExamples: row.fpExamples ?? [] });
  }
  return rows;
}

// ---------------------------------------------------------------- report
interface Row {
  corpus: Corpus;
  typeormRanges: string[];
  meta: Json;
  tables: TablesRead;
  inSync: InSync;
  seeds: SeedScore[];
}

/** The TypeORM ranges the project's package.json files pin (the extracted ones). */
function typeormRanges(root: string): string[] {
  const found = new Map<string, string[]>();
  const walk = (d: string, depth: number): void => {
    if (depth > 6) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name === 'package.json') {
        try {
          const pkg = JSON.parse(readFileSync(p, 'utf8')) as Json;
          for (const sec of ['dependencies', 'devDependencies', 'peerDependencies']) {
            const v = pkg[sec]?.typeorm;
            if (typeof v === 'string') found.set(v, [...(found.get(v) ?? []), relative(root, p)]);
          }
        } catch {
          /* not JSON: ignore */
        }
      }
    }
  };
  walk(root, 0);
  return [...found].sort().map(([range, files]) => `${range} (${files.length === 1 ? files[0] : `${files.length} package.json files`})`);
}

const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
const fmtInt = (n: number): string => n.toLocaleString('en-US');

function coverageCell(cov: Json | null): string {
  const cols = cov?.columns as Json | undefined;
  if (!cols || typeof cols.total !== 'number') return 'n/a';
  // Read statically = every column but the unknown ones (read from the source, or inferred from a TypeORM default).
  const known = cols.total - (cols.unknown ?? 0);
  return `${fmtInt(known)} / ${fmtInt(cols.total)} (${pct(known, cols.total)})${cols.unknown ? `, ${fmtInt(cols.unknown)} unknown` : ''}`;
}

function recallCell(s: SeedScore | undefined): string {
  if (!s) return 'n/a';
  if (s.error) return 'error';
  return `${s.found}/${s.expected}`;
}

function describeFinding(f: Json): string {
  const where = f.file ? ` — ${f.file}${f.line ? `:${f.line}` : ''}` : '';
  const obj = [f.table, f.column ?? f.constraint].filter(Boolean).join('.');
  return `${f.code} ${f.severity} ${obj}: ${String(f.message ?? '').replace(/\s+/g, ' ').slice(0, 220)}${where}`;
}

function renderTable(rows: Row[]): string[] {
  const lines = [
    '| project | entity classes in source (loaded by TypeORM) | tables read / expected | columns read statically | false drift claims (in-sync DB) | ' +
      seeds.map((s) => `recall seed ${s}`).join(' | ') +
      ' | check time |',
    `|---|---:|---:|---|---:|${seeds.map(() => '---:|').join('')}---:|`,
  ];
  for (const r of rows) {
    const st = r.meta.stats as Json;
    const t = r.tables;
    const bySeed = seeds.map((s) => r.seeds.find((x) => x.seed === s));
    const checkMs = bySeed.find((s) => s?.checkMs != null)?.checkMs ?? r.inSync.ms;
    // the scorer's count (score.mjs, first seed's in-sync run); our own check run lists every claim
    const scored = bySeed.find((s) => s?.fp != null)?.fp;
    const own = r.inSync.error ? undefined : r.inSync.falseClaims.length;
    const fp = scored ?? own;
    const fpCell = fp == null ? 'error' : own != null && scored != null && own !== scored ? `${scored} (own run: ${own})` : String(fp);
    lines.push(
      `| ${r.corpus.name} | ${st.entityClassesInSource} (${st.entitiesLoadedFromSourceList ?? st.entitiesLoaded}) | ` +
        `${t.error ? 'error' : `${t.read} / ${t.expected} (${pct(t.read, t.expected)})`} | ${coverageCell(r.inSync.coverage)} | ${fpCell} | ` +
        bySeed.map(recallCell).join(' | ') +
        ` | ${(checkMs / 1000).toFixed(1)} s |`,
    );
  }
  const sum = (f: (r: Row) => number): number => rows.reduce((a, r) => a + f(r), 0);
  const found = seeds.map((s) => sum((r) => r.seeds.find((x) => x.seed === s)?.found ?? 0));
  const expected = seeds.map((s) => sum((r) => r.seeds.find((x) => x.seed === s)?.expected ?? 0));
  lines.push(
    `| **all** | ${fmtInt(sum((r) => r.meta.stats.entityClassesInSource))} (${fmtInt(sum((r) => r.meta.stats.entitiesLoadedFromSourceList ?? r.meta.stats.entitiesLoaded))}) | ` +
      `${fmtInt(sum((r) => r.tables.read))} / ${fmtInt(sum((r) => r.tables.expected))} (${pct(sum((r) => r.tables.read), sum((r) => r.tables.expected))}) | | ` +
      `${sum((r) => r.seeds.find((x) => x.fp != null)?.fp ?? r.inSync.falseClaims.length)} | ${seeds.map((_, i) => `${found[i]}/${expected[i]} (${pct(found[i]!, expected[i]!)})`).join(' | ')} | |`,
  );
  return lines;
}

/**
 * The product that was built: the last commit that changed it (not this bench: stable when bench-only
 * commits are rebased), and whether src/ had uncommitted changes. Taken when building, not when the
 * report is written at the end of a long run.
 */
function productState(): string {
  const head = run('git', ['log', '-1', '--format=%h', '--', 'src', 'package.json', 'esbuild.mjs'], { cwd: repoRoot }).stdout.trim();
  const dirty = run('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot }).stdout.trim() ? ' (with uncommitted changes in src/)' : '';
  return `${head}${dirty}`;
}

function renderReport(rows: Row[], skipped: string[], started: Date, product: string): string {
  const oraclePkg = JSON.parse(readFileSync(join(oracleDir, 'package.json'), 'utf8')) as Json;
  const out: string[] = [
    '# Schema Lens on real TypeORM projects',
    '',
    `Made by \`npm run bench:realworld\` (bench/realworld/run.ts) on ${started.toISOString().slice(0, 10)}, Schema Lens src at ${product}.`,
    `Truth: the oracle (../shared/oracle with our overlay, see "Deviations from the shared oracle"; TypeORM ${oraclePkg.dependencies?.typeorm}, PostgreSQL 15) loads each project's real entity classes, ` +
      "lets TypeORM `synchronize()` them into an empty database and dumps the catalog. On that database every drift claim is false; " +
      `recall counts the primary findings of ${k} seeded perturbations of it per seed (dropped FK, index, column, table or unique, flipped NOT NULL, changed type).`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; shared with other work, so times are indicative.`,
    '',
    ...renderTable(rows),
    '',
    '- entity classes in source: classes carrying an entity decorator (the project\'s wrappers included) in the entity globs; in brackets those TypeORM loaded (the others have no truth: see "dropped" below).',
    '- tables read / expected: tables of `schema-lens model` (the entity reader alone) that TypeORM created for the loaded classes, junction and closure tables included.',
    '- columns read statically: check\'s `coverage` (n/a while check does not report it).',
    '- false drift claims: drift/integrity errors and warnings (not SL203) and SL303 on the in-sync database, findings on files of dropped classes set aside (the scorer\'s rule).',
    '- recall: primary expected findings of the seeded perturbations that check reported (score.mjs).',
    '',
    '## Corpora',
    '',
    '| project | repository | commit | what it is | TypeORM it pins |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows) {
    // A corpus checked with declarations says so, and which: a user reading the table gets them from SL001.
    const declared = (r.corpus as Json).schemaLens;
    const declarations = declared ? `${/[.)]$/.test(r.corpus.ref ?? '') ? '' : '.'} Checked with these schema-lens.json declarations: \`${JSON.stringify(declared)}\`. ${((r.corpus as Json).schemaLensNote as string | undefined) ?? ''}` : '';
    out.push(`| ${r.corpus.name} | ${r.corpus.repo} | \`${r.corpus.commit.slice(0, 12)}\` | ${`${r.corpus.ref ?? ''}${declarations}`.trim().replace(/\|/g, '\\|')} | ${r.typeormRanges.map((x) => x.replace(/\|/g, '\\|')).join('<br>') || 'n/a'} |`);
  }
  if (skipped.length) out.push('', 'Not run:', '', ...skipped.map((s) => `- ${s}`));
  const overlay = Object.entries(loadOverlay()).sort();
  if (overlay.length) {
    out.push(
      '',
      '## Deviations from the shared oracle',
      '',
      'run.ts lays the files of bench/realworld/oracle-overlay over its copy of the shared oracle (each = the shared file at the sha256 named in OVERLAY.json plus only these changes; the run refuses a shared file that has changed since). ' +
        'None of them creates a table, column, constraint or index: TypeORM still builds every one.',
      '',
      '| file | change | why |',
      '|---|---|---|',
    );
    for (const [rel, f] of overlay) {
      for (const d of f.deviations) out.push(`| ${rel} (${d.id}) | ${d.what.replace(/\|/g, '\\|')} | ${d.why.replace(/\|/g, '\\|')} |`);
    }
    for (const d of overlayOther()) out.push(`| run.ts (${d.id}) | ${d.what.replace(/\|/g, '\\|')} | ${d.why.replace(/\|/g, '\\|')} |`);
  }
  out.push('', '## Details', '');
  for (const r of rows) {
    out.push(`### ${r.corpus.name}`, '');
    const dropped = (r.meta.dropped ?? []) as Json[];
    const notLoaded = ((r.meta.sourceScan?.entityClasses ?? []) as Json[]).filter((e) => e.status !== 'loaded' && e.status !== 'dropped');
    if (dropped.length) {
      out.push(`Dropped by the oracle (${dropped.length}; no truth for them):`, '');
      for (const d of dropped.slice(0, 30)) out.push(`- ${d.className} (${d.file}) [${d.stage}] ${String(d.reason).replace(/\s+/g, ' ').slice(0, 200)}`);
      if (dropped.length > 30) out.push(`- … ${dropped.length - 30} more`);
      out.push('');
    }
    if (notLoaded.length) out.push(`Source classes TypeORM never registered: ${notLoaded.map((e) => `${e.className} (${e.status})`).join(', ')}`, '');
    if (r.tables.error) out.push(`model failed: ${r.tables.error}`, '');
    if (r.tables.missing.length) out.push(`Tables not read (${r.tables.missing.length}): ${r.tables.missing.slice(0, 40).join(', ')}${r.tables.missing.length > 40 ? ', …' : ''}`, '');
    if (r.tables.extra.length) out.push(`Tables read that TypeORM did not create (${r.tables.extra.length}): ${r.tables.extra.slice(0, 40).join(', ')}${r.tables.extra.length > 40 ? ', …' : ''}`, '');
    if (r.inSync.error) out.push(`check on the in-sync database failed: ${r.inSync.error}`, '');
    const fps = r.inSync.falseClaims;
    if (fps.length) {
      const byCode = new Map<string, number>();
      for (const f of fps) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
      out.push(`False drift claims: ${fps.length} (${[...byCode].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ×${n}`).join(', ')}); examples:`, '');
      const seen = new Set<string>();
      const examples = fps.filter((f) => (seen.has(f.code) && seen.size < 12 ? false : (seen.add(f.code), true))).slice(0, 12);
      for (const f of examples) out.push(`- ${describeFinding(f)}`);
      out.push('');
    }
    for (const s of r.seeds) {
      if (s.error) out.push(`Seed ${s.seed}: error ${s.error}`, '');
      else if (s.missed.length) out.push(`Seed ${s.seed} missed (${s.missed.length}): ${s.missed.join('; ')}`, '');
    }
  }
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------- main
/**
 * Schema Lens takes the TypeORM version from the nearest node_modules/typeorm above the project root
 * (as a user's checkout has it); a work dir inside a tree that has one would lend the corpora that version.
 */
function warnAboutAncestorTypeorm(): void {
  for (let dir = sourcesRoot; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', 'typeorm', 'package.json'))) {
      log(`warning: ${join(dir, 'node_modules', 'typeorm')} is above the corpora: Schema Lens will take its TypeORM version for every corpus; put SCHEMA_LENS_REALWORLD_DIR elsewhere`);
      return;
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * What a user of the project would declare in schema-lens.json: the environment its database was
 * built with (the corpus `env`, the same the oracle's TypeORM ran with) and any `schemaLens`
 * declarations of the corpus entry. Written into the extracted sources, never into the repository.
 */
function writeDeclarations(c: Corpus): void {
  const file = join(sourcesRoot, c.name, 'schema-lens.json');
  const env = (c as Json).env as Record<string, string> | undefined;
  const declared = { ...((c as Json).schemaLens as Json | undefined), ...(env && Object.keys(env).length ? { env } : {}) };
  if (Object.keys(declared).length) writeFileSync(file, `${JSON.stringify(declared, null, 2)}\n`);
  else rmSync(file, { force: true });
}

async function main(): Promise<void> {
  const started = new Date();
  const release = takeLock();
  warnAboutAncestorTypeorm();
  let stopCluster = false;
  try {
    mkdirSync(resultsDir, { recursive: true });
    const corpora = loadCorpora();
    const oracle = prepareOracle();
    installOracleModules();
    // corpora.json: every selected corpus (truth.mjs rewrites its "observed" blocks)
    writeFileSync(join(oracleDir, 'corpora.json'), `${JSON.stringify({ format: 'typeorm-drift-oracle/corpora@1', note: 'assembled by bench/realworld/run.ts from bench/realworld/corpora/*.json', corpora: corpora.map(oracleEntry) }, null, 2)}\n`);
    stopCluster = startCluster() && !opts['keep-cluster'];

    const skipped: string[] = [...skippedByConfig];
    const ready: Corpus[] = [];
    for (const c of corpora) {
      if (!extract(c)) {
        skipped.push(`${c.name} (${c.repo}): sources not available — \`fetch github:${c.repo}\``);
        continue;
      }
      if (!ensureTruth(c, oracle)) {
        skipped.push(`${c.name} (${c.repo}): no truth (truth.mjs failed or --no-truth; see results/truth-${c.name}.log in the work dir)`);
        continue;
      }
      writeDeclarations(c);
      ready.push(c);
    }
    if (!ready.length) throw new Error('no corpus is ready (sources and truth)');

    log('npm run build');
    const product = productState();
    const build = run('npm', ['run', 'build'], { cwd: repoRoot, logFile: join(resultsDir, 'build.log') });
    if (build.status !== 0) throw new Error(`npm run build failed (see ${join(resultsDir, 'build.log')})`);

    const rows: Row[] = [];
    for (const c of ready) {
      const truth = JSON.parse(readFileSync(join(truthDir, `${c.name}.json`), 'utf8')) as Json;
      const meta = JSON.parse(readFileSync(join(truthDir, `${c.name}.meta.json`), 'utf8')) as Json;
      log(`${c.name}: model (tables read) and check on the in-sync database`);
      const tables = tablesRead(c, truth, meta);
      const inSync = await checkInSync(c, meta);
      rows.push({ corpus: c, typeormRanges: typeormRanges(join(sourcesRoot, c.name)), meta, tables, inSync, seeds: [] });
      log(`  tables ${tables.read}/${tables.expected}, false drift claims ${inSync.error ?? inSync.falseClaims.length}, coverage ${coverageCell(inSync.coverage)}, check ${(inSync.ms / 1000).toFixed(1)} s`);
    }
    for (const seed of seeds) {
      const scored = score(ready.map((c) => c.name), seed);
      for (const r of rows) r.seeds.push(scored.get(r.corpus.name) ?? { seed, missed: [], fpExamples: [], error: 'not scored' });
    }
    writeFileSync(join(resultsDir, 'summary.json'), JSON.stringify(rows.map((r) => ({ ...r, meta: r.meta.stats, corpus: r.corpus.name })), null, 2));

    log('');
    for (const l of renderTable(rows)) log(l);
    const report = renderReport(rows, skipped, started, product);
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, report);
    log(`\nwrote ${relative(process.cwd(), opts.out) || opts.out}; full results in ${resultsDir}`);
    if (skipped.length) log(`not run: ${skipped.join('; ')}`);
  } finally {
    if (stopCluster) run(join(oracleDir, 'pg.sh'), ['stop'], { env: oracleEnv });
    release();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:realworld: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

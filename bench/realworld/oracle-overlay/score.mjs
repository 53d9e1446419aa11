// score.mjs — scores the project's `schema-lens check --format json` against the held-out truth.
//
//   node score.mjs --project DIR [--corpora a,b] [--seeds 42,7] [--k 8] [--json OUT]
//
// For each corpus (a "drift claim" is a drift or integrity finding other than SL203, or SL303):
//   fp      restore truth/NAME.sql (a database TypeORM synchronised from the same entities) and run
//           check on it: every error/warning drift claim is a false positive
//           (findings on entity files whose classes TypeORM could not load are set aside).
//   recall  for each seed, `perturb.mjs db` perturbs a restored database and lists the primary
//           expected findings; one counts as found when a new (not in the fp run) drift claim
//           names the same table (and column, where the expectation has one).
// The CLI contract (from the project's findings issue): check --root DIR --db URL --entities GLOB...
// --format json --fail-on never; JSON { findings: [{ code, category, severity, message, schema,
// table, column?, constraint?, file?, line? }] }. The CLI path is package.json's bin "schema-lens".
// Prints one line per corpus and a last line: `fp=N recall=F/E corpora=C errors=X`.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pgConn, restoreSchema, dropDatabase } from './lib/pgutil.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const project = path.resolve(opt('project', '.'));
const corpora = JSON.parse(fs.readFileSync(path.join(HERE, 'corpora.json'), 'utf8')).corpora;
const wanted = opt('corpora', corpora.map((c) => c.name).join(',')).split(',');
const seeds = opt('seeds', '42').split(',').map(Number);
const k = Number(opt('k', '8'));
const corpusRoot = process.env.CORPORA ?? '/tmp/corpora';

const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
const binRel = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['schema-lens'];
if (!binRel) throw new Error('package.json has no bin "schema-lens"');
const cli = path.join(project, binRel);
if (!fs.existsSync(cli)) throw new Error(`CLI not built: ${cli} (run npm run build in the project)`);

const url = (db) => {
  const c = pgConn();
  return `postgres://${c.user}@${c.host}:${c.port}/${db}`;
};

function check(corpus, db) {
  const cmd = ['check', '--root', path.join(corpusRoot, corpus.name), '--db', url(db)];
  for (const g of corpus.entityGlobs) cmd.push('--entities', g);
  cmd.push(...(corpus.checkArgs ?? []));   // what a user of that project would pass (e.g. its naming)
  cmd.push('--format', 'json', '--fail-on', 'never');
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...cmd], { encoding: 'utf8', maxBuffer: 512 << 20, timeout: 600_000 });
  const ms = Date.now() - t0;
  if (r.status !== 0) return { error: `exit ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-1)[0]}`, ms };
  try {
    return { findings: JSON.parse(r.stdout).findings ?? [], ms };
  } catch (e) {
    return { error: `bad JSON: ${e.message}`, ms };
  }
}

const lc = (s) => (s == null ? '' : String(s).toLowerCase());
const key = (f) => `${f.code}|${lc(f.table)}|${lc(f.column)}|${lc(f.constraint)}`;
// A drift claim says the entities and the database disagree: drift and integrity findings (but the
// SL203 naming heuristic) and a declared index missing (SL303). Advisory index findings (FK without
// index, redundant, unused) are real on an in-sync database and are not claims of drift.
const isClaim = (f) => ['drift', 'integrity'].includes(f.category) ? f.code !== 'SL203' : f.code === 'SL303';
const isDrift = (f) => isClaim(f) && (f.severity === 'error' || f.severity === 'warning');

const rows = [];
let fpTotal = 0, found = 0, expected = 0, errors = 0;
for (const corpus of corpora.filter((c) => wanted.includes(c.name))) {
  const meta = JSON.parse(fs.readFileSync(path.join(HERE, 'truth', `${corpus.name}.meta.json`), 'utf8'));
  const droppedFiles = new Set((meta.dropped ?? []).map((d) => d.file));
  const db = `score_${corpus.name.replace(/-/g, '_')}`;
  await restoreSchema(db, path.join(HERE, 'truth', `${corpus.name}.sql`));
  const base = check(corpus, db);
  await dropDatabase(db);
  if (base.error) {
    errors++;
    rows.push({ corpus: corpus.name, error: base.error });
    console.log(`${corpus.name}: error ${base.error}`);
    continue;
  }
  const fps = base.findings.filter((f) => isDrift(f) && !droppedFiles.has(f.file));
  fpTotal += fps.length;
  const baseKeys = new Set(base.findings.map(key));
  let cFound = 0, cExpected = 0;
  const missed = [];
  for (const seed of seeds) {
    // overlay (j): the perturbation file in PERTURB_DIR (run.ts: its work dir) rather than the machine-wide
    // /tmp/harness-perturb, so that two bench runs never read each other's perturbations
    const perturbDir = process.env.PERTURB_DIR ?? '/tmp/harness-perturb';
    fs.mkdirSync(perturbDir, { recursive: true });
    const out = `${perturbDir}/score-${corpus.name}-s${seed}.json`;
    execFileSync(process.execPath, [path.join(HERE, 'perturb.mjs'), 'db', '--corpus', corpus.name, '--seed', String(seed), '--k', String(k), '--out', out], { stdio: 'ignore' });
    const p = JSON.parse(fs.readFileSync(out, 'utf8'));
    const run = check(corpus, p.database.database);
    await dropDatabase(p.database.database);
    const primaries = p.expectedFindings.filter((e) => e.primary);
    cExpected += primaries.length;
    if (run.error) { errors++; missed.push(`seed ${seed}: ${run.error}`); continue; }
    const fresh = run.findings.filter((f) => isClaim(f) && !baseKeys.has(key(f)));
    for (const e of primaries) {
      const hit = fresh.some((f) => lc(f.table) === lc(e.table) && (!e.column || lc(f.column) === lc(e.column) || !f.column));
      if (hit) cFound++; else missed.push(`${e.kind} ${e.table}${e.column ? '.' + e.column : ''}`);
    }
  }
  found += cFound; expected += cExpected;
  rows.push({ corpus: corpus.name, fp: fps.length, fpExamples: fps.slice(0, 10), found: cFound, expected: cExpected, missed, checkMs: base.ms });
  console.log(`${corpus.name}: fp=${fps.length} recall=${cFound}/${cExpected} check=${base.ms}ms` + (fps.length ? `\n  fp e.g. ${fps.slice(0, 3).map((f) => `${f.code} ${f.table}.${f.column ?? ''} ${f.message}`).join(' | ')}` : '') + (missed.length ? `\n  missed: ${missed.slice(0, 5).join('; ')}` : ''));
}
if (opt('json')) fs.writeFileSync(opt('json'), JSON.stringify(rows, null, 2));
console.log(`fp=${fpTotal} recall=${found}/${expected} corpora=${rows.length} errors=${errors}`);
process.exit(fpTotal === 0 && found === expected && errors === 0 && rows.length > 0 ? 0 : 1);

#!/usr/bin/env node
// truth.mjs — ground truth for the TypeORM-entities-vs-PostgreSQL drift oracle.
//
// For each corpus in corpora.json: compile its TypeScript (TypeScript compiler API,
// experimentalDecorators + emitDecoratorMetadata) into /tmp/corpora-build/NAME, load the
// entity modules with TypeORM's real runtime (third-party packages stubbed), build the
// DataSource metadata (dropping entities that cannot load, with the reason), run
// synchronize() into a fresh database of the local cluster, then introspect it.
//
// Writes, per corpus, into harness/truth/ (or --out):
//   NAME.json       catalog truth (tables, columns, PK, uniques, FKs, checks, indexes, enums)
//   NAME.meta.json  TypeORM metadata per entity (class, file, table, columns, relations,
//                   indices) + load/drop/stub log
//   NAME.sql        pg_dump --schema-only of the synchronized database
// and refreshes the "observed" block of each corpus in corpora.json.
//
// usage: node truth.mjs [NAME ...] [--src DIR] [--build DIR] [--out DIR] [--db DBNAME]
//                       [--keep-db] [--no-corpora-update]
//   (--src/--build/--db only make sense with a single NAME; perturb.mjs uses them)
// needs: ./pg.sh start (cluster) and ./extract.sh (sources in /tmp/corpora/NAME)
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript'; // overlay (d): scanEntitySchemas

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONFIG_FILE = path.join(HERE, 'corpora.json');
export const CORPORA_ROOT = process.env.CORPORA_ROOT ?? '/tmp/corpora';
export const BUILD_ROOT = process.env.BUILD_ROOT ?? '/tmp/corpora-build';
const DEFAULT_OUT = path.join(HERE, 'truth');

function parseArgs(argv) {
  const o = { names: [], keepDb: false, updateCorpora: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--src') o.src = argv[++i];
    else if (a === '--build') o.build = argv[++i];
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--db') o.db = argv[++i];
    else if (a === '--keep-db') o.keepDb = true;
    else if (a === '--no-corpora-update') o.updateCorpora = false;
    else if (a === '--worker') o.worker = argv[++i];
    else if (a === '-h' || a === '--help') o.help = true;
    else o.names.push(a);
  }
  return o;
}

const readConfig = () => JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8'));
export const dbNameFor = (name) => `truth_${name.replace(/[^a-zA-Z0-9]/g, '_')}`;

// ---------------------------------------------------------------- orchestrator
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 21).join('\n'));
    return;
  }
  if (opts.worker) return worker(opts.worker, opts);
  const config = readConfig();
  const names = opts.names.length ? opts.names : config.corpora.map((c) => c.name);
  const outDir = opts.out ?? DEFAULT_OUT;
  fs.mkdirSync(outDir, { recursive: true });
  const rows = [];
  for (const name of names) {
    if (!config.corpora.some((c) => c.name === name)) throw new Error(`unknown corpus ${name}`);
    const args = [fileURLToPath(import.meta.url), '--worker', name, '--out', outDir];
    for (const k of ['src', 'build', 'db']) if (opts[k]) args.push(`--${k}`, opts[k]);
    if (opts.keepDb) args.push('--keep-db');
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=6144', ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    const metaFile = path.join(outDir, `${name}.meta.json`);
    if (r.status !== 0 || !fs.existsSync(metaFile)) {
      console.error(`truth.mjs: worker for ${name} failed (exit ${r.status})`);
      rows.push({ name, failed: true, seconds: (Date.now() - t0) / 1000 });
      continue;
    }
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    rows.push({ name, ...meta.stats });
  }
  if (opts.updateCorpora && !opts.src) {
    const cfg = readConfig();
    for (const row of rows) {
      if (row.failed) continue;
      const c = cfg.corpora.find((x) => x.name === row.name);
      const meta = JSON.parse(fs.readFileSync(path.join(outDir, `${row.name}.meta.json`), 'utf8'));
      c.observed = {
        typeormVersion: meta.typeormVersion,
        postgresVersion: meta.postgresVersion,
        entityFiles: meta.stats.entityFiles,
        entityClassesInSource: meta.stats.entityClassesInSource,
        entitiesRegisteredWithTypeORM: meta.stats.entitiesRegistered,
        entitiesInDataSource: meta.stats.entitiesLoaded,
        entitiesDropped: meta.stats.entitiesDropped,
        filesFailingToLoad: meta.stats.fileLoadErrors,
        db: meta.stats.db,
        seconds: meta.stats.seconds,
        features: meta.features,
        decoratorCounts: meta.sourceScan.decoratorCounts,
        staticFeatures: meta.sourceScan.staticFeatures,
      };
    }
    fs.writeFileSync(CONFIG_FILE, `${JSON.stringify(cfg, null, 2)}\n`);
  }
  console.log('\ncorpus               src-classes registered loaded dropped | tables  FKs  indexes uniques checks | seconds');
  for (const r of rows) {
    if (r.failed) {
      console.log(`${r.name.padEnd(20)} FAILED after ${r.seconds}s`);
      continue;
    }
    console.log(
      `${r.name.padEnd(20)} ${String(r.entityClassesInSource).padStart(11)} ${String(r.entitiesRegistered).padStart(10)} ${String(r.entitiesLoaded).padStart(6)} ${String(r.entitiesDropped).padStart(7)} | ${String(r.db.tables).padStart(6)} ${String(r.db.foreignKeys).padStart(4)} ${String(r.db.indexes).padStart(8)} ${String(r.db.uniqueConstraints).padStart(7)} ${String(r.db.checks).padStart(6)} | ${r.seconds.total}`,
    );
  }
  if (rows.some((r) => r.failed)) process.exitCode = 1;
}

// ---------------------------------------------------------------- worker
function inheritanceChain(target) {
  const chain = [];
  for (let t = target; t && t !== Function.prototype; t = Object.getPrototypeOf(t)) chain.push(t);
  return chain;
}

function captureConsole(sink, limit = 200) {
  const saved = {};
  for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    saved[k] = console[k];
    console[k] = (...a) => {
      if (sink.length < limit) sink.push(`${k}: ${a.map((x) => (typeof x === 'string' ? x : (() => { try { return JSON.stringify(x); } catch { return String(x); } })())).join(' ')}`.slice(0, 400));
    };
  }
  return () => Object.assign(console, saved);
}

// overlay (d): `new EntitySchema({ name: '...', ... })` in an entity file, counted like a decorated class
// (className = the `name` option when it is a string literal, else the variable it is assigned to)
function scanEntitySchemas(srcRoot, relFiles, scan) {
  for (const rel of relFiles) {
    const text = fs.readFileSync(path.join(srcRoot, rel), 'utf8');
    if (!text.includes('EntitySchema')) continue;
    const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node) => {
      if (ts.isNewExpression(node) && (ts.isIdentifier(node.expression) ? node.expression.text : ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : null) === 'EntitySchema') {
        const opts = node.arguments?.[0];
        const nameProp = opts && ts.isObjectLiteralExpression(opts) ? opts.properties.find((p) => ts.isPropertyAssignment(p) && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === 'name') : null;
        const decl = ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent : null;
        const className = nameProp && (ts.isStringLiteral(nameProp.initializer) || ts.isNoSubstitutionTemplateLiteral(nameProp.initializer)) ? nameProp.initializer.text : decl?.name.text ?? '(anonymous EntitySchema)';
        const stmt = decl?.parent?.parent;
        const exported = !!stmt && (ts.getModifiers(stmt) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        scan.entityClasses.push({ className, file: rel, decorator: 'EntitySchema', abstract: false, extends: null, exported, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
        scan.decoratorCounts['new EntitySchema'] = (scan.decoratorCounts['new EntitySchema'] ?? 0) + 1;
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
}

async function worker(name, opts) {
  const T0 = Date.now();
  const phase = {};
  const mark = (k, since) => (phase[k] = +((Date.now() - since) / 1000).toFixed(2));
  const { expandGlobs, CorpusLoader, harnessRequire } = await import('./lib/loader.mjs');
  const { scanFiles } = await import('./lib/scan.mjs');
  const { preludes } = await import('./lib/preludes.mjs');
  const { isStub, stubUsage, containsStubMarker } = await import('./lib/stub.mjs');
  const { introspect, countObjects } = await import('./lib/introspect.mjs');
  const { buildMeta, featuresFromMeta } = await import('./lib/meta.mjs');
  const { pgConn, withClient, recreateDatabase, dropDatabase, pgDumpSchema } = await import('./lib/pgutil.mjs');

  const corpus = readConfig().corpora.find((c) => c.name === name);
  const srcRoot = path.resolve(opts.src ?? path.join(CORPORA_ROOT, name));
  const buildRoot = path.resolve(opts.build ?? path.join(BUILD_ROOT, name));
  const outDir = opts.out ?? DEFAULT_OUT;
  const dbName = opts.db ?? dbNameFor(name);
  if (!fs.existsSync(srcRoot)) {
    console.error(`truth.mjs: ${srcRoot} missing — run ./extract.sh ${name}`);
    process.exit(2);
  }
  const logLines = [];
  const log = (m) => {
    logLines.push(m);
    process.stderr.write(`[${name}] ${m}\n`);
  };

  // 1. static scan
  let t = Date.now();
  const entityFiles = expandGlobs(srcRoot, corpus.entityGlobs, corpus.excludeGlobs ?? []);
  const entityFileSet = new Set(entityFiles);
  const scan = scanFiles(srcRoot, entityFiles, corpus.entityDecorators);
  // overlay (d): with "entitySchemas": true, `new EntitySchema({ name, ... })` in the entity files are
  // entities in source too (activepieces declares every entity that way)
  if (corpus.entitySchemas) scanEntitySchemas(srcRoot, entityFiles, scan);
  log(`scan: ${entityFiles.length} entity files, ${scan.entityClasses.length} entity classes in source`);
  mark('scan', t);

  // 2. compile
  t = Date.now();
  const preludeFiles = expandGlobs(srcRoot, corpus.preludeFiles ?? [], ['**/*.d.ts']);
  const loader = new CorpusLoader(corpus, { srcRoot, buildRoot, log });
  const emit = loader.emit([...entityFiles, ...preludeFiles]);
  log(`compile: ${emit.programFiles} program files, ${emit.emittedJs} .js emitted in ${emit.seconds}s`);
  // overlay (e): "buildAssets" globs = non-TypeScript files the corpus' modules read at load time relative
  // to __dirname (impact-graph's src/config.ts: dotenv.config({ path: `${__dirname}/../config/${NODE_ENV}.env` })),
  // linked into the build dir at the same relative path, as the project's own build layout has them
  for (const rel of expandGlobs(srcRoot, corpus.buildAssets ?? [])) {
    const dest = path.join(buildRoot, rel);
    if (fs.existsSync(dest)) continue;
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.symlinkSync(path.join(srcRoot, rel), dest);
  }
  mark('compile', t);

  // 3. load entity modules (+ prelude, synchronously, before any deferred decorator runs)
  t = Date.now();
  const consoleLines = [];
  const restoreConsole = captureConsole(consoleLines);
  let preludeResult = null;
  let preludeError = null;
  let namingStrategy = null;
  let typeorm;
  let typeormVersion;
  try {
    loader.install();
    typeorm = loader.typeorm;
    typeormVersion = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/typeorm/package.json'), 'utf8')).version;
    loader.loadFiles(entityFiles);
    if (corpus.prelude) {
      try {
        preludeResult = preludes[corpus.prelude]({ loader, srcRoot, log });
      } catch (e) {
        preludeError = String(e?.stack ?? e).split('\n').slice(0, 5).join(' | ');
      }
    }
    // a project's own naming strategy class (corpus.namingStrategy = { file, export }), from its compiled code
    if (corpus.namingStrategy) {
      // overlay (i): or { module, export } = a class of a real third-party package (installed by run.ts
      // from the corpus' oracleModules at the project's lockfile version), as the project's DataSource uses it
      const from = corpus.namingStrategy.module ? harnessRequire(corpus.namingStrategy.module) : loader.requireSource(corpus.namingStrategy.file);
      const Strategy = from[corpus.namingStrategy.export];
      namingStrategy = new Strategy();
      log(`naming strategy: ${corpus.namingStrategy.export} from ${corpus.namingStrategy.module ?? corpus.namingStrategy.file}`);
    }
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  } finally {
    restoreConsole();
  }
  if (preludeError) log(`PRELUDE FAILED: ${preludeError}`);
  for (const e of loader.loadErrors) log(`load error: ${e.file}: ${e.error.slice(0, 300)}`);
  mark('load', t);

  // 4. candidate entities = classes registered with @Entity/@ChildEntity/@ViewEntity by corpus code
  const storage = loader.storage;
  const seen = new Set();
  let candidates = [];
  for (const tb of storage.tables) {
    if (typeof tb.target !== 'function' || seen.has(tb.target)) continue;
    if (!['regular', 'entity-child', 'view'].includes(tb.type)) continue;
    const file = loader.fileOfTarget.get(tb.target);
    if (!file) continue;
    seen.add(tb.target);
    candidates.push({ target: tb.target, className: tb.target.name, file, inGlob: entityFileSet.has(file), tableArg: tb.name ?? null, type: tb.type });
  }
  // overlay (d): EntitySchema objects exported by the entity files are candidates as they are (TypeORM
  // builds their metadata itself from the DataSource's `entities`); the target TypeORM gives them is
  // options.target ?? options.name, which is what buildMeta attributes to the file
  if (corpus.entitySchemas) {
    for (const rel of entityFiles) {
      let mod;
      try {
        mod = loader.requireSource(rel);
      } catch {
        continue; // already in loader.loadErrors
      }
      for (const v of Object.values(mod ?? {})) {
        if (!(v instanceof typeorm.EntitySchema) || seen.has(v)) continue;
        seen.add(v);
        const key = v.options.target ?? v.options.name;
        if (!loader.fileOfTarget.has(key)) loader.fileOfTarget.set(key, rel);
        candidates.push({ target: v, className: v.options.name, file: rel, inGlob: true, tableArg: v.options.tableName ?? null, type: v.options.type ?? 'regular', entitySchema: true });
      }
    }
  }
  candidates.sort((a, b) => a.file.localeCompare(b.file) || a.className.localeCompare(b.className));
  const registered = candidates.length;
  log(`registered: ${registered} entity classes (${candidates.filter((c) => c.inGlob).length} from entity-glob files)`);

  const dropped = [];
  const drop = (cand, stage, reason) => {
    if (!candidates.includes(cand)) return;
    candidates = candidates.filter((c) => c !== cand);
    dropped.push({ className: cand.className, file: cand.file, inGlob: cand.inGlob, stage, reason: String(reason).slice(0, 1500) });
    log(`drop [${stage}] ${cand.className} (${cand.file}): ${String(reason).slice(0, 240)}`);
  };

  // 5. pre-checks: stub leaks into schema-relevant options, unresolvable relation targets
  const describeType = (v) => (isStub(v) ? `stub ${String(v)}` : typeof v === 'function' ? v.name : JSON.stringify(v));
  const preCheck = () => {
    let changed = false;
    const byTarget = new Set(candidates.map((c) => c.target));
    const names = new Set(candidates.flatMap((c) => [c.className, c.tableArg].filter(Boolean)));
    for (const cand of [...candidates]) {
      const chain = inheritanceChain(cand.target);
      let problem = null;
      if (containsStubMarker(cand.tableArg)) problem = `table name comes from a stubbed value (${cand.tableArg})`;
      // overlay (d): the same checks on an EntitySchema's own column and relation options
      if (cand.entitySchema) {
        for (const [prop, o] of Object.entries(cand.target.options.columns ?? {})) {
          if (problem || !o) continue;
          if (isStub(o.enum)) problem = `column ${prop}: enum values come from a stubbed module (${describeType(o.enum)})`;
          else if (isStub(o.type)) problem = `column ${prop}: type comes from a stubbed module (${describeType(o.type)})`;
          else if (isStub(o.default)) problem = `column ${prop}: default comes from a stubbed module`;
          else if (containsStubMarker(o.name)) problem = `column ${prop}: name comes from a stubbed value`;
        }
        for (const [prop, r] of Object.entries(cand.target.options.relations ?? {})) {
          if (problem || !r) continue;
          const ty = typeof r.target === 'function' && !/^class[\s{]/.test(Function.prototype.toString.call(r.target)) ? r.target() : r.target;
          if (isStub(ty)) problem = `relation ${cand.className}#${prop} targets ${describeType(ty)} (import did not resolve to a corpus entity)`;
          else if (typeof ty === 'string' && !names.has(ty)) problem = `relation ${cand.className}#${prop} targets "${ty}", no loaded entity has that name`;
          else if (ty instanceof typeorm.EntitySchema && !byTarget.has(ty)) problem = `relation ${cand.className}#${prop} targets EntitySchema ${ty.options.name}, which is not loaded`;
          else if (typeof ty === 'function' && !byTarget.has(ty)) problem = `relation ${cand.className}#${prop} targets class ${ty.name}, which is not a loaded entity`;
        }
      }
      for (const col of storage.columns) {
        if (problem || !chain.includes(col.target)) continue;
        const o = col.options ?? {};
        if (isStub(o.enum)) problem = `column ${col.propertyName}: enum values come from a stubbed module (${describeType(o.enum)})`;
        else if (isStub(o.type)) problem = `column ${col.propertyName}: type comes from a stubbed module (${describeType(o.type)})`;
        else if (isStub(o.default)) problem = `column ${col.propertyName}: default comes from a stubbed module`;
        else if (containsStubMarker(o.name)) problem = `column ${col.propertyName}: name comes from a stubbed value`;
      }
      for (const rel of storage.relations) {
        if (problem || !chain.includes(rel.target)) continue;
        let ty;
        try {
          ty = typeof rel.type === 'function' && !/^class[\s{]/.test(Function.prototype.toString.call(rel.type)) ? rel.type() : rel.type;
        } catch (e) {
          problem = `relation ${rel.propertyName}: type function threw ${e.message}`;
          continue;
        }
        if (isStub(ty)) problem = `relation ${cand.className}#${rel.propertyName} targets ${describeType(ty)} (import did not resolve to a corpus entity)`;
        else if (typeof ty === 'function' && !byTarget.has(ty))
          problem = `relation ${cand.className}#${rel.propertyName} targets class ${ty.name}, which is not a loaded entity`;
        else if (typeof ty === 'string' && !names.has(ty)) problem = `relation ${cand.className}#${rel.propertyName} targets "${ty}", no loaded entity has that name`;
        else if (ty === undefined || ty === null) problem = `relation ${cand.className}#${rel.propertyName} target is undefined (circular/failed import)`;
      }
      for (const emb of storage.embeddeds) {
        if (problem || !chain.includes(emb.target)) continue;
        try {
          const et = emb.type();
          if (isStub(et) || typeof et !== 'function') problem = `embedded ${emb.propertyName} type is ${describeType(et)}`;
        } catch (e) {
          problem = `embedded ${emb.propertyName}: type function threw ${e.message}`;
        }
      }
      if (cand.type === 'entity-child') {
        const parentTable = storage.tables.find((x) => x.target !== cand.target && chain.includes(x.target) && x.type === 'regular');
        if (parentTable && !byTarget.has(parentTable.target)) problem = `child entity whose parent entity ${parentTable.target.name} is not loaded`;
      }
      if (problem) {
        drop(cand, 'precheck', problem);
        changed = true;
      }
    }
    return changed;
  };
  // overlay (h): classes the corpus entry drops by name ("dropClasses": [{ className, reason }]) where
  // TypeORM cannot build them together with the rest and its own failure would be blamed on a bigger
  // class (daily-api: two STI children declare the same unique index on the parent table)
  for (const d of corpus.dropClasses ?? []) {
    const hit = candidates.filter((c) => c.className === d.className && (!d.file || c.file === d.file));
    if (hit.length !== 1) throw new Error(`dropClasses: ${d.className} matches ${hit.length} candidates`);
    drop(hit[0], 'config', d.reason);
    // TypeORM folds every STI child registered in its global metadata-args storage into the parent's
    // table, whatever the DataSource's `entities` say: remove the class' own decorator entries, as if
    // its decorators had not run
    let removed = 0;
    for (const arr of Object.values(storage)) {
      if (!Array.isArray(arr)) continue;
      for (let i = arr.length - 1; i >= 0; i--) if (arr[i]?.target === hit[0].target) (arr.splice(i, 1), removed++);
    }
    log(`dropClasses: ${d.className}: ${removed} metadata-args entries removed`);
  }
  while (preCheck());

  // 6. metadata build loop (no DB needed)
  t = Date.now();
  const warnings = [];
  const logger = {
    logQuery() {},
    logQueryError() {},
    logQuerySlow() {},
    logSchemaBuild() {},
    logMigration() {},
    log(level, message) {
      if (level === 'warn') warnings.push(String(message).slice(0, 500));
    },
  };
  const conn = pgConn();
  const dsOptions = () => ({
    type: 'postgres',
    host: conn.host,
    port: conn.port,
    username: conn.user,
    password: conn.password,
    database: dbName,
    entities: candidates.map((c) => c.target),
    synchronize: false,
    migrationsRun: false,
    logging: ['warn'],
    logger,
    ...(namingStrategy ? { namingStrategy } : {}),
    ...(corpus.dataSourceOptions ?? {}),
  });
  const responsible = (ds, em) => {
    let target = em.target;
    if (em.tableType === 'junction') {
      const rel = em.columns.find((c) => c.relationMetadata)?.relationMetadata;
      if (rel) target = rel.entityMetadata.target;
    } else if (em.tableType === 'closure-junction' && em.parentClosureEntityMetadata) target = em.parentClosureEntityMetadata.target;
    // overlay (d): an EntitySchema's metadata has target options.target ?? options.name
    return candidates.find((c) => c.target === target || (c.entitySchema && (c.target.options.target ?? c.target.options.name) === target)) ?? null;
  };
  const identify = (err) => {
    const msg = String(err?.message ?? err);
    const pick = (cls, prop) => {
      const hits = candidates.filter((c) => c.className === cls);
      if (hits.length <= 1 || !prop) return hits[0] ?? null;
      return hits.find((c) => storage.relations.some((r) => inheritanceChain(c.target).includes(r.target) && r.propertyName === prop.split('.')[0])) ?? hits[0];
    };
    let m;
    if ((m = msg.match(/Entity metadata for (\w+)#([\w.]+) was not found/))) return pick(m[1], m[2]);
    if ((m = msg.match(/in "(\w+)\.([\w.]+)" is not supported/))) return pick(m[1], null);
    if ((m = msg.match(/Entity "(\w+)" does not have a primary column/))) return pick(m[1], null);
    if ((m = msg.match(/missing in the entity \((\w+)\)/))) return pick(m[1], null);
    if ((m = msg.match(/Column type for (\w+)#(\w+)/))) return pick(m[1], null);
    const words = new Set(msg.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
    const hits = [...new Set(candidates.filter((c) => words.has(c.className)).map((c) => c.className))];
    if (hits.length === 1) return pick(hits[0], null);
    return null;
  };
  const tryBuild = async () => {
    const ds = new typeorm.DataSource(dsOptions());
    await ds.buildMetadatas();
    return ds;
  };
  let ds = null;
  const sharedTables = new Map();
  for (let iter = 0; iter < 1000 && !ds; iter++) {
    sharedTables.clear();
    let built;
    try {
      built = await tryBuild();
    } catch (e) {
      let culprit = identify(e);
      if (!culprit) {
        log(`metadata error not attributable by message, trying leave-one-out: ${String(e.message).slice(0, 200)}`);
        const all = [...candidates];
        for (const c of all) {
          candidates = all.filter((x) => x !== c);
          try {
            await tryBuild();
            culprit = c;
            break;
          } catch {}
        }
        candidates = all;
      }
      if (!culprit) throw new Error(`cannot attribute metadata error: ${e.stack}`);
      drop(culprit, 'metadata', e.message);
      continue;
    }
    // stub markers that survived into names
    const leak = built.entityMetadatas.find(
      (em) => containsStubMarker(em.tablePath) || em.columns.some((c) => containsStubMarker(c.databaseName) || containsStubMarker(c.enumName)) || em.indices.some((i) => containsStubMarker(i.name)),
    );
    if (leak) {
      const c = responsible(built, leak);
      if (c) {
        drop(c, 'metadata', `a table/column/index name of ${leak.tablePath} was derived from a stubbed value`);
        continue;
      }
    }
    // duplicate table paths (different entities silently merged into one table by synchronize)
    const groups = new Map();
    for (const em of built.entityMetadatas) {
      if (em.tableType === 'entity-child') continue;
      const key = em.tablePath;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(em);
    }
    const incoming = new Map();
    for (const em of built.entityMetadatas)
      for (const r of em.relations) if (r.inverseEntityMetadata && r.inverseEntityMetadata.target !== em.target) incoming.set(r.inverseEntityMetadata.target, (incoming.get(r.inverseEntityMetadata.target) ?? 0) + 1);
    let dedupDropped = false;
    for (const [table, ems] of groups) {
      if (ems.length < 2) continue;
      // A join table shared by two owning @JoinTable sides, or an explicit "junction entity"
      // mapped onto a @JoinTable's table, is a legitimate TypeORM pattern: keep all of them.
      // Two entity classes mapping the same table is a conflict: keep one.
      const entityEms = ems.filter((em) => em.tableType !== 'junction' && em.tableType !== 'closure-junction');
      const junctionOwners = ems.filter((em) => em.tableType === 'junction' || em.tableType === 'closure-junction').map((em) => responsible(built, em));
      if (entityEms.length === 1 && junctionOwners.includes(responsible(built, entityEms[0]))) {
        drop(responsible(built, entityEms[0]), 'dedupe', `maps table "${table}" both as its own table and as one of its join tables`);
        dedupDropped = true;
        continue;
      }
      if (entityEms.length < 2) {
        sharedTables.set(table, ems.map((em) => `${em.tableType}:${responsible(built, em)?.className}`));
        continue;
      }
      const owners = [...new Set(entityEms.map((em) => responsible(built, em)).filter(Boolean))];
      const score = (c) => [incoming.get(c.target) ?? 0, c.inGlob ? 1 : 0, storage.columns.filter((col) => inheritanceChain(c.target).includes(col.target)).length];
      owners.sort((a, b) => {
        const sa = score(a);
        const sb = score(b);
        for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i] - sa[i];
        return a.file.localeCompare(b.file);
      });
      const keep = owners[0];
      for (const c of owners.slice(1)) {
        drop(c, 'dedupe', `table "${table}" is also mapped by ${keep.className} (${keep.file}); kept the one with more incoming relations (${incoming.get(keep.target) ?? 0} vs ${incoming.get(c.target) ?? 0})`);
        dedupDropped = true;
      }
    }
    if (dedupDropped) {
      while (preCheck());
      continue;
    }
    ds = built;
  }
  mark('metadata', t);

  // 7. synchronize loop
  t = Date.now();
  const tableRef = /(?:CREATE TABLE|ALTER TABLE|CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?"[^"]*" ON|CREATE VIEW|CREATE MATERIALIZED VIEW|COMMENT ON COLUMN|INSERT INTO)\s+((?:"[^"]+"\.)?"[^"]+")/;
  let finalDs = null;
  for (let iter = 0; iter < 500 && !finalDs; iter++) {
    await recreateDatabase(dbName);
    const sds = new typeorm.DataSource(dsOptions());
    // overlay (g): after a synchronize-stage drop, the metadata build itself can fail (a relation whose
    // target went with the drop but that the pre-check cannot see); attribute and drop as in step 6
    try {
      await sds.initialize();
    } catch (e) {
      const culprit = identify(e);
      if (!culprit) throw new Error(`metadata build failed after a synchronize drop and no entity could be blamed: ${e.stack}`);
      drop(culprit, 'metadata', e.message);
      while (preCheck());
      continue;
    }
    // overlay (b): TypeORM's synchronize() never creates a schema (a project's migrations or its DBA do);
    // create every non-public schema the entities use (@Entity({ schema }) or the DataSource's `schema`)
    for (const s of new Set(sds.entityMetadatas.map((m) => m.schema).filter((x) => x && x !== 'public')))
      await sds.query(`CREATE SCHEMA IF NOT EXISTS "${s.replace(/"/g, '""')}"`);
    try {
      await sds.synchronize();
      finalDs = sds;
    } catch (e) {
      const q = String(e?.query ?? '');
      const m = q.match(tableRef);
      let culprit = null;
      if (m) {
        const parts = m[1].split('.').map((s) => s.replace(/^"|"$/g, ''));
        const tablePath = parts.length === 2 && parts[0] !== 'public' ? `${parts[0]}.${parts[1]}` : parts[parts.length - 1];
        const em = sds.entityMetadatas.find((x) => x.tablePath === tablePath && x.tableType !== 'entity-child') ?? sds.entityMetadatas.find((x) => x.tableName === parts[parts.length - 1]);
        if (em) culprit = responsible(sds, em);
      }
      if (!culprit) culprit = identify(e);
      await sds.destroy().catch(() => {});
      if (!culprit) throw new Error(`synchronize failed and no entity could be blamed: ${e.message}\n${q.slice(0, 500)}`);
      drop(culprit, 'synchronize', `${e.message} :: ${q.slice(0, 600)}`);
      while (preCheck());
    }
  }
  mark('synchronize', t);

  // 8. introspect + outputs
  t = Date.now();
  const meta = buildMeta(finalDs, loader.fileOfTarget);
  await finalDs.destroy();
  const { truth, pgVersion } = await withClient(dbName, async (client) => ({
    truth: await introspect(client),
    pgVersion: (await client.query('SHOW server_version')).rows[0].server_version,
  }));
  // attach entity sources to tables
  const srcByTable = new Map();
  for (const e of meta) {
    const key = `${e.schema}.${e.tableName}`;
    if (!srcByTable.has(key)) srcByTable.set(key, []);
    srcByTable.get(key).push({
      className: e.className ?? null,
      file: e.file,
      role: { regular: 'entity', 'entity-child': 'sti-child', junction: 'join-table', 'closure-junction': 'closure-table', closure: 'entity', view: 'view' }[e.tableType] ?? e.tableType,
      ...(e.owner ? { ownerClass: e.owner.className, ownerRelation: e.owner.relation } : {}),
    });
  }
  for (const tb of [...truth.tables, ...truth.views]) tb.sources = srcByTable.get(`${tb.schema}.${tb.name}`) ?? [];
  const counts = countObjects(truth);
  const sqlFile = path.join(outDir, `${name}.sql`);
  pgDumpSchema(dbName, sqlFile);
  // overlay (k): the schema-only dump leaves out the rows TypeORM wrote into typeorm_metadata while
  // synchronizing (the expressions of generated columns, view definitions); append them as INSERTs.
  const metadataRows = await withClient(dbName, async (client) => {
    const tables = await client.query(`SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'typeorm_metadata' AND table_type = 'BASE TABLE'`);
    const inserts = [];
    for (const { schema } of tables.rows) {
      const qualified = `${client.escapeIdentifier(schema)}.typeorm_metadata`;
      const rows = await client.query(`SELECT "type", "database", "schema", "table", "name", "value" FROM ${qualified} ORDER BY 1, 3, 4, 5`);
      const literal = (v) => (v === null ? 'NULL' : client.escapeLiteral(v));
      for (const r of rows.rows) inserts.push(`INSERT INTO ${qualified} ("type", "database", "schema", "table", "name", "value") VALUES (${[r.type, r.database, r.schema, r.table, r.name, r.value].map(literal).join(', ')});`);
    }
    return inserts;
  });
  if (metadataRows.length) fs.appendFileSync(sqlFile, `\n-- overlay (k): TypeORM's typeorm_metadata rows\n${metadataRows.join('\n')}\n`);
  if (!opts.keepDb) await dropDatabase(dbName);
  mark('introspect+dump', t);

  const loadedSet = new Set(candidates.map((c) => `${c.file}#${c.className}`));
  const droppedSet = new Map(dropped.map((d) => [`${d.file}#${d.className}`, d]));
  const registeredSet = new Set([...loadedSet, ...droppedSet.keys()]);
  const loadErrByFile = new Map(loader.loadErrors.map((e) => [e.file, e.error]));
  const sourceEntities = scan.entityClasses.map((c) => {
    const key = `${c.file}#${c.className}`;
    const status = loadedSet.has(key) ? 'loaded' : droppedSet.has(key) ? 'dropped' : loadErrByFile.has(c.file) ? 'file-failed-to-load' : 'not-registered';
    return { ...c, status, ...(status === 'dropped' ? { reason: droppedSet.get(key).reason } : {}), ...(status === 'file-failed-to-load' ? { reason: loadErrByFile.get(c.file) } : {}) };
  });
  const inSourceLoaded = sourceEntities.filter((e) => e.status === 'loaded').length;
  const stats = {
    entityFiles: entityFiles.length,
    entityClassesInSource: scan.entityClasses.length,
    entitiesRegistered: registered,
    entitiesLoaded: candidates.length,
    entitiesLoadedFromSourceList: inSourceLoaded,
    entitiesLoadedOutsideEntityGlobs: candidates.filter((c) => !c.inGlob).length,
    entitiesDropped: dropped.length,
    droppedByStage: dropped.reduce((o, d) => ({ ...o, [d.stage]: (o[d.stage] ?? 0) + 1 }), {}),
    sourceClassesNotRegistered: sourceEntities.filter((e) => e.status === 'not-registered' || e.status === 'file-failed-to-load').length,
    fileLoadErrors: loader.loadErrors.length,
    db: counts,
    seconds: { ...phase, total: +((Date.now() - T0) / 1000).toFixed(2) },
  };
  const features = featuresFromMeta(meta);
  const truthDoc = {
    format: 'typeorm-drift-oracle/truth@1',
    corpus: name,
    repo: corpus.repo,
    commit: corpus.commit,
    typeormVersion,
    postgresVersion: pgVersion,
    database: '(dropped after dump; recreate from NAME.sql)',
    counts,
    ...truth,
  };
  const metaDoc = {
    format: 'typeorm-drift-oracle/meta@1',
    corpus: name,
    repo: corpus.repo,
    commit: corpus.commit,
    typeormVersion,
    postgresVersion: pgVersion,
    entityGlobs: corpus.entityGlobs,
    stats,
    features,
    entities: meta,
    dropped,
    sourceScan: { entityFiles, entityClasses: sourceEntities, decoratorCounts: scan.decoratorCounts, staticFeatures: scan.staticFeatures },
    load: {
      compile: emit,
      onDemandTranspiled: loader.onDemand,
      fileLoadErrors: loader.loadErrors,
      prelude: corpus.prelude ? { name: corpus.prelude, note: corpus.preludeNote, result: preludeResult, error: preludeError } : null,
      env: corpus.env ?? {},
      realModules: corpus.realModules ?? [],
      stubbedModules: stubUsage().filter((u) => !u.module.startsWith('unresolved:')),
      unresolvedCorpusImports: [...loader.unresolved.entries()].map(([k, n]) => ({ import: k, count: n })).sort((a, b) => a.import.localeCompare(b.import)),
      designTypeFromStubMappedToObject: loader.designTypeStubs,
      typeormWarnings: [...new Set(warnings)],
      sharedTables: Object.fromEntries([...sharedTables.entries()].sort()),
      corpusConsoleOutput: consoleLines.slice(0, 50),
    },
    log: logLines,
  };
  fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(truthDoc, null, 1)}\n`);
  fs.writeFileSync(path.join(outDir, `${name}.meta.json`), `${JSON.stringify(metaDoc, null, 1)}\n`);
  log(
    `done: ${stats.entityClassesInSource} classes in source, ${registered} registered, ${candidates.length} in DataSource, ${dropped.length} dropped; ` +
      `${counts.tables} tables, ${counts.foreignKeys} FKs, ${counts.indexes} indexes in ${stats.seconds.total}s`,
  );
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
